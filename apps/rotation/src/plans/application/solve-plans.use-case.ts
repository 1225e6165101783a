import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuditTrail, type Actor } from '@app/audit';
import { DomainError } from '@app/errors';
import { ReadModelFreshness } from '@app/messaging';
import { LOGGER, PolicyValuesStore, UnitOfWork } from '@app/runtime';
import { CycleRepository } from '../../cycles/application/cycle.repository';
import { CycleNotFound, CycleTransitionRefused, type Cycle } from '../../cycles/domain/cycle';
import type { Pin } from '../../planning/domain';
import { NoApprovedHeadcounts, type WhatIf } from '../domain/planner-input';
import { PinRepository, PlanRepository } from './plan.repository';
import { PlannerFactsRepository } from './planner-facts.repository';
import { PlanSolver, type SolveOutcome, type SolveProgress } from './solve-protocol';
import { SolveRepository, type SolveRecord } from './solve.repository';

export class SolveNotFound extends DomainError {
  constructor(id: string) {
    super('ROTATION.SOLVE_NOT_FOUND', 'not_found', `no solve with id ${id} in this cycle`, { id });
  }
}

export class SolveNotHere extends DomainError {
  constructor(id: string, status: string) {
    super('ROTATION.SOLVE_NOT_CANCELLABLE', 'conflict', `solve ${id} is ${status}${status === 'running' || status === 'queued' ? ' on another rotation instance' : ''}: nothing to cancel here`, { id, status });
  }
}

/** What the API answers about a solve: where it is, and its result once done. */
export interface SolveView {
  solveId: string;
  cycleId: string;
  status: SolveRecord['status'];
  whatIf: boolean;
  progress: SolveProgress | null;
  result: unknown;
  error: SolveRecord['error'];
  planId: string | null;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * Solving a cycle's plan, off the event loop: the request reads the cycle's facts (asynchronous database
 * reads only), records a solve and hands it to a worker thread (PlanSolver), and answers at once with the
 * solve's id to poll. The worker assembles the input, runs HiGHS with a time limit and reports progress;
 * cancelling stops it. When it is done, a saved solve becomes the cycle's next plan (audited, in one
 * transaction); a what-if (changed parameters) saves no plan, only the solve's result.
 */
@Injectable()
export class SolvePlans implements OnApplicationBootstrap {
  private readonly lastWrite = new Map<string, number>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly cycles: CycleRepository,
    private readonly plans: PlanRepository,
    private readonly pinned: PinRepository,
    private readonly facts: PlannerFactsRepository,
    private readonly solves: SolveRepository,
    private readonly solver: PlanSolver,
    private readonly policy: PolicyValuesStore,
    private readonly audit: AuditTrail,
    @Inject(LOGGER) private readonly logger: Pick<Logger, 'warn' | 'error'>,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // solves an instance left behind when it stopped (the limit plus a margin without news): failed, visibly
    await this.solves.failAbandoned(this.uow.reader, 300).catch((err: Error) => this.logger.warn({ err: err.message }, 'could not mark abandoned solves'));
  }

  async start(actor: Actor, cycleId: string, pins: Pin[], whatIf: WhatIf | null, authorize: (county: string) => void): Promise<SolveView> {
    const cycle = await this.cycle(cycleId, authorize);
    if (cycle.state !== 'planning') throw new CycleTransitionRefused(cycle.state, 'proposed', `plans are made while the cycle is planning; it is ${cycle.state}`);
    // A plan from half the facts (teachers, appointments, obligations not yet applied) is worse than none.
    await this.freshness.assertCaughtUp();
    const m = this.uow.reader;
    // The cycle's saved pins always apply; pins sent with this request add to them.
    const saved = await this.pinned.list(m, cycle.id);
    const all = [...new Map([...saved, ...pins].map((p) => [`${p.teacherId}|${p.schoolId}`, p])).values()];
    const facts = await this.facts.countyFacts(m, cycle);
    if (facts.quotas.length === 0) throw new NoApprovedHeadcounts(cycle.countyCode, cycle.schoolYear, facts.latestQuotaYear);
    const values = await this.policy.values(m);
    const solve = await this.uow.run(async (w) => {
      const s = await this.solves.insert(w, { cycleId: cycle.id, whatIf, pins: all, requestedBy: actor.subject });
      await this.audit.record(w, { actor, countyCode: cycle.countyCode, action: whatIf ? 'plan.what_if' : 'plan.solve', entityType: 'solve', entityId: s.id, before: null, after: { cycleId: cycle.id, pins: all.length, whatIf } });
      return s;
    });
    this.solver.submit(
      { jobId: solve.id, sessionKey: cycle.id, source: { kind: 'facts', cycle, facts, values }, pins: all, whatIf },
      {
        progress: (p) => this.onProgress(solve.id, p),
        done: (outcome) => void this.onDone(actor, cycle, solve, outcome).catch((err: Error) => this.onFailed(solve.id, { message: err.message, code: (err as DomainError).code })),
        cancelled: () => void this.finish(solve.id, 'cancelled', { error: { message: 'cancelled' } }),
        failed: (error) => this.onFailed(solve.id, error),
      },
    );
    return view(solve);
  }

  async get(cycleId: string, solveId: string, authorize: (county: string) => void): Promise<SolveView> {
    await this.cycle(cycleId, authorize);
    const solve = await this.solves.find(this.uow.reader, cycleId, solveId);
    if (!solve) throw new SolveNotFound(solveId);
    return view(solve);
  }

  async cancel(actor: Actor, cycleId: string, solveId: string, authorize: (county: string) => void): Promise<SolveView> {
    const cycle = await this.cycle(cycleId, authorize);
    const solve = await this.solves.find(this.uow.reader, cycleId, solveId);
    if (!solve) throw new SolveNotFound(solveId);
    if (!this.solver.cancel(solveId)) throw new SolveNotHere(solveId, solve.status);
    await this.uow.run((m) => this.audit.record(m, { actor, countyCode: cycle.countyCode, action: 'plan.solve_cancel', entityType: 'solve', entityId: solveId, before: { status: solve.status }, after: null }));
    return view({ ...solve, status: solve.status });
  }

  private onProgress(id: string, p: SolveProgress): void {
    // the row tells pollers where the solve is; at most one write a second (and every stage change)
    const now = Date.now();
    if (p.stage !== 'queued' && p.stage !== 'input' && now - (this.lastWrite.get(id) ?? 0) < 1000) return;
    this.lastWrite.set(id, now);
    void this.solves.progress(this.uow.reader, id, p).catch((err: Error) => this.logger.warn({ solveId: id, err: err.message }, 'solve progress not recorded'));
  }

  private async onDone(actor: Actor, cycle: Cycle, solve: SolveRecord, o: SolveOutcome): Promise<void> {
    const { plan, metrics, violations } = o;
    const solved = { mode: o.mode, facts: o.source, workerMs: Math.round(o.workerMs) };
    if (solve.whatIf) {
      await this.finish(solve.id, 'done', { result: { saved: false, method: plan.method, status: plan.status, objective: plan.objective, bound: plan.bound, moves: plan.moves, metrics, infeasibilities: plan.infeasibilities, violations, stats: plan.stats, solved } });
      return;
    }
    await this.uow.run(async (m) => {
      const row = await this.plans.insert(m, cycle.id, { method: plan.method, status: plan.status, objective: plan.objective, moves: plan.moves, metrics, infeasibilities: plan.infeasibilities, pins: solve.pins, createdBy: actor.subject });
      await this.audit.record(m, { actor, countyCode: cycle.countyCode, action: 'plan.saved', entityType: 'plan', entityId: row.id, before: null, after: { number: row.number, status: row.status, moves: plan.moves.length, objective: plan.objective, solveId: solve.id } });
      await this.solves.finish(m, solve.id, 'done', { planId: row.id, result: { saved: true, planId: row.id, number: row.number, status: row.status, objective: row.objective, bound: plan.bound, moves: plan.moves.length, metrics, infeasibilities: plan.infeasibilities, violations, stats: plan.stats, solved } });
    });
    this.lastWrite.delete(solve.id);
  }

  private onFailed(id: string, error: { message: string; code?: string }): void {
    this.logger.warn({ solveId: id, err: error.message, code: error.code }, 'solve failed');
    void this.finish(id, 'failed', { error: { message: error.message, ...(error.code ? { code: error.code } : {}) } });
  }

  private async finish(id: string, status: 'done' | 'failed' | 'cancelled', f: { result?: unknown; error?: { message: string; code?: string } }): Promise<void> {
    this.lastWrite.delete(id);
    await this.solves.finish(this.uow.reader, id, status, f).catch((err: Error) => this.logger.error({ solveId: id, err: err.message }, 'solve outcome not recorded'));
  }

  private async cycle(id: string, authorize: (county: string) => void): Promise<Cycle> {
    const cycle = await this.cycles.findById(this.uow.reader, id);
    if (!cycle) throw new CycleNotFound(id);
    authorize(cycle.countyCode);
    return cycle;
  }
}

function view(s: SolveRecord): SolveView {
  return {
    solveId: s.id,
    cycleId: s.cycleId,
    status: s.status,
    whatIf: s.whatIf !== null,
    progress: s.progress,
    result: s.result,
    error: s.error,
    planId: s.planId,
    requestedBy: s.requestedBy,
    createdAt: s.createdAt,
    finishedAt: s.finishedAt,
  };
}
