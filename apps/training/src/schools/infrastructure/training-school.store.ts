import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface SchoolRecord {
  schoolId: string;
  countyCode: string;
  code: string;
  name: string;
  type: string;
  districtCode: string | null;
  rural: boolean;
  smallScale: boolean;
  rules: string[];
}

/** Training's copy of staffing's schools: idempotent upserts, so replaying the topic rebuilds it. */
@Injectable()
export class TrainingSchoolStore {
  async record(m: EntityManager, s: SchoolRecord): Promise<void> {
    await m.query(
      `INSERT INTO training.schools (school_id, county_code, district_code, rules, code, name, type, rural, small_scale) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (school_id) DO UPDATE SET county_code = EXCLUDED.county_code, district_code = EXCLUDED.district_code, rules = EXCLUDED.rules,
         code = EXCLUDED.code, name = EXCLUDED.name, type = EXCLUDED.type, rural = EXCLUDED.rural, small_scale = EXCLUDED.small_scale`,
      [s.schoolId, s.countyCode, s.districtCode, s.rules, s.code, s.name, s.type, s.rural, s.smallScale],
    );
  }

  async underRule(m: EntityManager, rule: string, countyCode?: string): Promise<{ schoolId: string; countyCode: string; districtCode: string | null }[]> {
    return m.query(
      `SELECT school_id AS "schoolId", county_code AS "countyCode", district_code AS "districtCode"
         FROM training.schools WHERE $1 = ANY(rules) AND ($2::text IS NULL OR county_code = $2) ORDER BY county_code, district_code, school_id`,
      [rule, countyCode ?? null],
    );
  }

  async byCodes(m: EntityManager, countyCode: string, codes: string[]): Promise<Map<string, SchoolRecord>> {
    const rows: SchoolRecord[] = await m.query(
      `SELECT school_id AS "schoolId", county_code AS "countyCode", code, name, type, district_code AS "districtCode", rural, small_scale AS "smallScale", rules
         FROM training.schools WHERE county_code = $1 AND code = ANY($2)`,
      [countyCode, codes],
    );
    return new Map(rows.map((r) => [r.code, r]));
  }

  async byId(m: EntityManager, schoolId: string): Promise<SchoolRecord | null> {
    const [row] = await m.query(
      `SELECT school_id AS "schoolId", county_code AS "countyCode", code, name, type, district_code AS "districtCode", rural, small_scale AS "smallScale", rules
         FROM training.schools WHERE school_id = $1`,
      [schoolId],
    );
    return row ?? null;
  }

  /** Training knows a county once staffing announced one of its schools. */
  async countyKnown(m: EntityManager, countyCode: string): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM training.schools WHERE county_code = $1 LIMIT 1`, [countyCode]);
    return rows.length > 0;
  }

  async ruralIds(m: EntityManager, countyCode: string): Promise<Set<string>> {
    const rows: { id: string }[] = await m.query(`SELECT school_id AS id FROM training.schools WHERE county_code = $1 AND rural`, [countyCode]);
    return new Set(rows.map((r) => r.id));
  }
}
