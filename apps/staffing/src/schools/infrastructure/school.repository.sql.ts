import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { SchoolRepository } from '../application/school.repository';
import type { NewSchool, School } from '../domain/school';

const COLUMNS = `id, county_code AS "countyCode", code, name, type, district_code AS "districtCode", weak,
  small_scale AS "smallScale", rural, remote_tier AS "remoteTier", version`;

@Injectable()
export class SqlSchoolRepository extends SchoolRepository {
  async countyExists(m: EntityManager, countyCode: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM staffing.counties WHERE code = $1`, [countyCode])).length > 0;
  }

  async codeTaken(m: EntityManager, countyCode: string, code: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM staffing.schools WHERE county_code = $1 AND code = $2`, [countyCode, code])).length > 0;
  }

  async insert(m: EntityManager, s: NewSchool): Promise<School> {
    const [row] = await m.query(
      `INSERT INTO staffing.schools (county_code, code, name, type, district_code, weak, small_scale, rural, remote_tier)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [s.countyCode, s.code, s.name, s.type, s.districtCode, s.weak, s.smallScale, s.rural, s.remoteTier],
    );
    return row;
  }

  async ensureDistrict(m: EntityManager, countyCode: string, districtCode: string): Promise<void> {
    await m.query(`INSERT INTO staffing.districts (county_code, code, name) VALUES ($1, $2, $2) ON CONFLICT DO NOTHING`, [countyCode, districtCode]);
  }

  async update(m: EntityManager, id: string, s: NewSchool, expectedVersion: number): Promise<School | null> {
    const [row] = await updateReturning<School>(
      m,
      `UPDATE staffing.schools SET name = $3, type = $4, district_code = $5, weak = $6, small_scale = $7, rural = $8, remote_tier = $9, version = version + 1
        WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
      [id, expectedVersion, s.name, s.type, s.districtCode, s.weak, s.smallScale, s.rural, s.remoteTier],
    );
    return row ?? null;
  }

  async findById(m: EntityManager, id: string): Promise<School | null> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM staffing.schools WHERE id = $1`, [id]);
    return row ?? null;
  }

  async list(m: EntityManager, f: { countyCode?: string; type?: string; limit: number; offset: number }): Promise<{ items: School[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR county_code = $1) AND ($2::text IS NULL OR type = $2)`;
    const params = [f.countyCode ?? null, f.type ?? null];
    const items = await m.query(`SELECT ${COLUMNS} FROM staffing.schools ${where} ORDER BY county_code, code LIMIT $3 OFFSET $4`, [...params, f.limit, f.offset]);
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM staffing.schools ${where}`, params);
    return { items, total };
  }
}
