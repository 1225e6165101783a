import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RemoteSchool } from '../domain/remote-school';

export interface SchoolState extends RemoteSchool {
  code: string;
  type: string;
}

@Injectable()
export class RemoteSchoolStore {
  /**
   * The school's current state, and its facts from a date: the first announcement of a school counts from
   * the beginning, a later change from the day it was announced (so months already accrued keep the facts
   * they were computed with).
   */
  async upsert(m: EntityManager, s: SchoolState, eligible: boolean, changedOn: string): Promise<void> {
    const [existing] = await m.query(`SELECT 1 FROM subsidies.schools WHERE school_id = $1`, [s.schoolId]);
    await m.query(
      `INSERT INTO subsidies.schools (school_id, county_code, name, remote_tier, rural, eligible, code, type)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (school_id) DO UPDATE SET county_code = EXCLUDED.county_code, name = EXCLUDED.name, remote_tier = EXCLUDED.remote_tier,
         rural = EXCLUDED.rural, eligible = EXCLUDED.eligible, code = EXCLUDED.code, type = EXCLUDED.type, updated_at = now()`,
      [s.schoolId, s.countyCode, s.name, s.remoteTier, s.rural, eligible, s.code, s.type],
    );
    const from = existing ? changedOn : '1900-01-01';
    const [latest] = await m.query(
      `SELECT remote_tier AS "remoteTier", rural, type FROM subsidies.school_facts WHERE school_id = $1 AND effective_from <= $2 ORDER BY effective_from DESC LIMIT 1`,
      [s.schoolId, from],
    );
    if (latest && latest.remoteTier === s.remoteTier && latest.rural === s.rural && latest.type === s.type) return;
    await m.query(
      `INSERT INTO subsidies.school_facts (school_id, effective_from, remote_tier, rural, type) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (school_id, effective_from) DO UPDATE SET remote_tier = EXCLUDED.remote_tier, rural = EXCLUDED.rural, type = EXCLUDED.type`,
      [s.schoolId, from, s.remoteTier, s.rural, s.type],
    );
  }

  async listEligible(m: EntityManager, countyCode: string | undefined): Promise<RemoteSchool[]> {
    return m.query(
      `SELECT school_id AS "schoolId", county_code AS "countyCode", name, remote_tier AS "remoteTier", rural
         FROM subsidies.schools WHERE eligible AND ($1::text IS NULL OR county_code = $1) ORDER BY remote_tier DESC, name`,
      [countyCode ?? null],
    );
  }
}
