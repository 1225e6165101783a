import type { EntityManager } from 'typeorm';
import type { HintFacts, HintLevel, HintReason, TeacherHints, TeacherKind } from '../domain/hints';

export const HINT_RUN_STATUSES = ['queued', 'running', 'done', 'failed', 'refused', 'skipped', 'superseded'] as const;
export type HintRunStatus = (typeof HINT_RUN_STATUSES)[number];

export interface HintRun {
  id: string;
  cycleId: string;
  trigger: 'nightly' | 'manual';
  requestedBy: string;
  status: HintRunStatus;
  /** when the facts the hints come from were read */
  computedAt: string | null;
  stats: Record<string, unknown> | null;
  error: { message: string; code?: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface StoredTeacherHints {
  runId: string;
  computedAt: string;
  kind: TeacherKind;
  placedSchoolId: string | null;
  placedSchoolName: string | null;
  placedRank: number | null;
  /** the run's plan was infeasible (the elastic draft) */
  unsettled: boolean;
  hints: { schoolId: string; schoolName: string | null; schoolType: string | null; level: HintLevel; reason: HintReason; listedRank: number | null; suggested: boolean; facts: HintFacts }[];
}

/** Runs of the hint computation and the latest hints per cycle × teacher × school. */
export abstract class HintRepository {
  /** a new run, queued; false when a run with this id exists already (a nightly run asked twice) */
  abstract insertRun(m: EntityManager, run: Pick<HintRun, 'id' | 'cycleId' | 'trigger' | 'requestedBy'>): Promise<boolean>;
  abstract findRun(m: EntityManager, id: string): Promise<HintRun | null>;
  abstract runs(m: EntityManager, cycleId: string, limit: number): Promise<HintRun[]>;
  abstract markRunning(m: EntityManager, id: string): Promise<void>;
  abstract finishRun(m: EntityManager, id: string, status: Exclude<HintRunStatus, 'queued' | 'running'>, f: { computedAt?: string; stats?: unknown; error?: { message: string; code?: string } }): Promise<void>;
  /** takes the cycle's hint lock for the transaction, and says whether a run computed from later facts has already written */
  abstract lockAndCheckNewer(m: EntityManager, cycleId: string, computedAt: string): Promise<boolean>;
  /** replaces the cycle's hints with the run's (in the caller's transaction) */
  abstract replace(m: EntityManager, cycleId: string, runId: string, teachers: readonly TeacherHints[]): Promise<{ teachers: number; hints: number }>;
  /** the teacher's hints from the cycle's latest run, with school names; null when the run has none for them */
  abstract teacherHints(m: EntityManager, cycleId: string, teacherId: string): Promise<StoredTeacherHints | null>;
  /** the cycle's latest finished run with hints (status done) */
  abstract latestDone(m: EntityManager, cycleId: string): Promise<HintRun | null>;
}

/** Starts the computation of a run somewhere off the request (a queue): the same run id is queued once. */
export abstract class HintQueue {
  abstract enqueue(runId: string): Promise<void>;
}
