import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RemoteSchool } from '../domain/remote-school';

@Injectable()
export class RemoteSchoolStore {
  async upsert(m: EntityManager, s: RemoteSchool, eligible: boolean): Promise<void> {
    await m.query(
      `INSERT INTO subsidies.schools (school_id, county_code, name, remote_tier, rural, eligible)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (school_id) DO UPDATE SET county_code = EXCLUDED.county_code, name = EXCLUDED.name,
         remote_tier = EXCLUDED.remote_tier, rural = EXCLUDED.rural, eligible = EXCLUDED.eligible, updated_at = now()`,
      [s.schoolId, s.countyCode, s.name, s.remoteTier, s.rural, eligible],
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
