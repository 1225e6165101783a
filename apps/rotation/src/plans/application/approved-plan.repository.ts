import type { EntityManager } from 'typeorm';
import type { PlannedMove } from '../../planning/domain';
import type { ApprovedMove, PriorEnd } from '../domain/approved-moves';

/** When a cycle's plan was approved, and by whom: its teachers were told that day. */
export interface ApprovalRecord {
  planId: string;
  cycleId: string;
  countyCode: string;
  approvedAt: string;
  /** the day in Asia/Shanghai: an appeal period counts from it */
  approvedOn: string;
  approvedBy: string;
}

/** A move announced to staffing: one of the approved plan's, or one an approved amendment added. */
export interface ApprovedMoveRecord {
  moveId: string;
  planId: string;
  teacherId: string;
  /** null: a move of the plan as approved */
  amendmentId: string | null;
  /** the day the teacher was told (the plan's or the amendment's approval): their appeal period counts from it */
  toldOn: string;
  planned: PlannedMove;
  announced: ApprovedMove;
  priorEnds: PriorEnd[];
  /** the amendment that cancelled it (null: it stands) */
  cancelledBy: string | null;
  cancelledAt: string | null;
}

/** The approved plan of a cycle as it stands: its approval and every move announced, cancelled or not. */
export type { PriorEnd };

export abstract class ApprovedPlanRepository {
  /** false when the cycle's approval was recorded already */
  abstract recordApproval(m: EntityManager, a: ApprovalRecord): Promise<boolean>;
  /** when and by whom the audit trail says the cycle was approved (a plan approved before approvals were recorded) */
  abstract approvalAudit(m: EntityManager, cycleId: string): Promise<{ at: string; actor: string } | null>;
  abstract approvalOfCycle(m: EntityManager, cycleId: string): Promise<ApprovalRecord | null>;
  abstract insertMoves(m: EntityManager, moves: readonly Omit<ApprovedMoveRecord, 'cancelledBy' | 'cancelledAt'>[]): Promise<void>;
  /** every move announced for the plan, the cancelled ones too, in move id order */
  abstract moves(m: EntityManager, planId: string): Promise<ApprovedMoveRecord[]>;
  /** the teacher's move in the plan as it stands (not cancelled), or null */
  abstract currentMoveOf(m: EntityManager, planId: string, teacherId: string): Promise<ApprovedMoveRecord | null>;
  abstract findMoves(m: EntityManager, moveIds: readonly string[]): Promise<ApprovedMoveRecord[]>;
  /** marks the moves cancelled by the amendment; answers how many were still standing */
  abstract cancel(m: EntityManager, moveIds: readonly string[], amendmentId: string, at: string): Promise<number>;
  /** of these move ids, those whose appointment staffing withdrew (the cancellation was undone) */
  abstract withdrawnMoves(m: EntityManager, moveIds: readonly string[]): Promise<string[]>;
}
