import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { SolveRepository, type SolveRecord, type SolveStatus } from '../application/solve.repository';
import type { SolveProgress } from '../application/solve-protocol';

const COLUMNS = `id, cycle_id AS "cycleId", what_if AS "whatIf", pins, status, progress, result, error, plan_id AS "planId", requested_by AS "requestedBy",
  created_at AS "createdAt", updated_at AS "updatedAt", finished_at AS "finishedAt"`;

@Injectable()
export class SqlSolveRepository extends SolveRepository {
  async insert(m: EntityManager, s: Pick<SolveRecord, 'cycleId' | 'whatIf' | 'pins' | 'requestedBy'>): Promise<SolveRecord> {
    const [row] = await m.query(`INSERT INTO rotation.solves (cycle_id, what_if, pins, status, requested_by) VALUES ($1, $2::jsonb, $3::jsonb, 'queued', $4) RETURNING ${COLUMNS}`, [
      s.cycleId,
      s.whatIf === null ? null : JSON.stringify(s.whatIf),
      JSON.stringify(s.pins),
      s.requestedBy,
    ]);
    return row;
  }

  async find(m: EntityManager, cycleId: string, id: string): Promise<SolveRecord | null> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM rotation.solves WHERE id = $1 AND cycle_id = $2`, [id, cycleId]);
    return row ?? null;
  }

  async progress(m: EntityManager, id: string, progress: SolveProgress): Promise<void> {
    await m.query(`UPDATE rotation.solves SET status = CASE WHEN $2 = 'queued' THEN 'queued' ELSE 'running' END, progress = $3::jsonb, updated_at = now() WHERE id = $1 AND status IN ('queued', 'running')`, [
      id,
      progress.stage,
      JSON.stringify(progress),
    ]);
  }

  async finish(m: EntityManager, id: string, status: Exclude<SolveStatus, 'queued' | 'running'>, f: { result?: unknown; error?: { message: string; code?: string } | null; planId?: string | null }): Promise<void> {
    await m.query(`UPDATE rotation.solves SET status = $2, result = $3::jsonb, error = $4::jsonb, plan_id = $5, updated_at = now(), finished_at = now() WHERE id = $1`, [
      id,
      status,
      f.result === undefined ? null : JSON.stringify(f.result),
      f.error ? JSON.stringify(f.error) : null,
      f.planId ?? null,
    ]);
  }

  async failAbandoned(m: EntityManager, olderThanSeconds: number): Promise<number> {
    const rows = await updateReturning(
      m,
      `UPDATE rotation.solves SET status = 'failed', error = $2::jsonb, finished_at = now(), updated_at = now()
        WHERE status IN ('queued', 'running') AND updated_at < now() - make_interval(secs => $1) RETURNING id`,
      [olderThanSeconds, JSON.stringify({ message: 'the rotation instance solving this stopped before it finished; solve again' })],
    );
    return rows.length;
  }
}
