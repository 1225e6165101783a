import type { EntityManager } from 'typeorm';
import type { Infeasibility, PlanMetrics, PlannedMove, Violation } from '../../planning/domain';
import type { AmendmentAction, AmendmentStatus } from '../domain/amendment';

/** What a finished re-solve gave: the amended plan as a whole. */
export interface AmendmentResult {
  planStatus: string;
  objective: number;
  moves: PlannedMove[];
  metrics: PlanMetrics;
  infeasibilities: Infeasibility[];
  violations: Violation[];
}

export interface AmendmentRecord {
  id: string;
  cycleId: string;
  planId: string;
  appealId: string | null;
  /** 1, 2, … per approved plan */
  number: number;
  solveId: string | null;
  action: AmendmentAction;
  /** the cycle's version the re-solve started from: approving needs the plan unchanged since */
  baselineVersion: number;
  status: AmendmentStatus;
  result: AmendmentResult | null;
  error: { message: string; code?: string } | null;
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  approvedOn: string | null;
  reason: string | null;
}

export abstract class AmendmentRepository {
  abstract insert(m: EntityManager, a: Pick<AmendmentRecord, 'cycleId' | 'planId' | 'appealId' | 'solveId' | 'action' | 'baselineVersion' | 'createdBy'>): Promise<AmendmentRecord>;
  abstract find(m: EntityManager, id: string): Promise<AmendmentRecord | null>;
  abstract forAppeals(m: EntityManager, appealIds: readonly string[]): Promise<AmendmentRecord[]>;
  abstract finish(m: EntityManager, id: string, status: 'ready' | 'infeasible' | 'failed', f: { result?: AmendmentResult; error?: { message: string; code?: string } }): Promise<void>;
  /** ready → approved; false when it was not ready (approved meanwhile) */
  abstract approve(m: EntityManager, id: string, a: Pick<AmendmentRecord, 'approvedBy' | 'approvedAt' | 'approvedOn' | 'reason'>): Promise<boolean>;
}
