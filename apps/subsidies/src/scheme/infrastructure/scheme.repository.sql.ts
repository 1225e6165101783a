import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SchemeRepository } from '../application/scheme.repository';
import type { SchemeVersion } from '../domain/scheme';

const COLUMNS = `county_code AS "countyCode", version, effective_from AS "effectiveFrom", source, rules, created_by AS "createdBy", created_at AS "createdAt"`;

@Injectable()
export class SqlSchemeRepository extends SchemeRepository {
  async versions(m: EntityManager, countyCode: string): Promise<SchemeVersion[]> {
    return m.query(`SELECT ${COLUMNS} FROM subsidies.scheme_versions WHERE county_code = $1 ORDER BY version`, [countyCode]);
  }

  async latestVersion(m: EntityManager, countyCode: string): Promise<number> {
    const [{ v }] = await m.query(`SELECT coalesce(max(version), 0)::int AS v FROM subsidies.scheme_versions WHERE county_code = $1`, [countyCode]);
    return v;
  }

  async insert(m: EntityManager, v: Omit<SchemeVersion, 'createdAt'>): Promise<SchemeVersion> {
    const [row] = await m.query(
      `INSERT INTO subsidies.scheme_versions (county_code, version, effective_from, source, rules, created_by) VALUES ($1, $2, $3, $4, $5::jsonb, $6) RETURNING ${COLUMNS}`,
      [v.countyCode, v.version, v.effectiveFrom, v.source, JSON.stringify(v.rules), v.createdBy],
    );
    return row;
  }
}
