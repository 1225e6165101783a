import { Injectable } from '@nestjs/common';
import { MoveApprovedV2, PlanApproved } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { DomainError } from '@app/errors';
import { Outbox, type PendingEvent } from '@app/messaging';
import { todayInShanghai } from '@app/rules';
import { PolicyValuesStore, UnitOfWork } from '@app/runtime';
import { Clock } from '../../cycles/application/clock';
import { CycleRepository } from '../../cycles/application/cycle.repository';
import { StaleCycleVersion } from '../../cycles/application/manage-cycles.use-case';
import { CycleNotFound, CycleTransitionRefused, transition, type Cycle } from '../../cycles/domain/cycle';
import type { Pin, PlannedMove } from '../../planning/domain';
import { approvedMoves, moveIdOf } from '../domain/approved-moves';
import { diffPlans, type PlanDiff } from '../domain/plan-diff';
import { ApprovalRecords } from './approval-records.service';
import { ApprovedPlanRepository, type ApprovedMoveRecord } from './approved-plan.repository';
import { PinRepository, PlanRepository, type ChosenPlan, type MoveRejection, type PlanNames, type PlanSummary, type StoredPlan } from './plan.repository';

/** What staffing did with each move of an approved plan, by teacher: what HR reads on the plan. */
export interface MoveOutcomes {
  applied: number;
  rejected: number;
  pending: number;
  moves: Record<string, { status: 'applied' | 'pending' } | { status: 'rejected'; code: string; reason: string }>;
}

/** Staffing's code when it refuses to cancel a move that has already taken effect. */
export const CANCELLATION_REFUSED = 'STAFFING.CANCELLATION_REFUSED';

/**
 * What staffing did with a move an amendment cancelled: undone (its appointment withdrawn, the ended ones
 * restored), refused (it had taken effect: it stands, with staffing's reason), nothing to undo (staffing
 * had rejected the move), or pending.
 */
export type CancellationOutcome = { status: 'undone' | 'nothing_to_undo' | 'pending' } | { status: 'refused'; code: string; reason: string };

/** The approved plan as it stands after its amendments: each move with its id, and what was cancelled. */
export interface AmendedState {
  amended: boolean;
  amendments: { amendmentId: string; cancelled: number; added: number }[];
  cancelled: { moveId: string; teacherId: string; fromSchoolId: string; toSchoolId: string; cancelledBy: string; outcome: CancellationOutcome }[];
}

export class PlanNotFound extends DomainError {
  constructor(id: string) {
    super('ROTATION.PLAN_NOT_FOUND', 'not_found', `no plan with id ${id} in this cycle`, { id });
  }
}

export class PlanNotApprovable extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ROTATION.PLAN_NOT_APPROVABLE', 'conflict', message, details);
  }
}

/**
 * Plans of a cycle once solved (see SolvePlans): pins, reading and comparing plans, proposing one and
 * approving the proposal — both through the cycle's transition() — which announces every move with
 * rotation.MoveApproved through the outbox, in the same transaction as the cycle's state, so staffing
 * applies exactly the approved plan.
 */
@Injectable()
export class CyclePlans {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cycles: CycleRepository,
    private readonly plans: PlanRepository,
    private readonly pinned: PinRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly policy: PolicyValuesStore,
    private readonly approved: ApprovedPlanRepository,
    private readonly clock: Clock,
    private readonly approvals: ApprovalRecords,
  ) {}

  /** Replaces the cycle's pins (audited); they apply to every later solve. */
  async setPins(actor: Actor, cycleId: string, pins: Pin[], authorize: (county: string) => void): Promise<Pin[]> {
    const cycle = await this.cycle(cycleId, authorize);
    if (cycle.state !== 'planning') throw new CycleTransitionRefused(cycle.state, 'proposed', `pins are set while the cycle is planning; it is ${cycle.state}`);
    return this.uow.run(async (m) => {
      const before = await this.pinned.replace(m, cycleId, pins, actor.subject);
      await this.audit.record(m, { actor, countyCode: cycle.countyCode, action: 'cycle.pins', entityType: 'cycle', entityId: cycleId, before, after: pins });
      return pins;
    });
  }

  async pins(cycleId: string, authorize: (county: string) => void): Promise<Pin[]> {
    await this.cycle(cycleId, authorize);
    return this.pinned.list(this.uow.reader, cycleId);
  }

  async get(
    cycleId: string,
    planId: string,
    authorize: (county: string) => void,
  ): Promise<StoredPlan & { rejections: MoveRejection[]; outcomes: MoveOutcomes; names: PlanNames; moveIds: Record<string, string> } & AmendedState> {
    const cycle = await this.cycle(cycleId, authorize);
    const stored = await this.plans.find(this.uow.reader, cycleId, planId);
    if (!stored) throw new PlanNotFound(planId);
    const approved = (cycle.state === 'approved' || cycle.state === 'executed') && cycle.proposedPlanId === planId;
    // The approved plan as it stands: its moves less those an amendment cancelled, plus those it added, each
    // with the id staffing knows it by (issue #13). A plan approved before approvals were recorded has its own.
    const records = approved && (await this.approvals.of(cycle)) ? await this.approved.moves(this.uow.reader, planId) : [];
    const current = records.filter((r) => r.cancelledBy === null);
    const plan: StoredPlan = records.length > 0 ? { ...stored, moves: current.map((r) => r.planned) } : stored;
    const moveIds: Record<string, string> = Object.fromEntries(records.length > 0 ? current.map((r) => [r.teacherId, r.moveId]) : plan.moves.map((m) => [m.teacherId, moveIdOf(planId, m.teacherId)]));
    // Moves staffing refused to apply (staffing.MoveRejected) and applied (its appointment carries the move
    // id and was not withdrawn), matched by the move ids approval gave them.
    const ids = Object.values(moveIds);
    const rejections = (await this.plans.rejections(this.uow.reader, ids)).filter((r) => r.code !== CANCELLATION_REFUSED);
    const applied = new Set(await this.plans.appliedMoves(this.uow.reader, ids));
    const refused = new Map(rejections.map((r) => [r.teacherId, r]));
    const outcomes: MoveOutcomes = { applied: 0, rejected: 0, pending: 0, moves: {} };
    if (approved) {
      for (const mv of plan.moves) {
        const r = refused.get(mv.teacherId);
        if (applied.has(moveIds[mv.teacherId])) {
          outcomes.applied++;
          outcomes.moves[mv.teacherId] = { status: 'applied' };
        } else if (r) {
          outcomes.rejected++;
          outcomes.moves[mv.teacherId] = { status: 'rejected', code: r.code, reason: r.reason };
        } else {
          outcomes.pending++;
          outcomes.moves[mv.teacherId] = { status: 'pending' };
        }
      }
    }
    const amended = await this.amendedState(records);
    const names = await this.plans.names(this.uow.reader, [...plan.moves.map((m) => m.teacherId), ...amended.cancelled.map((c) => c.teacherId)], [...plan.moves, ...amended.cancelled].flatMap((m) => [m.fromSchoolId, m.toSchoolId]));
    return { ...plan, rejections, outcomes, names, moveIds, ...amended };
  }

  /** The amendments of an approved plan and what staffing did with each move they cancelled. */
  private async amendedState(records: readonly ApprovedMoveRecord[]): Promise<AmendedState> {
    const cancelled = records.filter((r) => r.cancelledBy !== null);
    const byAmendment = new Map<string, { cancelled: number; added: number }>();
    const count = (id: string) => byAmendment.get(id) ?? byAmendment.set(id, { cancelled: 0, added: 0 }).get(id)!;
    for (const r of records) if (r.amendmentId) count(r.amendmentId).added++;
    for (const r of cancelled) count(r.cancelledBy!).cancelled++;
    const ids = cancelled.map((r) => r.moveId);
    const withdrawn = new Set(await this.approved.withdrawnMoves(this.uow.reader, ids));
    const rejectionsById = new Map((await this.plans.rejectionsById(this.uow.reader, ids)).map((r) => [r.moveId, r]));
    const outcome = (moveId: string): CancellationOutcome => {
      if (withdrawn.has(moveId)) return { status: 'undone' };
      const r = rejectionsById.get(moveId);
      if (r?.code === CANCELLATION_REFUSED) return { status: 'refused', code: r.code, reason: r.reason };
      if (r) return { status: 'nothing_to_undo' };
      return { status: 'pending' };
    };
    return {
      amended: byAmendment.size > 0,
      amendments: [...byAmendment].map(([amendmentId, n]) => ({ amendmentId, ...n })),
      cancelled: cancelled.map((r) => ({ moveId: r.moveId, teacherId: r.teacherId, fromSchoolId: r.planned.fromSchoolId, toSchoolId: r.planned.toSchoolId, cancelledBy: r.cancelledBy!, outcome: outcome(r.moveId) })),
    };
  }

  /** The cycle's plans, newest first, without their moves. */
  async list(cycleId: string, authorize: (county: string) => void): Promise<PlanSummary[]> {
    await this.cycle(cycleId, authorize);
    return this.plans.list(this.uow.reader, cycleId);
  }

  /**
   * The plan's numbers behind the city dashboard (R1 share, R4 flows, backbone share, obligations met):
   * per cycle, the plan that was approved or is proposed, or else the latest one.
   */
  async targets(countyCode: string | undefined): Promise<ChosenPlan[]> {
    return this.plans.chosenPlans(this.uow.reader, countyCode);
  }

  async diff(cycleId: string, planId: string, otherId: string, authorize: (county: string) => void): Promise<PlanDiff & { from: number; to: number }> {
    const [a, b] = [await this.get(cycleId, otherId, authorize), await this.get(cycleId, planId, authorize)];
    return { from: a.number, to: b.number, ...diffPlans(a.moves, b.moves) };
  }

  /** planning → proposed with this plan; only a plan without infeasibilities can be proposed. */
  async propose(actor: Actor, cycleId: string, planId: string, version: number, authorize: (county: string) => void): Promise<Cycle> {
    const plan = await this.get(cycleId, planId, authorize);
    if (plan.status === 'infeasible') throw new PlanNotApprovable(`plan ${plan.number} breaks hard constraints; re-solve with pins or deferrals first`, { infeasibilities: plan.infeasibilities.length });
    return this.uow.run(async (m) => {
      const before = await this.cycles.findById(m, cycleId);
      if (!before) throw new CycleNotFound(cycleId);
      const saved = await this.cycles.save(m, transition(before, 'proposed', todayInShanghai(), { planId }), version);
      if (!saved) throw new StaleCycleVersion(cycleId);
      await this.audit.record(m, { actor, countyCode: saved.countyCode, action: 'cycle.proposed', entityType: 'cycle', entityId: cycleId, before, after: { ...saved, planNumber: plan.number } });
      return saved;
    });
  }

  /**
   * proposed → approved: the plan is announced (rotation.PlanApproved, for the people it concerns) and every
   * move goes out as rotation.MoveApproved.v2 (for staffing), in the transaction of the approval; the day is
   * recorded, since the teachers are told that day and their appeal period counts from it.
   */
  async approve(actor: Actor, cycleId: string, version: number, authorize: (county: string) => void): Promise<{ cycle: Cycle; moves: number }> {
    const cycle = await this.cycle(cycleId, authorize);
    if (cycle.state !== 'proposed' || !cycle.proposedPlanId) throw new CycleTransitionRefused(cycle.state, 'approved');
    const now = this.clock.now();
    const approvedOn = todayInShanghai(now);
    return this.uow.run(async (m) => {
      const before = await this.cycles.findById(m, cycleId);
      if (!before) throw new CycleNotFound(cycleId);
      const planId = before.proposedPlanId;
      const saved = await this.cycles.save(m, transition(before, 'approved', approvedOn, { planId: planId ?? undefined }), version);
      if (!saved) throw new StaleCycleVersion(cycleId);
      const plan = (await this.plans.find(m, cycleId, planId!))!;
      // The plan is the unit (issue #9): every move carries the plan id and the plan's size, and says which
      // of the teacher's current appointments end and the post and share of the new one.
      const teacherIds = plan.moves.map((mv) => mv.teacherId);
      const appointments = await this.plans.moverAppointments(m, teacherIds);
      const moves = approvedMoves(
        plan.moves,
        saved.effectiveDate,
        appointments,
        await this.plans.posts(m, saved.countyCode, saved.schoolYear),
        await this.policy.values(m),
        (teacherId) => moveIdOf(plan.id, teacherId),
      );
      const events: PendingEvent[] = [
        {
          contract: PlanApproved,
          data: { cycleId, planId: plan.id, countyCode: saved.countyCode, schoolYear: saved.schoolYear, effectiveDate: saved.effectiveDate, moves: moves.length, approvedBy: actor.subject },
        },
        ...moves.map((mv) => ({ contract: MoveApprovedV2, data: { planId: plan.id, cycleId, countyCode: saved.countyCode, planMoves: moves.length, ...mv } })),
      ];
      await this.outbox.addAll(m, events);
      await this.approved.recordApproval(m, { planId: plan.id, cycleId, countyCode: saved.countyCode, approvedAt: now.toISOString(), approvedOn, approvedBy: actor.subject });
      const planned = new Map(plan.moves.map((mv) => [mv.teacherId, mv]));
      const endOf = new Map(appointments.map((a) => [a.id, a.endDate]));
      await this.approved.insertMoves(
        m,
        moves.map((mv) => ({
          moveId: mv.moveId,
          planId: plan.id,
          teacherId: mv.teacherId,
          amendmentId: null,
          toldOn: approvedOn,
          planned: planned.get(mv.teacherId)!,
          announced: mv,
          priorEnds: mv.endsAppointmentIds.map((id) => ({ appointmentId: id, endDate: endOf.get(id) ?? null })),
        })),
      );
      await this.audit.record(m, { actor, countyCode: saved.countyCode, action: 'cycle.approved', entityType: 'cycle', entityId: cycleId, before, after: { ...saved, moves: plan.moves.length, approvedOn } });
      return { cycle: saved, moves: plan.moves.length };
    });
  }

  private async cycle(id: string, authorize: (county: string) => void): Promise<Cycle> {
    const cycle = await this.cycles.findById(this.uow.reader, id);
    if (!cycle) throw new CycleNotFound(id);
    authorize(cycle.countyCode);
    return cycle;
  }
}

/** One move id per plan and teacher, stable across retries (see plans/domain/approved-moves.ts). */
export { moveIdOf };
