import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MoveRejected } from '@app/contracts';
import { AuditTrail } from '@app/audit';
import { Outbox, type PendingEvent } from '@app/messaging';
import { addDays, schoolYearOf } from '@app/rules';
import { StaleVersion } from '../../posts/domain/post';
import { decideApprovedPlan, type PlanMove } from '../domain/approved-plan';
import { appointedEvent, endedEvent } from './appointment.events';
import { PlanApplicationRepository } from './plan-application.repository';

const ROTATION_ACTOR = { subject: 'rotation', role: 'service' };

export type PlanOutcome = { status: 'gathering'; gathered: number; of: number } | { status: 'already_applied' } | { status: 'applied'; applied: number; rejected: number };

/**
 * Applies an approved plan whole (issue #9), in the consumer's transaction. Each rotation.MoveApproved.v2
 * is gathered; the plan's last one applies every move of the plan that shares an effective date at once:
 * the appointments the moves end are ended the day before, the new ones start, and posts, quotas and
 * workloads are checked on the state after the whole plan (decideApprovedPlan). Moves that still break a
 * rule there are recorded as rejected and announced with staffing.MoveRejected; the rest are applied.
 * A plan already applied changes nothing (redelivery, replay). Another writer changing a post or an
 * appointment first is a StaleVersion, which the consumer retries: never a rejection.
 */
@Injectable()
export class ApplyApprovedPlan {
  constructor(
    private readonly plans: PlanApplicationRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(m: EntityManager, move: PlanMove): Promise<PlanOutcome> {
    if (await this.plans.isApplied(m, move.planId)) return { status: 'already_applied' };
    const gathered = await this.plans.gather(m, move);
    if (gathered < move.planMoves) return { status: 'gathering', gathered, of: move.planMoves };
    const pending = await this.plans.pendingMoves(m, move.planId);
    const byDate = new Map<string, PlanMove[]>();
    for (const mv of pending) byDate.set(mv.effectiveDate, [...(byDate.get(mv.effectiveDate) ?? []), mv]);
    let applied = 0;
    let rejected = 0;
    for (const [date, moves] of [...byDate].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const r = await this.applyMoves(m, move.planId, date, moves);
      applied += r.applied;
      rejected += r.rejected;
    }
    await this.plans.markApplied(m, move.planId, move.countyCode, pending.length, applied, rejected);
    return { status: 'applied', applied, rejected };
  }

  /**
   * Applies moves of the plan that share an effective date, on the state after all of them (also the new
   * moves of an amendment, after its cancellations): the ends, the arrivals, the rejections with their
   * reasons, each move's outcome (with the ends it set as they were before, which undoing it restores).
   */
  async applyMoves(m: EntityManager, planId: string, date: string, moves: PlanMove[]): Promise<{ applied: number; rejected: number; moveIds: string[] }> {
    const facts = await this.plans.facts(m, moves, date, schoolYearOf(date));
    const decision = decideApprovedPlan(facts, moves);
    const endDate = addDays(date, -1);

    // 1. end what the applied moves end
    const ends = decision.applied.flatMap((a) => a.ends.map((appointment) => ({ appointment, reason: `move ${a.move.moveId}` })));
    const ended = await this.plans.endAll(m, ends, endDate);
    if (ended.length !== ends.length) {
      const missing = ends.find((e) => !ended.some((x) => x.id === e.appointment.id))!;
      throw new StaleVersion('appointment', missing.appointment.id);
    }
    // 2. claim the posts the movers arrive on (optimistic lock), 3. start the new appointments
    const arrivalPosts = [...new Map(decision.applied.filter((a) => a.post).map((a) => [a.post!.id, a.post!])).values()];
    if (!(await this.plans.claimPosts(m, arrivalPosts))) throw new StaleVersion('post', arrivalPosts.map((p) => p.id).join(','));
    const saved = await this.plans.insertAll(m, decision.applied.map((a) => a.appointment));
    const savedByMove = new Map(saved.map((a) => [a.moveId!, a]));

    const events: PendingEvent[] = [];
    const endedById = new Map(ended.map((a) => [a.id, a]));
    for (const a of decision.applied) {
      for (const e of a.ends) events.push(endedEvent(endedById.get(e.id)!, `move ${a.move.moveId}`));
      const s = savedByMove.get(a.move.moveId)!;
      events.push(appointedEvent(s, facts.teachers.get(a.move.teacherId)!.countyCode, a.post?.subjectCode ?? null));
    }
    for (const r of decision.rejected) events.push({ contract: MoveRejected, data: { moveId: r.move.moveId, teacherId: r.move.teacherId, code: r.code, reason: r.reason } });
    await this.plans.recordOutcomes(m, planId, [
      ...decision.applied.map((a) => ({
        moveId: a.move.moveId,
        teacherId: a.move.teacherId,
        status: 'applied' as const,
        appointmentId: savedByMove.get(a.move.moveId)!.id,
        priorEnds: a.ends.map((e) => ({ appointmentId: e.id, endDate: e.endDate })),
      })),
      ...decision.rejected.map((r) => ({ moveId: r.move.moveId, teacherId: r.move.teacherId, status: 'rejected' as const, code: r.code, reason: r.reason })),
    ]);
    await this.outbox.addAll(m, events);
    await this.audit.recordMany(
      m,
      decision.applied.map((a) => ({
        actor: ROTATION_ACTOR,
        countyCode: facts.teachers.get(a.move.teacherId)!.countyCode,
        action: 'move.apply',
        entityType: 'appointment',
        entityId: savedByMove.get(a.move.moveId)!.id,
        before: a.ends,
        after: { ...savedByMove.get(a.move.moveId)!, planId },
      })),
    );
    return { applied: decision.applied.length, rejected: decision.rejected.length, moveIds: moves.map((mv) => mv.moveId) };
  }
}
