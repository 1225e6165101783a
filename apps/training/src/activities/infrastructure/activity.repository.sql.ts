import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { ActivityRepository, type ActivityFilter } from '../application/activity.repository';
import type { ActivityFacts } from '../../compliance/domain/evaluate';
import type { Activity, NewActivity } from '../domain/activity';

export const ACTIVITY_COLUMNS = `a.id, a.county_code AS "countyCode", a.code, a.title, a.kind, a.organiser, a.organiser_code AS "organiserCode", a.category,
  a.start_date AS "startDate", a.end_date AS "endDate", a.full_days AS "fullDays", a.half_days AS "halfDays", a.periods,
  a.credit_hours::float8 AS "creditHours", json_build_object('type', a.target_type, 'districtCode', a.target_district, 'schoolIds', a.target_school_ids) AS target,
  a.researcher_id AS "researcherId", a.school_id AS "schoolId", a.confirmed_at AS "confirmedAt", a.confirmed_by AS "confirmedBy", a.version`;

@Injectable()
export class SqlActivityRepository extends ActivityRepository {
  async insertMany(m: EntityManager, list: (NewActivity & { creditHours: number })[]): Promise<Activity[] | null> {
    const out: Activity[] = [];
    for (let i = 0; i < list.length; i += 2000) {
      const chunk = list.slice(i, i + 2000);
      const col = <K extends keyof (NewActivity & { creditHours: number })>(k: K) => chunk.map((a) => a[k]);
      const rows: Activity[] = await m.query(
        `WITH ins AS (
           INSERT INTO training.activities AS a (county_code, code, title, kind, organiser, organiser_code, category, start_date, end_date, full_days, half_days, periods,
                  credit_hours, target_type, target_district, target_school_ids, researcher_id, school_id)
           SELECT x.county_code, x.code, x.title, x.kind, x.organiser, x.organiser_code, x.category, x.start_date, x.end_date, x.full_days, x.half_days, x.periods,
                  x.credit_hours, x.target_type, x.target_district, coalesce(string_to_array(x.target_schools, ',')::uuid[], '{}'), x.researcher_id, x.school_id
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::date[], $10::int[], $11::int[], $12::int[],
                         $13::numeric[], $14::text[], $15::text[], $16::text[], $17::uuid[], $18::uuid[])
               AS x(county_code, code, title, kind, organiser, organiser_code, category, start_date, end_date, full_days, half_days, periods,
                    credit_hours, target_type, target_district, target_schools, researcher_id, school_id)
           ON CONFLICT (county_code, code) DO NOTHING
           RETURNING a.*)
         SELECT ${ACTIVITY_COLUMNS} FROM ins a`,
        [
          col('countyCode'), col('code'), col('title'), col('kind'), col('organiser'), col('organiserCode'), col('category'), col('startDate'), col('endDate'),
          col('fullDays'), col('halfDays'), col('periods'), col('creditHours'),
          chunk.map((a) => a.target.type), chunk.map((a) => a.target.districtCode), chunk.map((a) => (a.target.schoolIds.length ? a.target.schoolIds.join(',') : null)),
          col('researcherId'), col('schoolId'),
        ],
      );
      if (rows.length !== chunk.length) return null;
      out.push(...rows);
    }
    return out;
  }

  async findById(m: EntityManager, id: string): Promise<Activity | null> {
    const [row] = await m.query(`SELECT ${ACTIVITY_COLUMNS} FROM training.activities a WHERE a.id = $1`, [id]);
    return row ?? null;
  }

  async lock(m: EntityManager, id: string): Promise<Activity | null> {
    const [row] = await m.query(`SELECT ${ACTIVITY_COLUMNS} FROM training.activities a WHERE a.id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async update(m: EntityManager, a: Activity, expectedVersion: number): Promise<Activity | null> {
    const [row] = await updateReturning<Activity>(
      m,
      `UPDATE training.activities a SET title = $3, organiser = $4, organiser_code = $5, category = $6, start_date = $7, end_date = $8, full_days = $9, half_days = $10,
              periods = $11, credit_hours = $12, target_type = $13, target_district = $14, target_school_ids = $15, version = a.version + 1
        WHERE a.id = $1 AND a.version = $2 RETURNING ${ACTIVITY_COLUMNS}`,
      [a.id, expectedVersion, a.title, a.organiser, a.organiserCode, a.category, a.startDate, a.endDate, a.fullDays, a.halfDays, a.periods, a.creditHours, a.target.type, a.target.districtCode, a.target.schoolIds],
    );
    return row ?? null;
  }

  async confirm(m: EntityManager, id: string, by: string): Promise<Activity> {
    const [row] = await updateReturning<Activity>(
      m,
      `UPDATE training.activities a SET confirmed_at = now(), confirmed_by = $2, version = a.version + 1 WHERE a.id = $1 RETURNING ${ACTIVITY_COLUMNS}`,
      [id, by],
    );
    return row;
  }

  async byCodes(m: EntityManager, countyCode: string, codes: string[]): Promise<Map<string, Activity>> {
    const rows: Activity[] = await m.query(`SELECT ${ACTIVITY_COLUMNS} FROM training.activities a WHERE a.county_code = $1 AND a.code = ANY($2)`, [countyCode, codes]);
    return new Map(rows.map((r) => [r.code, r]));
  }

  async list(m: EntityManager, f: ActivityFilter): Promise<{ items: Activity[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR a.county_code = $1) AND ($2::text IS NULL OR a.kind = $2) AND ($3::date IS NULL OR a.end_date >= $3)
                     AND ($4::date IS NULL OR a.start_date <= $4) AND ($5::uuid IS NULL OR a.researcher_id = $5)`;
    const params = [f.countyCode ?? null, f.kind ?? null, f.from ?? null, f.to ?? null, f.researcherId ?? null];
    const items = await m.query(`SELECT ${ACTIVITY_COLUMNS} FROM training.activities a ${where} ORDER BY a.start_date, a.code LIMIT $6 OFFSET $7`, [...params, f.limit, f.offset]);
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM training.activities a ${where}`, params);
    return { items, total };
  }

  async facts(m: EntityManager, countyCode: string, from: string, to: string): Promise<ActivityFacts[]> {
    return m.query(
      `SELECT a.id, a.kind, a.organiser, a.start_date AS "startDate", a.end_date AS "endDate",
              json_build_object('type', a.target_type, 'districtCode', a.target_district, 'schoolIds', a.target_school_ids) AS target,
              a.researcher_id AS "researcherId", a.school_id AS "schoolId", a.confirmed_at IS NOT NULL AS confirmed
         FROM training.activities a
        WHERE a.county_code = $1 AND ((a.start_date BETWEEN $2 AND $3) OR a.kind IN ('guidance_visit', 'stationing'))`,
      [countyCode, from, to],
    );
  }
}
