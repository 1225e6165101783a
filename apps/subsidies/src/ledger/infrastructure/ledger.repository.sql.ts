import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LedgerRepository, type AccrualSummary, type NewAdjustment, type PostedAdjustment } from '../application/ledger.repository';
import type { AccruedLine } from '../domain/accrual';

const CHUNK = 5000;

/**
 * Per transaction (a transaction has its own EntityManager): the counties whose lock it holds shared, and
 * their accrued months read under it. A consumer applies up to 500 facts in one transaction; each takes the
 * county's lock and asks which months are accrued. Both answers hold until the transaction ends: a close
 * needs the lock exclusively, so no month of that county is accrued meanwhile.
 */
const sharedLocks = new WeakMap<EntityManager, Map<string, string[] | null>>();

@Injectable()
export class SqlLedgerRepository extends LedgerRepository {
  async lockCounty(m: EntityManager, countyCode: string, mode: 'shared' | 'exclusive'): Promise<void> {
    const held = sharedLocks.get(m);
    if (mode === 'shared' && held?.has(countyCode)) return;
    // A close in the same transaction (a MonthClosed in the consumer's chunk) changes the accrued months.
    if (mode === 'exclusive') held?.delete(countyCode);
    await m.query(`SELECT ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(hashtext($1))`, [`subsidies.county:${countyCode}`]);
    if (mode === 'shared' && m.queryRunner?.isTransactionActive) {
      if (held) held.set(countyCode, null);
      else sharedLocks.set(m, new Map([[countyCode, null]]));
    }
  }

  async accrual(m: EntityManager, countyCode: string, month: string): Promise<AccrualSummary | null> {
    const [row] = await m.query(
      `SELECT county_code AS "countyCode", month, teachers, paid_teachers AS "paidTeachers", lines, total_fen::float8 AS "totalFen",
              scheme_versions AS "schemeVersions", exceptions, trigger, accrued_at AS "accruedAt"
         FROM subsidies.accruals WHERE county_code = $1 AND month = $2`,
      [countyCode, month],
    );
    return row ?? null;
  }

  async accruedMonths(m: EntityManager, countyCode: string, fromMonth: string): Promise<string[]> {
    const held = sharedLocks.get(m);
    if (held?.has(countyCode)) {
      let months = held.get(countyCode) ?? null;
      if (months === null) {
        const rows = await m.query(`SELECT month FROM subsidies.accruals WHERE county_code = $1 ORDER BY month`, [countyCode]);
        months = rows.map((r: { month: string }) => r.month);
        held.set(countyCode, months);
      }
      return months!.filter((month) => month >= fromMonth);
    }
    const rows = await m.query(`SELECT month FROM subsidies.accruals WHERE county_code = $1 AND month >= $2 ORDER BY month`, [countyCode, fromMonth]);
    return rows.map((r: { month: string }) => r.month);
  }

  async insertAccrual(m: EntityManager, s: AccrualSummary): Promise<void> {
    sharedLocks.get(m)?.delete(s.countyCode);
    await m.query(
      `INSERT INTO subsidies.accruals (county_code, month, teachers, paid_teachers, lines, total_fen, scheme_versions, exceptions, trigger)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [s.countyCode, s.month, s.teachers, s.paidTeachers, s.lines, s.totalFen, s.schemeVersions, s.exceptions, s.trigger],
    );
  }

  async insertLines(m: EntityManager, countyCode: string, lines: readonly AccruedLine[]): Promise<number> {
    let written = 0;
    for (let i = 0; i < lines.length; i += CHUNK) {
      // One JSON document per chunk (jsonb_to_recordset), not eleven arrays: cheaper to send for thousands of traces.
      const rows = JSON.stringify(
        lines.slice(i, i + CHUNK).map((l) => ({
          teacher_id: l.teacherId,
          month: l.month,
          school_id: l.schoolId,
          amount: l.amountFen,
          tier: l.tier,
          band: l.band,
          rate: l.rateFen,
          share: l.shareMilli,
          days: l.daysCounted,
          trace: l.trace,
        })),
      );
      const inserted = await m.query(
        `INSERT INTO subsidies.ledger_lines (county_code, teacher_id, month, school_id, kind, revision, amount_fen, tier, band, rate_fen, share_milli, days_counted, trace)
         SELECT $1, x.teacher_id, x.month, x.school_id, 'accrual', 0, x.amount, x.tier, x.band, x.rate, x.share, x.days, x.trace
           FROM jsonb_to_recordset($2::jsonb)
             AS x(teacher_id uuid, month text, school_id uuid, amount int, tier smallint, band text, rate int, share int, days smallint, trace jsonb)
         ON CONFLICT ON CONSTRAINT one_line_per_teacher_month_school DO NOTHING RETURNING 1`,
        [countyCode, rows],
      );
      written += inserted.length;
    }
    return written;
  }

  async posted(m: EntityManager, teacherIds: readonly string[], months: readonly string[]): Promise<Map<string, Map<string, Map<string, number>>>> {
    const rows: { teacherId: string; month: string; schoolId: string; fen: number }[] = await m.query(
      `SELECT teacher_id AS "teacherId", month, school_id AS "schoolId", sum(amount_fen)::float8 AS fen
         FROM subsidies.ledger_lines WHERE teacher_id = ANY($1) AND month = ANY($2) GROUP BY 1, 2, 3`,
      [teacherIds, months],
    );
    const out = new Map<string, Map<string, Map<string, number>>>();
    for (const r of rows) {
      const byMonth = out.get(r.teacherId) ?? new Map<string, Map<string, number>>();
      const bySchool = byMonth.get(r.month) ?? new Map<string, number>();
      bySchool.set(r.schoolId, r.fen);
      byMonth.set(r.month, bySchool);
      out.set(r.teacherId, byMonth);
    }
    return out;
  }

  async insertAdjustments(m: EntityManager, list: readonly NewAdjustment[]): Promise<PostedAdjustment[]> {
    const out: PostedAdjustment[] = [];
    if (list.length === 0) return out;
    for (let i = 0; i < list.length; i += CHUNK) {
      const c = list.slice(i, i + CHUNK);
      const rows: { id: string; teacherId: string; month: string; schoolId: string }[] = await m.query(
        `INSERT INTO subsidies.ledger_lines (county_code, teacher_id, month, school_id, kind, revision, amount_fen, before_fen, after_fen, tier, band, rate_fen, share_milli, days_counted, trace, cause)
         SELECT x.county, x.teacher_id, x.month, x.school_id, 'adjustment', coalesce(p.revision, 0) + 1, x.after - x.before, x.before, x.after,
                coalesce(x.tier, p.tier, 0), coalesce(x.band, p.band, ''), coalesce(x.rate, p.rate_fen, 0), coalesce(x.share, p.share_milli, 0), x.days, x.trace, x.cause
           FROM unnest($1::text[], $2::uuid[], $3::text[], $4::uuid[], $5::int[], $6::int[], $7::smallint[], $8::text[], $9::int[], $10::int[], $11::smallint[], $12::jsonb[], $13::text[])
             AS x(county, teacher_id, month, school_id, before, after, tier, band, rate, share, days, trace, cause)
           LEFT JOIN LATERAL (
             SELECT l.revision, l.tier, l.band, l.rate_fen, l.share_milli FROM subsidies.ledger_lines l
              WHERE l.teacher_id = x.teacher_id AND l.month = x.month AND l.school_id = x.school_id ORDER BY l.revision DESC LIMIT 1
           ) p ON true
         RETURNING id, teacher_id AS "teacherId", month, school_id AS "schoolId"`,
        [
          c.map((a) => a.countyCode),
          c.map((a) => a.teacherId),
          c.map((a) => a.month),
          c.map((a) => a.schoolId),
          c.map((a) => a.beforeFen),
          c.map((a) => a.afterFen),
          c.map((a) => a.line?.tier ?? null),
          c.map((a) => a.line?.band ?? null),
          c.map((a) => a.line?.rateFen ?? null),
          c.map((a) => a.line?.shareMilli ?? null),
          c.map((a) => a.line?.daysCounted ?? 0),
          c.map((a) => (a.line ? JSON.stringify(a.line.trace) : null)),
          c.map((a) => a.cause),
        ],
      );
      // One adjustment per teacher × month × school in a recompute, so the key finds its input.
      const byKey = new Map(c.map((a) => [`${a.teacherId}|${a.month}|${a.schoolId}`, a]));
      for (const r of rows) {
        const a = byKey.get(`${r.teacherId}|${r.month}|${r.schoolId}`)!;
        out.push({ id: r.id, teacherId: a.teacherId, countyCode: a.countyCode, month: a.month, schoolId: a.schoolId, beforeFen: a.beforeFen, afterFen: a.afterFen, amountFen: a.afterFen - a.beforeFen, cause: a.cause });
      }
    }
    return out;
  }
}
