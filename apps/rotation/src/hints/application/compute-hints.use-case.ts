import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuditTrail, type Actor } from '@app/audit';
import { DomainError } from '@app/errors';
import type { PolicyValue } from '@app/policy';
import { ReadModelFreshness } from '@app/messaging';
import { todayInShanghai } from '@app/rules';
import { LOGGER, PolicyValuesStore, UnitOfWork } from '@app/runtime';
import { CycleRepository } from '../../cycles/application/cycle.repository';
import { CycleNotFound, type Cycle } from '../../cycles/domain/cycle';
import { PlannerFactsRepository } from '../../plans/application/planner-facts.repository';
import { PlanSolver, type SolveOutcome } from '../../plans/application/solve-protocol';
import { NoApprovedHeadcounts, type CountyPlanningFacts } from '../../plans/domain/planner-input';
import { hintSettings, type HintSettings } from '../domain/hints';
import { HintQueue, HintRepository, type HintRun } from './hint.repository';

export class HintsNotCollecting extends DomainError {
  constructor(cycle: Pick<Cycle, 'id' | 'state'>) {
    super('ROTATION.HINTS_NOT_COLLECTING', 'conflict', `hints are computed while a cycle collects preferences; cycle ${cycle.id} is ${cycle.state}`, { cycleId: cycle.id, state: cycle.state });
  }
}

export class HintRunNotFound extends DomainError {
  constructor(id: string) {
    super('ROTATION.HINT_RUN_NOT_FOUND', 'not_found', `no hint run with id ${id} in this cycle`, { id });
  }
}

/**
 * The achievable-school hints of a cycle, computed off the request: a run is recorded (queued) and handed
 * to the queue; the queue's worker calls `run`, which refuses to decide from a read model that is behind,
 * reads the cycle's facts as a solve does, has the solver pool's worker thread make the what-if solve and
 * the hints (hints/domain), and replaces the cycle's hints with the run's in one transaction — unless a run
 * computed from later facts has written first. Nightly, every cycle collecting preferences gets a run
 * (deterministic ids: the same cycle and day is the same run).
 */
@Injectable()
export class ComputeHints {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cycles: CycleRepository,
    private readonly hints: HintRepository,
    private readonly queue: HintQueue,
    private readonly facts: PlannerFactsRepository,
    private readonly solver: PlanSolver,
    private readonly policy: PolicyValuesStore,
    private readonly freshness: ReadModelFreshness,
    private readonly audit: AuditTrail,
    @Inject(LOGGER) private readonly logger: Pick<Logger, 'info' | 'warn'>,
  ) {}

  /** HR or an operator: compute the cycle's hints now (audited); answers with the queued run. */
  async trigger(actor: Actor, cycleId: string, authorize: (county: string) => void): Promise<HintRun> {
    const cycle = await this.cycles.findById(this.uow.reader, cycleId);
    if (!cycle) throw new CycleNotFound(cycleId);
    authorize(cycle.countyCode);
    if (cycle.state !== 'collecting') throw new HintsNotCollecting(cycle);
    // as a solve does: say at once that the read model is behind, rather than queue a run that will refuse
    await this.freshness.assertCaughtUp();
    const id = randomUUID();
    await this.uow.run(async (m) => {
      await this.hints.insertRun(m, { id, cycleId, trigger: 'manual', requestedBy: actor.subject });
      await this.audit.record(m, { actor, countyCode: cycle.countyCode, action: 'hints.run', entityType: 'cycle', entityId: cycleId, before: null, after: { runId: id } });
    });
    await this.queue.enqueue(id);
    return (await this.hints.findRun(this.uow.reader, id))!;
  }

  /** The nightly job: a run for every cycle collecting preferences whose deadline has not passed. */
  async nightly(today = todayInShanghai()): Promise<{ runs: string[] }> {
    const runs: string[] = [];
    for (const cycle of await this.cycles.list(this.uow.reader, undefined)) {
      if (cycle.state !== 'collecting' || (cycle.preferenceDeadline !== null && today > cycle.preferenceDeadline)) continue;
      const id = nightlyRunId(cycle.id, today);
      await this.hints.insertRun(this.uow.reader, { id, cycleId: cycle.id, trigger: 'nightly', requestedBy: 'scheduler:hints-nightly' });
      await this.queue.enqueue(id);
      runs.push(id);
    }
    return { runs };
  }

  /**
   * Computes one run (the queue's worker). Idempotent: a run already done is not done again. Throws when the
   * read model is behind or the solver failed, so the queue retries it later; a cycle no longer collecting,
   * or without approved headcounts, ends the run without retrying.
   */
  async run(runId: string): Promise<{ status: HintRun['status']; stats?: unknown }> {
    const run = await this.hints.findRun(this.uow.reader, runId);
    if (!run) throw new HintRunNotFound(runId);
    if (run.status === 'done' || run.status === 'superseded' || run.status === 'skipped') return { status: run.status };
    const cycle = await this.cycles.findById(this.uow.reader, run.cycleId);
    if (!cycle || cycle.state !== 'collecting') {
      const e = cycle ? new HintsNotCollecting(cycle) : new CycleNotFound(run.cycleId);
      await this.hints.finishRun(this.uow.reader, runId, 'skipped', { error: { message: e.message, code: e.code } });
      return { status: 'skipped' };
    }
    await this.hints.markRunning(this.uow.reader, runId);
    try {
      await this.freshness.assertCaughtUp();
    } catch (err) {
      const e = err as DomainError;
      await this.hints.finishRun(this.uow.reader, runId, 'refused', { error: { message: e.message, ...(e.code ? { code: e.code } : {}) } });
      throw err;
    }
    const computedAt = new Date().toISOString();
    const t0 = performance.now();
    const m = this.uow.reader;
    const facts = await this.facts.countyFacts(m, cycle);
    if (facts.quotas.length === 0) {
      const e = new NoApprovedHeadcounts(cycle.countyCode, cycle.schoolYear, facts.latestQuotaYear);
      await this.hints.finishRun(m, runId, 'failed', { error: { message: e.message, code: e.code } });
      return { status: 'failed' };
    }
    const values = await this.policy.values(m);
    const readMs = performance.now() - t0;
    let outcome: SolveOutcome;
    try {
      outcome = await this.solve(runId, cycle, facts, values, hintSettings(cycle.effectiveDate, values, `${cycle.id}:${computedAt.slice(0, 10)}`));
    } catch (err) {
      const e = err as { message: string; code?: string };
      await this.hints.finishRun(m, runId, 'failed', { error: { message: e.message, ...(e.code ? { code: e.code } : {}) } });
      throw err;
    }
    const computation = outcome.hints!;
    const t1 = performance.now();
    const result = await this.uow.run(async (w) => {
      if (await this.hints.lockAndCheckNewer(w, cycle.id, computedAt)) {
        await this.hints.finishRun(w, runId, 'superseded', { computedAt });
        return null;
      }
      const written = await this.hints.replace(w, cycle.id, runId, computation.teachers);
      const writeMs = performance.now() - t1;
      const stats = {
        plan: { status: computation.plan.status, moves: computation.plan.moves.length, objective: computation.plan.objective, infeasibilities: computation.plan.infeasibilities.length, violations: outcome.violations.length },
        scenarios: computation.scenarios,
        teachers: written.teachers,
        hints: written.hints,
        levels: levels(computation.teachers),
        ms: { read: Math.round(readMs), ...roundAll(computation.ms), worker: Math.round(outcome.workerMs), write: Math.round(writeMs) },
      };
      await this.hints.finishRun(w, runId, 'done', { computedAt, stats });
      return stats;
    });
    if (!result) return { status: 'superseded' };
    this.logger.info({ runId, cycleId: cycle.id, teachers: result.teachers, hints: result.hints, plan: result.plan.status, ms: result.ms }, 'hints computed');
    return { status: 'done', stats: result };
  }

  async runs(cycleId: string, authorize: (county: string) => void): Promise<HintRun[]> {
    const cycle = await this.cycles.findById(this.uow.reader, cycleId);
    if (!cycle) throw new CycleNotFound(cycleId);
    authorize(cycle.countyCode);
    return this.hints.runs(this.uow.reader, cycleId, 20);
  }

  private solve(runId: string, cycle: Cycle, facts: CountyPlanningFacts, values: PolicyValue[], settings: HintSettings): Promise<SolveOutcome> {
    return new Promise((resolve, reject) => {
      this.solver.submit(
        { jobId: `hints:${runId}`, sessionKey: `hints:${cycle.id}`, source: { kind: 'facts', cycle, facts, values }, pins: [], whatIf: null, hints: settings },
        {
          progress: () => undefined,
          done: (outcome) => (outcome.hints ? resolve(outcome) : reject(new Error('the solver answered without hints'))),
          cancelled: () => reject(new Error('the hint computation was cancelled')),
          failed: (error) => reject(Object.assign(new Error(error.message), error.code ? { code: error.code } : {})),
        },
      );
    });
  }
}

/** The nightly run of a cycle on a day: a v4-shaped UUID derived from both, so the day's run is queued once. */
export function nightlyRunId(cycleId: string, day: string): string {
  const h = createHash('sha256').update(`hints:${cycleId}:${day}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function levels(teachers: readonly { hints: readonly { level: string; suggested: boolean }[] }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of teachers) for (const h of t.hints) out[`${h.suggested ? 'suggested' : 'listed'}.${h.level}`] = (out[`${h.suggested ? 'suggested' : 'listed'}.${h.level}`] ?? 0) + 1;
  return out;
}

function roundAll(ms: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, Math.round(v)]));
}
