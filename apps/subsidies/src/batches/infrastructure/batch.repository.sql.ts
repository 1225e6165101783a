import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { BatchRepository, type BatchLine, type PayrollRow } from '../application/batch.repository';
import type { Batch, BatchStatus, BatchTotals } from '../domain/batch';

const COLUMNS = `b.id, b.county_code AS "countyCode", b.period, b.status, b.version, b.lines, b.teachers, b.total_fen::float8 AS "totalFen",
  b.drafted_by AS "draftedBy", b.drafted_at AS "draftedAt", b.published_by AS "publishedBy", b.published_at AS "publishedAt",
  b.approved_by AS "approvedBy", b.approved_at AS "approvedAt", b.exported_by AS "exportedBy", b.exported_at AS "exportedAt",
  b.paid_by AS "paidBy", b.paid_at AS "paidAt", b.payroll_reference AS "payrollReference", b.withdrawn_by AS "withdrawnBy",
  b.withdrawn_at AS "withdrawnAt", b.note`;
const LINE_COLUMNS = `l.id AS "lineId", l.teacher_id AS "teacherId", t.staff_no AS "staffNo", coalesce(t.name, '') AS name, l.school_id AS "schoolId",
  s.code AS "schoolCode", coalesce(s.name, '') AS "schoolName", l.month, l.kind, l.tier, l.band, l.days_counted AS "daysCounted", l.amount_fen AS "amountFen"`;
const LINE_FROM = `subsidies.ledger_lines l LEFT JOIN subsidies.teachers t ON t.teacher_id = l.teacher_id LEFT JOIN subsidies.schools s ON s.school_id = l.school_id`;
/** Who and when, per step. */
const STAMP: Record<BatchStatus, string> = {
  draft: 'drafted',
  published: 'published',
  approved: 'approved',
  exported: 'exported',
  paid: 'paid',
  withdrawn: 'withdrawn',
};

@Injectable()
export class SqlBatchRepository extends BatchRepository {
  async draft(m: EntityManager, countyCode: string, period: string, draftedBy: string, note: string | null): Promise<Batch | null> {
    const [{ id }] = await m.query(
      `INSERT INTO subsidies.batches (county_code, period, status, lines, teachers, total_fen, drafted_by, note) VALUES ($1, $2, 'draft', 0, 0, 0, $3, $4) RETURNING id`,
      [countyCode, period, draftedBy, note],
    );
    const [claimed] = await m.query(
      `WITH claimed AS (
         UPDATE subsidies.ledger_lines SET batch_id = $1 WHERE county_code = $2 AND month <= $3 AND batch_id IS NULL AND amount_fen <> 0 RETURNING teacher_id, amount_fen
       )
       SELECT count(*)::int AS lines, count(DISTINCT teacher_id)::int AS teachers, coalesce(sum(amount_fen), 0)::float8 AS total FROM claimed`,
      [id, countyCode, period],
    );
    if (claimed.lines === 0) {
      await m.query(`DELETE FROM subsidies.batches WHERE id = $1`, [id]);
      return null;
    }
    await m.query(`UPDATE subsidies.batches SET lines = $2, teachers = $3, total_fen = $4 WHERE id = $1`, [id, claimed.lines, claimed.teachers, claimed.total]);
    return this.findById(m, id);
  }

  async findById(m: EntityManager, id: string): Promise<Batch | null> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM subsidies.batches b WHERE b.id = $1`, [id]);
    return row ?? null;
  }

  async liveFor(m: EntityManager, countyCode: string, period: string): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM subsidies.batches WHERE county_code = $1 AND period = $2 AND status <> 'withdrawn'`, [countyCode, period]);
    return rows.length > 0;
  }

  async list(m: EntityManager, f: { countyCode?: string; status?: BatchStatus; limit: number; offset: number }): Promise<{ items: Batch[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR b.county_code = $1) AND ($2::text IS NULL OR b.status = $2)`;
    const params = [f.countyCode ?? null, f.status ?? null];
    const items = await m.query(`SELECT ${COLUMNS} FROM subsidies.batches b ${where} ORDER BY b.period DESC, b.drafted_at DESC LIMIT $3 OFFSET $4`, [...params, f.limit, f.offset]);
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM subsidies.batches b ${where}`, params);
    return { items, total };
  }

  async step(m: EntityManager, id: string, expectedVersion: number, status: BatchStatus, actor: string, extra: { payrollReference?: string } = {}): Promise<Batch | null> {
    const stamp = STAMP[status];
    const rows = await updateReturning<{ id: string }>(
      m,
      `UPDATE subsidies.batches SET status = $3, version = version + 1, ${stamp}_by = $4, ${stamp}_at = now(), payroll_reference = coalesce($5, payroll_reference)
        WHERE id = $1 AND version = $2 RETURNING id`,
      [id, expectedVersion, status, actor, extra.payrollReference ?? null],
    );
    return rows.length ? this.findById(m, id) : null;
  }

  async release(m: EntityManager, id: string): Promise<number> {
    const rows = await updateReturning(m, `UPDATE subsidies.ledger_lines SET batch_id = NULL WHERE batch_id = $1 RETURNING id`, [id]);
    return rows.length;
  }

  async totals(m: EntityManager, id: string): Promise<BatchTotals> {
    const [all] = await m.query(`SELECT coalesce(sum(amount_fen), 0)::float8 AS "totalFen", count(*)::int AS lines FROM subsidies.ledger_lines WHERE batch_id = $1`, [id]);
    const bySchool = await m.query(
      `SELECT l.school_id AS "schoolId", s.code AS "schoolCode", coalesce(s.name, '') AS "schoolName", sum(l.amount_fen)::float8 AS "totalFen", count(*)::int AS lines,
              count(DISTINCT l.teacher_id)::int AS teachers
         FROM subsidies.ledger_lines l LEFT JOIN subsidies.schools s ON s.school_id = l.school_id
        WHERE l.batch_id = $1 GROUP BY 1, 2, 3 ORDER BY s.code NULLS LAST, 1`,
      [id],
    );
    const byTier = await m.query(`SELECT tier, sum(amount_fen)::float8 AS "totalFen", count(*)::int AS lines FROM subsidies.ledger_lines WHERE batch_id = $1 GROUP BY 1 ORDER BY 1`, [id]);
    return { ...all, bySchool, byTier };
  }

  async lines(m: EntityManager, id: string, f: { schoolId?: string; limit: number; offset: number }): Promise<{ items: BatchLine[]; total: number }> {
    const where = `WHERE l.batch_id = $1 AND ($2::uuid IS NULL OR l.school_id = $2)`;
    const items = await m.query(`SELECT ${LINE_COLUMNS} FROM ${LINE_FROM} ${where} ORDER BY s.code, t.staff_no, l.month, l.revision LIMIT $3 OFFSET $4`, [
      id,
      f.schoolId ?? null,
      f.limit,
      f.offset,
    ]);
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM subsidies.ledger_lines l ${where}`, [id, f.schoolId ?? null]);
    return { items, total };
  }

  async allLines(m: EntityManager, id: string, schoolId?: string): Promise<BatchLine[]> {
    return m.query(`SELECT ${LINE_COLUMNS} FROM ${LINE_FROM} WHERE l.batch_id = $1 AND ($2::uuid IS NULL OR l.school_id = $2) ORDER BY s.code, t.staff_no, l.month, l.revision`, [
      id,
      schoolId ?? null,
    ]);
  }

  async payroll(m: EntityManager, id: string): Promise<PayrollRow[]> {
    return m.query(
      `SELECT t.staff_no AS "staffNo", coalesce(t.name, '') AS name, s.code AS "schoolCode", coalesce(s.name, '') AS "schoolName",
              string_agg(DISTINCT l.month, ',' ORDER BY l.month) AS months, sum(l.amount_fen)::float8 AS "amountFen"
         FROM ${LINE_FROM} WHERE l.batch_id = $1
        GROUP BY l.teacher_id, t.staff_no, t.name, l.school_id, s.code, s.name ORDER BY s.code, t.staff_no`,
      [id],
    );
  }
}
