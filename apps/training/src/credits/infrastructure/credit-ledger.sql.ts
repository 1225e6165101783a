import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CreditCategory } from '../../activities/domain/activity';
import type { LedgerEntry } from '../domain/ledger';
import { CreditLedger, type NewEntry, type StatementLine } from '../application/credit-ledger';

const ENTRY = `e.id::text AS id, e.activity_id AS "activityId", e.earned_on AS "earnedOn", e.credit_year AS "creditYear", e.category, e.hours::float8 AS hours, e.reverses_id::text AS "reversesId"`;

@Injectable()
export class SqlCreditLedger extends CreditLedger {
  async entriesFor(m: EntityManager, pairs: { teacherId: string; activityId: string }[]): Promise<Map<string, LedgerEntry[]>> {
    const out = new Map<string, LedgerEntry[]>();
    for (let i = 0; i < pairs.length; i += 20000) {
      const chunk = pairs.slice(i, i + 20000);
      const rows: (LedgerEntry & { teacherId: string })[] = await m.query(
        `SELECT e.teacher_id AS "teacherId", ${ENTRY}
           FROM unnest($1::uuid[], $2::uuid[]) AS p(teacher_id, activity_id)
           JOIN training.credit_entries e ON e.teacher_id = p.teacher_id AND e.activity_id = p.activity_id
          ORDER BY e.id`,
        [chunk.map((p) => p.teacherId), chunk.map((p) => p.activityId)],
      );
      for (const { teacherId, ...e } of rows) {
        const key = `${teacherId}|${e.activityId}`;
        out.set(key, [...(out.get(key) ?? []), e]);
      }
    }
    return out;
  }

  async append(m: EntityManager, entries: NewEntry[]): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < entries.length; i += 10000) {
      const c = entries.slice(i, i + 10000);
      const rows: { id: string }[] = await m.query(
        `INSERT INTO training.credit_entries (teacher_id, county_code, activity_id, earned_on, credit_year, category, hours, reverses_id)
         SELECT a, b, c, d, e, f, g, h FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::date[], $5::int[], $6::text[], $7::numeric[], $8::bigint[]) WITH ORDINALITY AS x(a, b, c, d, e, f, g, h, n)
         ORDER BY n RETURNING id::text`,
        [c.map((e) => e.teacherId), c.map((e) => e.countyCode), c.map((e) => e.activityId), c.map((e) => e.earnedOn), c.map((e) => e.creditYear), c.map((e) => e.category), c.map((e) => e.hours), c.map((e) => e.reversesId)],
      );
      ids.push(...rows.map((r) => r.id));
    }
    return ids;
  }

  async teacherEntries(m: EntityManager, teacherId: string): Promise<StatementLine[]> {
    return m.query(
      `SELECT ${ENTRY}, a.code, a.title, a.kind, t.certificate_no AS "certificateNo", t.result
         FROM training.credit_entries e JOIN training.activities a ON a.id = e.activity_id
         LEFT JOIN training.attendance t ON t.activity_id = e.activity_id AND t.teacher_id = e.teacher_id
        WHERE e.teacher_id = $1 ORDER BY e.earned_on, e.id`,
      [teacherId],
    );
  }

  async countyTotals(m: EntityManager, countyCode: string, fromYear: number, toYear: number) {
    return m.query(
      `SELECT teacher_id AS "teacherId", credit_year AS "creditYear", category, sum(hours)::float8 AS hours
         FROM training.credit_entries WHERE county_code = $1 AND credit_year BETWEEN $2 AND $3 GROUP BY 1, 2, 3`,
      [countyCode, fromYear, toYear],
    ) as Promise<{ teacherId: string; creditYear: number; category: CreditCategory; hours: number }[]>;
  }

  async countyEntriesBetween(m: EntityManager, countyCode: string, from: string, to: string) {
    return m.query(`SELECT e.teacher_id AS "teacherId", ${ENTRY} FROM training.credit_entries e WHERE e.county_code = $1 AND e.earned_on BETWEEN $2 AND $3`, [countyCode, from, to]);
  }
}
