import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

@Injectable()
export class TrainingSchoolStore {
  async record(m: EntityManager, schoolId: string, countyCode: string, districtCode: string | null, rules: string[]): Promise<void> {
    await m.query(
      `INSERT INTO training.schools (school_id, county_code, district_code, rules) VALUES ($1, $2, $3, $4)
       ON CONFLICT (school_id) DO UPDATE SET county_code = EXCLUDED.county_code, district_code = EXCLUDED.district_code, rules = EXCLUDED.rules`,
      [schoolId, countyCode, districtCode, rules],
    );
  }

  async underRule(m: EntityManager, rule: string, countyCode?: string): Promise<{ schoolId: string; countyCode: string; districtCode: string | null }[]> {
    return m.query(
      `SELECT school_id AS "schoolId", county_code AS "countyCode", district_code AS "districtCode"
         FROM training.schools WHERE $1 = ANY(rules) AND ($2::text IS NULL OR county_code = $2) ORDER BY county_code, district_code, school_id`,
      [rule, countyCode ?? null],
    );
  }
}
