import type { PolicyValue } from '@app/policy';
import type { Cycle } from '../../cycles/domain/cycle';
import type { Pin, Plan, PlanBaseline, PlanMetrics, PlannerInput, Violation } from '../../planning/domain';
import type { CountyPlanningFacts, WhatIf } from '../domain/planner-input';
import type { HintComputation, HintSettings } from '../../hints/domain/hints';

/** Messages between rotation's main thread and its solver worker threads (see solve.worker.ts). */
/** `baseline`: an amendment's re-solve keeps the approved plan except what it must change (issue #13). */
export type SolveSource = { kind: 'facts'; cycle: Cycle; facts: CountyPlanningFacts; values: PolicyValue[]; baseline?: PlanBaseline } | { kind: 'input'; input: PlannerInput };

/**
 * What crosses into the worker: the source, or `kept` when the worker's warm planner of this session was
 * built from a source equal to this one (the pool compares them; copying a 10,000-teacher county into the
 * thread and fingerprinting it there took ~100 ms of a ~240 ms warm re-solve).
 */
export type SentSource = SolveSource | { kind: 'kept' };

/** a worker's answer to `kept` when it holds no planner for the session (the pool then sends the source) */
export const SESSION_LOST = 'ROTATION.SOLVER_SESSION_LOST';

export interface SolveRequest {
  type: 'solve';
  jobId: string;
  /** solves of the same key (a cycle) reuse the worker's warm planner when the input is unchanged */
  sessionKey: string;
  source: SentSource;
  pins: Pin[];
  whatIf: WhatIf | null;
  /** a what-if solve for achievable-school hints (apps/rotation/src/hints): the outcome also carries them */
  hints?: HintSettings;
  timeLimitSeconds: number;
  /** Int32Array over a SharedArrayBuffer: [0] = 1 asks the solve to stop */
  cancel: Int32Array;
}

export interface SolveProgress {
  stage: 'queued' | 'input' | 'candidates' | 'lp' | 'mip' | 'elastic' | 'checking';
  iterations?: number;
  elapsedMs: number;
}

export interface SolveOutcome {
  plan: Plan;
  metrics: PlanMetrics;
  violations: Violation[];
  /** how the worker solved it: warm (on the model kept from an earlier solve of the cycle, strict or elastic) or cold */
  mode: 'warm' | 'cold';
  /** whether the facts were copied into the worker for this solve or were the ones its warm planner holds */
  source: 'sent' | 'kept';
  /** time inside the worker, from the request to the checked plan */
  workerMs: number;
  /** the hints, when the job asked for them */
  hints?: HintComputation;
}

export type SolveReply =
  | { type: 'progress'; jobId: string; progress: SolveProgress }
  | { type: 'done'; jobId: string; outcome: SolveOutcome }
  | { type: 'cancelled'; jobId: string }
  | { type: 'failed'; jobId: string; error: { message: string; code?: string; kind?: string; details?: Record<string, unknown> } };

export interface SolveJob {
  jobId: string;
  sessionKey: string;
  source: SolveSource;
  pins: Pin[];
  whatIf: WhatIf | null;
  /** compute achievable-school hints with these settings (the plan is the what-if plan they come from) */
  hints?: HintSettings;
}

export interface SolveListener {
  progress(p: SolveProgress): void;
  done(outcome: SolveOutcome): void;
  cancelled(): void;
  failed(error: { message: string; code?: string; kind?: string; details?: Record<string, unknown> }): void;
}

/** Runs solves off the event loop (infrastructure: worker threads). */
export abstract class PlanSolver {
  abstract submit(job: SolveJob, listener: SolveListener): void;
  /** true when the solve was waiting or running on this instance */
  abstract cancel(jobId: string): boolean;
  abstract get load(): { queued: number; running: number; threads: number };
}
