import type { EntityManager } from 'typeorm';
import type { Pin } from '../../planning/domain';
import type { WhatIf } from '../domain/planner-input';
import type { SolveProgress } from './solve-protocol';

export type SolveStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface SolveRecord {
  id: string;
  cycleId: string;
  whatIf: WhatIf | null;
  pins: Pin[];
  status: SolveStatus;
  progress: SolveProgress | null;
  result: unknown;
  error: { message: string; code?: string } | null;
  planId: string | null;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** Solve requests: one row each, updated by the instance that runs it. */
export abstract class SolveRepository {
  abstract insert(m: EntityManager, s: Pick<SolveRecord, 'cycleId' | 'whatIf' | 'pins' | 'requestedBy'>): Promise<SolveRecord>;
  abstract find(m: EntityManager, cycleId: string, id: string): Promise<SolveRecord | null>;
  abstract progress(m: EntityManager, id: string, progress: SolveProgress): Promise<void>;
  abstract finish(m: EntityManager, id: string, status: Exclude<SolveStatus, 'queued' | 'running'>, f: { result?: unknown; error?: { message: string; code?: string } | null; planId?: string | null }): Promise<void>;
  /** Solves left queued or running by an instance that stopped: failed, with why. */
  abstract failAbandoned(m: EntityManager, olderThanSeconds: number): Promise<number>;
}
