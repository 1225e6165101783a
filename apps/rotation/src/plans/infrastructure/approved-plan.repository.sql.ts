import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { ApprovedPlanRepository, type ApprovalRecord, type ApprovedMoveRecord } from '../application/approved-plan.repository';

const APPROVAL = `plan_id AS "planId", cycle_id AS "cycleId", county_code AS "countyCode", approved_at AS "approvedAt", to_char(approved_on, 'YYYY-MM-DD') AS "approvedOn", approved_by AS "approvedBy"`;
const MOVE = `move_id AS "moveId", plan_id AS "planId", teacher_id AS "teacherId", amendment_id AS "amendmentId", to_char(told_on, 'YYYY-MM-DD') AS "toldOn",
  planned, announced, prior_ends AS "priorEnds", cancelled_by AS "cancelledBy", cancelled_at AS "cancelledAt"`;

@Injectable()
export class SqlApprovedPlanRepository extends ApprovedPlanRepository {
  async recordApproval(m: EntityManager, a: ApprovalRecord): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO rotation.approved_plans (plan_id, cycle_id, county_code, approved_at, approved_on, approved_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING RETURNING plan_id`,
      [a.planId, a.cycleId, a.countyCode, a.approvedAt, a.approvedOn, a.approvedBy],
    );
    return rows.length === 1;
  }

  async approvalAudit(m: EntityManager, cycleId: string): Promise<{ at: string; actor: string } | null> {
    const [row] = await m.query(`SELECT at, actor FROM rotation.audit_log WHERE entity_type = 'cycle' AND entity_id = $1 AND action = 'cycle.approved' ORDER BY id DESC LIMIT 1`, [cycleId]);
    return row ?? null;
  }

  async approvalOfCycle(m: EntityManager, cycleId: string): Promise<ApprovalRecord | null> {
    const [row] = await m.query(`SELECT ${APPROVAL} FROM rotation.approved_plans WHERE cycle_id = $1`, [cycleId]);
    return row ?? null;
  }

  async insertMoves(m: EntityManager, moves: readonly Omit<ApprovedMoveRecord, 'cancelledBy' | 'cancelledAt'>[]): Promise<void> {
    if (moves.length === 0) return;
    const col = <K extends keyof (typeof moves)[number]>(k: K) => moves.map((x) => x[k]);
    const json = <K extends 'planned' | 'announced' | 'priorEnds'>(k: K) => moves.map((x) => JSON.stringify(x[k]));
    await m.query(
      `INSERT INTO rotation.approved_moves (move_id, plan_id, teacher_id, amendment_id, told_on, planned, announced, prior_ends)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::date[], $6::jsonb[], $7::jsonb[], $8::jsonb[])`,
      [col('moveId'), col('planId'), col('teacherId'), col('amendmentId'), col('toldOn'), json('planned'), json('announced'), json('priorEnds')],
    );
  }

  async moves(m: EntityManager, planId: string): Promise<ApprovedMoveRecord[]> {
    return m.query(`SELECT ${MOVE} FROM rotation.approved_moves WHERE plan_id = $1 ORDER BY move_id`, [planId]);
  }

  async currentMoveOf(m: EntityManager, planId: string, teacherId: string): Promise<ApprovedMoveRecord | null> {
    const [row] = await m.query(`SELECT ${MOVE} FROM rotation.approved_moves WHERE plan_id = $1 AND teacher_id = $2 AND cancelled_by IS NULL`, [planId, teacherId]);
    return row ?? null;
  }

  async findMoves(m: EntityManager, moveIds: readonly string[]): Promise<ApprovedMoveRecord[]> {
    if (moveIds.length === 0) return [];
    return m.query(`SELECT ${MOVE} FROM rotation.approved_moves WHERE move_id = ANY($1::uuid[])`, [moveIds]);
  }

  async cancel(m: EntityManager, moveIds: readonly string[], amendmentId: string, at: string): Promise<number> {
    if (moveIds.length === 0) return 0;
    const rows = await updateReturning(
      m,
      `UPDATE rotation.approved_moves SET cancelled_by = $2, cancelled_at = $3 WHERE move_id = ANY($1::uuid[]) AND cancelled_by IS NULL RETURNING move_id`,
      [moveIds, amendmentId, at],
    );
    return rows.length;
  }

  async withdrawnMoves(m: EntityManager, moveIds: readonly string[]): Promise<string[]> {
    if (moveIds.length === 0) return [];
    const rows: { id: string }[] = await m.query(`SELECT DISTINCT move_id AS id FROM rotation.appointments WHERE move_id = ANY($1::uuid[]) AND withdrawn`, [moveIds]);
    return rows.map((r) => r.id);
  }
}
