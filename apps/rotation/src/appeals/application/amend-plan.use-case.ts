import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { AppealDecided, PlanAmended } from '@app/contracts';
import { AuditTrail } from '@app/audit';
import type { Principal } from '@app/auth';
import { Outbox, ReadModelFreshness } from '@app/messaging';
import { todayInShanghai } from '@app/rules';
import { LOGGER, PolicyValuesStore, UnitOfWork } from '@app/runtime';
import { Clock } from '../../cycles/application/clock';
import { CycleRepository } from '../../cycles/application/cycle.repository';
import { StaleCycleVersion } from '../../cycles/application/manage-cycles.use-case';
import { CycleNotFound, type Cycle } from '../../cycles/domain/cycle';
import { ApprovedPlanRepository, type ApprovedMoveRecord } from '../../plans/application/approved-plan.repository';
import { moveIdOf } from '../../plans/application/cycle-plans.use-case';
import { PlanRepository } from '../../plans/application/plan.repository';
import { PlannerFactsRepository } from '../../plans/application/planner-facts.repository';
import { PlanSolver, type SolveOutcome, type SolveProgress } from '../../plans/application/solve-protocol';
import { SolveRepository } from '../../plans/application/solve.repository';
import { approvedMoves, type MoverAppointmentRow } from '../../plans/domain/approved-moves';
import {
  amendmentBaseline,
  amendmentChanges,
  AmendmentInvalid,
  AmendmentNotApprovable,
  AmendmentNotFound,
  amendmentPins,
  AmendmentStale,
  beforePlan,
  checkAction,
  type AmendmentAction,
  type StandingMove,
} from '../domain/amendment';
import { AppealNotFound, checkOpen, StaleAppealVersion, type Appeal } from '../domain/appeal';
import { AmendmentFactsRepository } from './amendment-facts.repository';
import { AmendmentRepository, type AmendmentRecord } from './amendment.repository';
import { AppealRepository } from './appeal.repository';
import { assertCanDecide } from './appeals.use-case';

const standingOf = (r: ApprovedMoveRecord): StandingMove => ({ moveId: r.moveId, teacherId: r.teacherId, planned: r.planned });

/**
 * Amending an approved plan to answer an appeal (issue #13). HR chooses what happens to the appealed move —
 * forbidden, or pinned to another school — and the cycle is re-solved in a solver thread on the county as
 * it stood before the plan, keeping every other approved move unless the rules force a change (the
 * planner's baseline); HR reads the amendment's diff against the plan as it stands and approves it like a
 * plan (the cycle's version: 409 when stale). Approval writes, in one transaction: the moves cancelled and
 * added, the appeal decided, rotation.PlanAmended (for staffing: cancelled move ids and the new moves with
 * what each ends) and rotation.AppealDecided, and the audit rows.
 */
@Injectable()
export class AmendPlan {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly appeals: AppealRepository,
    private readonly amendments: AmendmentRepository,
    private readonly cycles: CycleRepository,
    private readonly approved: ApprovedPlanRepository,
    private readonly plans: PlanRepository,
    private readonly facts: PlannerFactsRepository,
    private readonly amendmentFacts: AmendmentFactsRepository,
    private readonly solves: SolveRepository,
    private readonly solver: PlanSolver,
    private readonly policy: PolicyValuesStore,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly freshness: ReadModelFreshness,
    @Inject(LOGGER) private readonly logger: Pick<Logger, 'warn' | 'error'>,
  ) {}

  /** Starts the re-solve; answers at once with the amendment to poll. */
  async start(p: Principal, appealId: string, action: AmendmentAction) {
    const m = this.uow.reader;
    const appeal = await this.appeals.find(m, appealId);
    if (!appeal) throw new AppealNotFound(appealId);
    assertCanDecide(p, appeal.countyCode);
    checkOpen(appeal);
    const cycle = await this.cycleOf(m, appeal);
    const { records, standing } = await this.standing(m, appeal.planId);
    const appealed = standing.find((s) => s.moveId === appeal.moveId);
    if (!appealed) throw new AmendmentInvalid('the appealed move was changed by an amendment approved since the appeal was filed; decide the appeal on the plan as it stands (uphold it)', { moveId: appeal.moveId });
    // An amended plan from half the facts is worse than none (as for a solve).
    await this.freshness.assertCaughtUp();
    const county = await this.facts.countyFacts(m, cycle);
    checkAction(action, appealed.planned, new Set(county.schools.map((s) => s.id)));
    const successors = await this.amendmentFacts.successors(m, [...new Set(records.map((r) => r.teacherId))]);
    const before = { ...county, stints: beforePlan(county.stints, new Set(records.map((r) => r.moveId)), records.flatMap((r) => r.priorEnds), successors) };
    const plan = (await this.plans.find(m, cycle.id, appeal.planId))!;
    const pins = amendmentPins(plan.pins, appealed.planned, action);
    const baseline = amendmentBaseline(standing, appeal.teacherId);
    const values = await this.policy.values(m);
    const amendment = await this.uow.run(async (w) => {
      const solve = await this.solves.insert(w, { cycleId: cycle.id, whatIf: null, pins, requestedBy: p.subject });
      const saved = await this.amendments.insert(w, { cycleId: cycle.id, planId: appeal.planId, appealId: appeal.id, solveId: solve.id, action, baselineVersion: cycle.version, createdBy: p.subject });
      await this.audit.record(w, { actor: p, countyCode: appeal.countyCode, action: 'amendment.solve', entityType: 'amendment', entityId: saved.id, before: null, after: { number: saved.number, appealId: appeal.id, action, pins, solveId: solve.id, baselineVersion: cycle.version } });
      return saved;
    });
    let stage: string | null = null;
    this.solver.submit(
      { jobId: amendment.solveId!, sessionKey: `amendment:${cycle.id}`, source: { kind: 'facts', cycle, facts: before, values, baseline }, pins, whatIf: null },
      {
        progress: (pr: SolveProgress) => {
          if (pr.stage === stage) return; // one write per stage: the amendment's poller wants where it is, not every iteration
          stage = pr.stage;
          void this.solves.progress(this.uow.reader, amendment.solveId!, pr).catch((err: Error) => this.logger.warn({ amendmentId: amendment.id, err: err.message }, 'amendment progress not recorded'));
        },
        done: (o) => void this.solved(amendment, o).catch((err: Error) => this.failed(amendment, { message: err.message })),
        cancelled: () => this.failed(amendment, { message: 'cancelled' }, 'cancelled'),
        failed: (error) => this.failed(amendment, error),
      },
    );
    return this.get(p, appeal.id, amendment.id);
  }

  /** The amendment with its diff against the approved plan as it stands, and where its solve is. */
  async get(p: Principal, appealId: string, amendmentId: string) {
    const m = this.uow.reader;
    const appeal = await this.appeals.find(m, appealId);
    if (!appeal) throw new AppealNotFound(appealId);
    assertCanDecide(p, appeal.countyCode);
    const a = await this.amendments.find(m, amendmentId);
    if (!a || a.appealId !== appeal.id) throw new AmendmentNotFound(amendmentId);
    const cycle = await this.cycleOf(m, appeal);
    const solve = a.solveId ? await this.solves.find(m, cycle.id, a.solveId) : null;
    // a solve its instance abandoned (stopped mid-solve) fails the amendment too
    const status = a.status === 'solving' && solve && (solve.status === 'failed' || solve.status === 'cancelled') ? 'failed' : a.status;
    const { standing } = await this.standing(m, a.planId);
    // an approved amendment's changes are what it changed then; a pending one's, what it would change now
    const base = a.status === 'approved' ? (await this.approved.moves(m, a.planId)).filter((r) => r.cancelledBy === a.id || (r.cancelledBy === null && r.amendmentId !== a.id)).map(standingOf) : standing;
    const changes = a.result ? amendmentChanges(base, a.result.moves) : null;
    const names = changes
      ? await this.plans.names(m, [...changes.cancelled.map((c) => c.teacherId), ...changes.added.map((x) => x.teacherId)], [...changes.cancelled.map((c) => c.planned), ...changes.added].flatMap((x) => [x.fromSchoolId, x.toSchoolId]))
      : { teachers: {}, schools: {} };
    return {
      id: a.id,
      number: a.number,
      appealId: a.appealId,
      cycleId: a.cycleId,
      planId: a.planId,
      status,
      action: a.action,
      baselineVersion: a.baselineVersion,
      /** the version to approve with; stale: the plan changed since the re-solve */
      cycleVersion: cycle.version,
      stale: a.status !== 'approved' && a.baselineVersion !== cycle.version,
      solve: solve ? { solveId: solve.id, status: solve.status, progress: solve.progress, error: solve.error } : null,
      error: status === 'failed' ? (a.error ?? solve?.error ?? null) : null,
      result: a.result ? { planStatus: a.result.planStatus, objective: a.result.objective, moves: a.result.moves.length, metrics: a.result.metrics, infeasibilities: a.result.infeasibilities, violations: a.result.violations } : null,
      changes: changes
        ? {
            cancelled: changes.cancelled.map((c) => ({ moveId: c.moveId, teacherId: c.teacherId, fromSchoolId: c.planned.fromSchoolId, toSchoolId: c.planned.toSchoolId })),
            added: changes.added.map((x) => ({ teacherId: x.teacherId, fromSchoolId: x.fromSchoolId, toSchoolId: x.toSchoolId, pinned: x.pinned, mandatory: x.mandatory })),
            kept: changes.kept,
            diff: changes.diff,
          }
        : null,
      names,
      createdBy: a.createdBy,
      createdAt: a.createdAt,
      approvedBy: a.approvedBy,
      approvedAt: a.approvedAt,
      reason: a.reason,
    };
  }

  /** Approves the amendment: the plan is amended, the appeal decided, staffing and the people told. */
  async approve(p: Principal, appealId: string, amendmentId: string, version: number, reason: string) {
    const now = this.clock.now();
    const approvedOn = todayInShanghai(now);
    await this.uow.run(async (m) => {
      const appeal = await this.appeals.lock(m, appealId);
      if (!appeal) throw new AppealNotFound(appealId);
      assertCanDecide(p, appeal.countyCode);
      checkOpen(appeal);
      const a = await this.amendments.find(m, amendmentId);
      if (!a || a.appealId !== appeal.id) throw new AmendmentNotFound(amendmentId);
      if (a.status !== 'ready') throw new AmendmentNotApprovable(a.status);
      const cycle = await this.cycleOf(m, appeal);
      if (cycle.version !== version) throw new StaleCycleVersion(cycle.id);
      if (a.baselineVersion !== cycle.version) throw new AmendmentStale(a.baselineVersion, cycle.version);
      const savedCycle = await this.cycles.save(m, cycle, version);
      if (!savedCycle) throw new StaleCycleVersion(cycle.id);

      const { records, standing } = await this.standing(m, a.planId);
      const changes = amendmentChanges(standing, a.result!.moves);
      // What each new move ends, on the county as it stood before the plan (the ends the plan's moves set given back).
      const teacherIds = changes.added.map((x) => x.teacherId);
      const successors = await this.amendmentFacts.successors(m, teacherIds);
      const rows = (await this.plans.moverAppointments(m, teacherIds)).map((r) => ({ ...r, appointmentId: r.id }));
      const before: MoverAppointmentRow[] = beforePlan(rows, new Set(records.map((r) => r.moveId)), records.flatMap((r) => r.priorEnds), successors).map(({ appointmentId: _id, ...r }) => r);
      const announced = approvedMoves(changes.added, cycle.effectiveDate, before, await this.plans.posts(m, cycle.countyCode, cycle.schoolYear), await this.policy.values(m), (teacherId) => moveIdOf(a.id, teacherId));
      const endOf = new Map(before.map((r) => [r.id, r.endDate]));
      const planned = new Map(changes.added.map((x) => [x.teacherId, x]));

      if ((await this.approved.cancel(m, changes.cancelled.map((c) => c.moveId), a.id, now.toISOString())) !== changes.cancelled.length) throw new AmendmentStale(a.baselineVersion, cycle.version + 1);
      await this.approved.insertMoves(
        m,
        announced.map((mv) => ({
          moveId: mv.moveId,
          planId: a.planId,
          teacherId: mv.teacherId,
          amendmentId: a.id,
          toldOn: approvedOn,
          planned: planned.get(mv.teacherId)!,
          announced: mv,
          priorEnds: mv.endsAppointmentIds.map((id) => ({ appointmentId: id, endDate: endOf.get(id) ?? null })),
        })),
      );
      if (!(await this.amendments.approve(m, a.id, { approvedBy: p.subject, approvedAt: now.toISOString(), approvedOn, reason }))) throw new AmendmentNotApprovable('approved');
      const decided = await this.appeals.decide(m, appeal.id, appeal.version, { status: 'amended', decidedAt: now.toISOString(), decidedBy: p.subject, decisionReason: reason, amendmentId: a.id });
      if (!decided) throw new StaleAppealVersion(appeal.id);
      await this.outbox.addAll(m, [
        {
          contract: PlanAmended,
          data: { planId: a.planId, amendmentId: a.id, cycleId: cycle.id, countyCode: cycle.countyCode, appealId: appeal.id, cancelledMoveIds: changes.cancelled.map((c) => c.moveId), moves: announced },
        },
        {
          contract: AppealDecided,
          data: { appealId: appeal.id, cycleId: cycle.id, moveId: appeal.moveId, teacherId: appeal.teacherId, countyCode: appeal.countyCode, decision: 'amended', amendmentId: a.id, reason, decidedAt: now.toISOString() },
        },
      ]);
      const cancelledRecords = records.filter((r) => changes.cancelled.some((c) => c.moveId === r.moveId));
      await this.audit.recordMany(m, [
        { actor: p, countyCode: cycle.countyCode, action: 'amendment.approved', entityType: 'amendment', entityId: a.id, before: { cancelled: cancelledRecords.map((r) => r.announced) }, after: { number: a.number, added: announced, reason } },
        { actor: p, countyCode: cycle.countyCode, action: 'appeal.amended', entityType: 'appeal', entityId: appeal.id, before: appeal, after: decided },
        { actor: p, countyCode: cycle.countyCode, action: 'cycle.amended', entityType: 'cycle', entityId: cycle.id, before: cycle, after: { ...savedCycle, amendmentId: a.id } },
      ]);
    });
    return this.get(p, appealId, amendmentId);
  }

  private async solved(a: AmendmentRecord, o: SolveOutcome): Promise<void> {
    const status = o.plan.status === 'infeasible' ? 'infeasible' : 'ready';
    await this.uow.run(async (m) => {
      await this.amendments.finish(m, a.id, status, {
        result: { planStatus: o.plan.status, objective: o.plan.objective, moves: o.plan.moves, metrics: o.metrics, infeasibilities: o.plan.infeasibilities, violations: o.violations },
      });
      await this.solves.finish(m, a.solveId!, 'done', { result: { amendmentId: a.id, status: o.plan.status, moves: o.plan.moves.length, mode: o.mode, workerMs: Math.round(o.workerMs) } });
    });
  }

  private failed(a: AmendmentRecord, error: { message: string; code?: string }, status: 'failed' | 'cancelled' = 'failed'): void {
    this.logger.warn({ amendmentId: a.id, err: error.message, code: error.code }, 'amendment solve failed');
    const e = { message: error.message, ...(error.code ? { code: error.code } : {}) };
    void this.uow
      .run(async (m) => {
        await this.amendments.finish(m, a.id, 'failed', { error: e });
        await this.solves.finish(m, a.solveId!, status, { error: e });
      })
      .catch((err: Error) => this.logger.error({ amendmentId: a.id, err: err.message }, 'amendment outcome not recorded'));
  }

  private async standing(m: EntityManager, planId: string): Promise<{ records: ApprovedMoveRecord[]; standing: StandingMove[] }> {
    const records = await this.approved.moves(m, planId);
    return { records, standing: records.filter((r) => r.cancelledBy === null).map(standingOf) };
  }

  private async cycleOf(m: EntityManager, appeal: Appeal): Promise<Cycle> {
    const cycle = await this.cycles.findById(m, appeal.cycleId);
    if (!cycle) throw new CycleNotFound(appeal.cycleId);
    return cycle;
  }
}
