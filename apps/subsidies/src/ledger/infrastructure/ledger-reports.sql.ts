import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LedgerReports, type MonthTotals, type StatementLine, type TeacherMonth } from '../application/ledger-reports';

@Injectable()
export class SqlLedgerReports extends LedgerReports {
  async monthTotals(m: EntityManager, countyCode: string | undefined, from: string, to: string): Promise<MonthTotals[]> {
    const params = [countyCode ?? null, from, to];
    const rows: Omit<MonthTotals, 'byTier'>[] = await m.query(
      `WITH per AS (
         SELECT county_code, month, teacher_id, sum(amount_fen) AS fen FROM subsidies.ledger_lines
          WHERE ($1::text IS NULL OR county_code = $1) AND month BETWEEN $2 AND $3 GROUP BY 1, 2, 3
       ), totals AS (
         SELECT county_code, month, count(*)::int AS teachers, (count(*) FILTER (WHERE fen > 0))::int AS paid, sum(fen)::float8 AS total FROM per GROUP BY 1, 2
       )
       SELECT coalesce(a.county_code, t.county_code) AS "countyCode", coalesce(a.month, t.month) AS month, a.accrued_at AS "accruedAt",
              coalesce(t.teachers, 0) AS teachers, coalesce(t.paid, 0) AS "paidTeachers", coalesce(t.total, 0) AS "totalFen"
         FROM (SELECT * FROM subsidies.accruals WHERE ($1::text IS NULL OR county_code = $1) AND month BETWEEN $2 AND $3) a
         FULL JOIN totals t ON t.county_code = a.county_code AND t.month = a.month
        ORDER BY 1, 2`,
      params,
    );
    const tiers: { countyCode: string; month: string; tier: number; paidTeachers: number; totalFen: number }[] = await m.query(
      `WITH per AS (
         SELECT county_code, month, teacher_id, tier, sum(amount_fen) AS fen FROM subsidies.ledger_lines
          WHERE ($1::text IS NULL OR county_code = $1) AND month BETWEEN $2 AND $3 GROUP BY 1, 2, 3, 4
       )
       SELECT county_code AS "countyCode", month, tier, (count(*) FILTER (WHERE fen > 0))::int AS "paidTeachers", sum(fen)::float8 AS "totalFen"
         FROM per GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      params,
    );
    return rows.map((r) => ({ ...r, byTier: tiers.filter((t) => t.countyCode === r.countyCode && t.month === r.month).map(({ countyCode: _c, month: _m, ...t }) => t) }));
  }

  async teachersOfMonth(m: EntityManager, countyCode: string, month: string, page: { limit: number; offset: number }): Promise<{ items: TeacherMonth[]; total: number }> {
    const items = await m.query(
      `SELECT l.teacher_id AS "teacherId", t.staff_no AS "staffNo", coalesce(t.name, '') AS name, sum(l.amount_fen)::float8 AS "totalFen",
              json_agg(json_build_object('schoolId', l.school_id, 'schoolName', coalesce(s.name, ''), 'tier', l.tier, 'band', l.band,
                'daysCounted', l.days_counted, 'amountFen', l.amount_fen, 'kind', l.kind) ORDER BY l.school_id, l.revision) AS lines
         FROM subsidies.ledger_lines l LEFT JOIN subsidies.teachers t ON t.teacher_id = l.teacher_id LEFT JOIN subsidies.schools s ON s.school_id = l.school_id
        WHERE l.county_code = $1 AND l.month = $2
        GROUP BY l.teacher_id, t.staff_no, t.name ORDER BY t.staff_no, l.teacher_id LIMIT $3 OFFSET $4`,
      [countyCode, month, page.limit, page.offset],
    );
    const [{ total }] = await m.query(`SELECT count(DISTINCT teacher_id)::int AS total FROM subsidies.ledger_lines WHERE county_code = $1 AND month = $2`, [countyCode, month]);
    return { items, total };
  }

  async statementLines(m: EntityManager, teacherId: string, year: number): Promise<StatementLine[]> {
    return m.query(
      `SELECT l.id AS "lineId", l.month, l.kind, l.school_id AS "schoolId", coalesce(s.name, '') AS "schoolName", l.amount_fen AS "amountFen",
              l.before_fen AS "beforeFen", l.after_fen AS "afterFen", l.tier, l.band, l.days_counted AS "daysCounted", l.trace, l.cause,
              l.created_at AS "createdAt", l.batch_id AS "batchId", b.status AS "batchStatus", b.period AS "batchPeriod", b.paid_at AS "paidAt",
              b.payroll_reference AS "payrollReference"
         FROM subsidies.ledger_lines l LEFT JOIN subsidies.schools s ON s.school_id = l.school_id LEFT JOIN subsidies.batches b ON b.id = l.batch_id
        WHERE l.teacher_id = $1 AND l.month LIKE $2 ORDER BY l.month, l.school_id, l.revision`,
      [teacherId, `${year}-%`],
    );
  }
}
