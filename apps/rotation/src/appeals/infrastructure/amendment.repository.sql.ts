import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { AmendmentRepository, type AmendmentRecord, type AmendmentResult } from '../application/amendment.repository';

const COLUMNS = `id, cycle_id AS "cycleId", plan_id AS "planId", appeal_id AS "appealId", number, solve_id AS "solveId", action, baseline_version AS "baselineVersion",
  status, result, error, created_by AS "createdBy", created_at AS "createdAt", approved_by AS "approvedBy", approved_at AS "approvedAt",
  to_char(approved_on, 'YYYY-MM-DD') AS "approvedOn", reason`;

@Injectable()
export class SqlAmendmentRepository extends AmendmentRepository {
  async insert(m: EntityManager, a: Pick<AmendmentRecord, 'cycleId' | 'planId' | 'appealId' | 'solveId' | 'action' | 'baselineVersion' | 'createdBy'>): Promise<AmendmentRecord> {
    // numbered per plan; the plan's approval row is locked so two amendments started at once get 1 and 2
    await m.query(`SELECT 1 FROM rotation.approved_plans WHERE plan_id = $1 FOR UPDATE`, [a.planId]);
    const [row] = await m.query(
      `INSERT INTO rotation.amendments (cycle_id, plan_id, appeal_id, number, solve_id, action, baseline_version, status, created_by)
       SELECT $1, $2, $3, coalesce(max(number), 0) + 1, $4, $5::jsonb, $6, 'solving', $7 FROM rotation.amendments WHERE plan_id = $2
       RETURNING ${COLUMNS}`,
      [a.cycleId, a.planId, a.appealId, a.solveId, JSON.stringify(a.action), a.baselineVersion, a.createdBy],
    );
    return row;
  }

  async find(m: EntityManager, id: string): Promise<AmendmentRecord | null> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM rotation.amendments WHERE id = $1`, [id]);
    return row ?? null;
  }

  async forAppeals(m: EntityManager, appealIds: readonly string[]): Promise<AmendmentRecord[]> {
    if (appealIds.length === 0) return [];
    return m.query(`SELECT ${COLUMNS} FROM rotation.amendments WHERE appeal_id = ANY($1::uuid[]) ORDER BY number`, [appealIds]);
  }

  async finish(m: EntityManager, id: string, status: 'ready' | 'infeasible' | 'failed', f: { result?: AmendmentResult; error?: { message: string; code?: string } }): Promise<void> {
    await m.query(`UPDATE rotation.amendments SET status = $2, result = $3::jsonb, error = $4::jsonb WHERE id = $1 AND status = 'solving'`, [
      id,
      status,
      f.result ? JSON.stringify(f.result) : null,
      f.error ? JSON.stringify(f.error) : null,
    ]);
  }

  async approve(m: EntityManager, id: string, a: Pick<AmendmentRecord, 'approvedBy' | 'approvedAt' | 'approvedOn' | 'reason'>): Promise<boolean> {
    const rows = await updateReturning(
      m,
      `UPDATE rotation.amendments SET status = 'approved', approved_by = $2, approved_at = $3, approved_on = $4, reason = $5 WHERE id = $1 AND status = 'ready' RETURNING id`,
      [id, a.approvedBy, a.approvedAt, a.approvedOn, a.reason],
    );
    return rows.length === 1;
  }
}
