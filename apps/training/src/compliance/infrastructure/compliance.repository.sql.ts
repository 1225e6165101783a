import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { outcomeKey, type ComplianceRule, type Outcome, type Stored } from '../domain/outcome';
import { ComplianceRepository, type ListedOutcome, type ResultFilter, type StoredOutcome, type SummaryRow } from '../application/compliance.repository';

const RESULT = `r.rule, r.period, r.county_code AS "countyCode", r.subject_type AS "subjectType", r.subject_id AS "subjectId", r.school_id AS "schoolId",
  r.district_code AS "districtCode", r.status, r.required::float8 AS required, r.actual::float8 AS actual, r.facts, r.message,
  r.evaluated_on AS "evaluatedOn", r.changed_at AS "changedAt"`;

@Injectable()
export class SqlComplianceRepository extends ComplianceRepository {
  async stored(m: EntityManager, countyCode: string, rules: readonly ComplianceRule[], periods: readonly string[]): Promise<Map<string, Stored>> {
    const rows: (Stored & { rule: ComplianceRule; period: string; subjectType: 'county' | 'teacher'; subjectId: string })[] = await m.query(
      `SELECT rule, period, subject_type AS "subjectType", subject_id AS "subjectId", status, required::float8 AS required, actual::float8 AS actual
         FROM training.compliance_results WHERE county_code = $1 AND rule = ANY($2) AND period = ANY($3)`,
      [countyCode, rules, periods],
    );
    return new Map(rows.map((r) => [outcomeKey(r), { status: r.status, required: r.required, actual: r.actual }]));
  }

  async write(m: EntityManager, outcomes: readonly Outcome[], evaluatedOn: string): Promise<void> {
    for (let i = 0; i < outcomes.length; i += 5000) {
      const c = outcomes.slice(i, i + 5000);
      await m.query(
        `INSERT INTO training.compliance_results AS r (rule, period, subject_type, subject_id, county_code, school_id, district_code, status, required, actual, facts, message, evaluated_on)
         SELECT x.*, $13::date FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::numeric[], $10::numeric[], $11::jsonb[], $12::text[]) AS x
         ON CONFLICT (rule, period, subject_type, subject_id) DO UPDATE SET school_id = EXCLUDED.school_id, district_code = EXCLUDED.district_code, status = EXCLUDED.status,
           required = EXCLUDED.required, actual = EXCLUDED.actual, facts = EXCLUDED.facts, message = EXCLUDED.message, evaluated_on = EXCLUDED.evaluated_on, changed_at = now()`,
        [
          c.map((o) => o.rule), c.map((o) => o.period), c.map((o) => o.subjectType), c.map((o) => o.subjectId), c.map((o) => o.countyCode), c.map((o) => o.schoolId),
          c.map((o) => o.districtCode), c.map((o) => o.status), c.map((o) => o.required), c.map((o) => o.actual), c.map((o) => JSON.stringify(o.facts)), c.map((o) => o.message),
          evaluatedOn,
        ],
      );
    }
  }

  async recordRun(m: EntityManager, r: { countyCode: string; kind: string; period: string; asOf: string; trigger: string; results: number; written: number; shortfalls: number; restored: number }): Promise<void> {
    await m.query(
      `INSERT INTO training.evaluations (county_code, kind, period, as_of, trigger, results, written, shortfalls, restored) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [r.countyCode, r.kind, r.period, r.asOf, r.trigger, r.results, r.written, r.shortfalls, r.restored],
    );
  }

  async list(m: EntityManager, f: ResultFilter): Promise<{ items: ListedOutcome[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR r.county_code = $1) AND ($2::text IS NULL OR r.rule = $2) AND ($3::text IS NULL OR r.period = $3)
                     AND ($4::text IS NULL OR r.status = $4) AND ($5::uuid IS NULL OR r.school_id = $5) AND ($6::text IS NULL OR r.subject_id = $6)`;
    const params = [f.countyCode ?? null, f.rule ?? null, f.period ?? null, f.status ?? null, f.schoolId ?? null, f.subjectId ?? null];
    const items = await m.query(
      `SELECT ${RESULT}, t.name, t.staff_no AS "staffNo", s.name AS "schoolName"
         FROM training.compliance_results r
         LEFT JOIN training.teachers t ON r.subject_type = 'teacher' AND t.teacher_id::text = r.subject_id
         LEFT JOIN training.schools s ON s.school_id = r.school_id
         ${where} ORDER BY r.period DESC, r.rule, r.subject_id LIMIT $7 OFFSET $8`,
      [...params, f.limit, f.offset],
    );
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM training.compliance_results r ${where}`, params);
    return { items, total };
  }

  async summary(m: EntityManager, countyCode: string | undefined, period: string | undefined, groupBy: 'county' | 'district' | 'school'): Promise<SummaryRow[]> {
    const key = groupBy === 'county' ? 'r.county_code' : groupBy === 'district' ? `r.county_code || '/' || coalesce(r.district_code, '-')` : 'r.school_id::text';
    // a school's name beside its id (training's copy of staffing's schools); null at the county and district levels
    const name = groupBy === 'school' ? '(SELECT s.name FROM training.schools s WHERE s.school_id::text = g.key)' : 'NULL::text';
    return m.query(
      `SELECT g.*, ${name} AS name FROM (
         SELECT $3::text AS level, ${key} AS key, r.rule, r.period,
                count(*) FILTER (WHERE r.status = 'met')::int AS met, count(*) FILTER (WHERE r.status = 'shortfall')::int AS shortfall,
                count(*) FILTER (WHERE r.status = 'in_progress')::int AS "inProgress"
           FROM training.compliance_results r
          WHERE ($1::text IS NULL OR r.county_code = $1) AND ($2::text IS NULL OR r.period = $2)
          GROUP BY 2, 3, 4) g
        ORDER BY g.period DESC, g.rule, g.key`,
      [countyCode ?? null, period ?? null, groupBy],
    );
  }

  async forTeacher(m: EntityManager, teacherId: string): Promise<StoredOutcome[]> {
    return m.query(`SELECT ${RESULT} FROM training.compliance_results r WHERE r.subject_type = 'teacher' AND r.subject_id = $1 ORDER BY r.period DESC, r.rule`, [teacherId]);
  }
}
