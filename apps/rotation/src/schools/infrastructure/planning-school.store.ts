import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { acceptsPlacement, isFlowTarget, type PlanningSchool } from '../domain/planning-school';

@Injectable()
export class PlanningSchoolStore {
  async save(m: EntityManager, s: PlanningSchool & { name?: string }): Promise<void> {
    await m.query(
      `INSERT INTO rotation.schools (school_id, county_code, type, district_code, weak, rural, flow_target, accepts_placement, name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (school_id) DO UPDATE SET county_code = EXCLUDED.county_code, type = EXCLUDED.type,
         district_code = EXCLUDED.district_code, weak = EXCLUDED.weak, rural = EXCLUDED.rural,
         flow_target = EXCLUDED.flow_target, accepts_placement = EXCLUDED.accepts_placement, name = EXCLUDED.name`,
      [s.schoolId, s.countyCode, s.type, s.districtCode, s.weak, s.rural, isFlowTarget(s), acceptsPlacement(s), s.name ?? null],
    );
  }

  async byCounty(m: EntityManager, countyCode: string): Promise<(PlanningSchool & { flowTarget: boolean; acceptsPlacement: boolean })[]> {
    return m.query(
      `SELECT school_id AS "schoolId", county_code AS "countyCode", type, district_code AS "districtCode", weak, rural,
              flow_target AS "flowTarget", accepts_placement AS "acceptsPlacement"
         FROM rotation.schools WHERE county_code = $1 ORDER BY district_code NULLS LAST, school_id`,
      [countyCode],
    );
  }
}
