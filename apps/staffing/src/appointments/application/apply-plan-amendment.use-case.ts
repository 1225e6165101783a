import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MoveRejected } from '@app/contracts';
import { AuditTrail } from '@app/audit';
import { Outbox, type PendingEvent } from '@app/messaging';
import { StaleVersion } from '../../posts/domain/post';
import type { PlanMove } from '../domain/approved-plan';
import { decideCancellations, newMovesAfterCancellations, type AmendmentEvent } from '../domain/plan-amendment';
import { AmendmentApplicationRepository } from './amendment-application.repository';
import { ApplyApprovedPlan } from './apply-approved-plan.use-case';
import { correctedEvent, withdrawnEvent } from './appointment.events';
import { PlanApplicationRepository } from './plan-application.repository';

const ROTATION_ACTOR = { subject: 'rotation', role: 'service' };

export type AmendmentOutcome = { status: 'already_applied' } | { status: 'applied'; undone: number; refused: number; skipped: number; applied: number; rejected: number };

/**
 * Applies an amended plan (rotation.PlanAmended, issue #13) in the consumer's transaction, like a whole
 * plan, on the end state: the cancelled moves first (decideCancellations: undone while their effective date
 * is ahead — the appointment withdrawn, the ends it set restored by correction —, refused with
 * staffing.MoveRejected once they have taken effect, nothing to undo when staffing had rejected them), then
 * the new moves on the state after that (ApplyApprovedPlan.applyMoves: posts, quotas and workloads checked
 * on the end state, a move that still breaks a rule rejected with the numbers, the rest applied). An
 * amendment already applied changes nothing (a redelivery, a replay). Another writer first: StaleVersion,
 * retried by the consumer.
 */
@Injectable()
export class ApplyPlanAmendment {
  constructor(
    private readonly amendments: AmendmentApplicationRepository,
    private readonly plans: PlanApplicationRepository,
    private readonly applyPlan: ApplyApprovedPlan,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(m: EntityManager, e: AmendmentEvent, today: string): Promise<AmendmentOutcome> {
    if (await this.amendments.isApplied(m, e.amendmentId)) return { status: 'already_applied' };
    const facts = await this.amendments.cancelledMoves(m, e.planId, e.cancelledMoveIds);
    await this.amendments.lockTeachers(m, [...facts.flatMap((f) => ('teacherId' in f ? [f.teacherId] : [])), ...e.moves.map((mv) => mv.teacherId)]);
    const decisions = decideCancellations(facts, today, e.amendmentId);
    const postIds = decisions.flatMap((d) => (d.kind === 'undo' ? d.restore.flatMap((r) => (r.appointment.postId ? [r.appointment.postId] : [])) : []));
    const { counties, subjects } = await this.amendments.labels(m, decisions.flatMap((d) => (d.teacherId ? [d.teacherId] : [])), postIds);

    // 1. the cancelled moves
    const events: PendingEvent[] = [];
    const restoredAs = new Map<string, string>();
    const counts = { undone: 0, refused: 0, skipped: 0 };
    for (const d of decisions) {
      if (d.kind === 'undo') {
        const county = counties.get(d.teacherId)!;
        if (!(await this.amendments.withdraw(m, d.withdraw, d.reason))) throw new StaleVersion('appointment', d.withdraw.id);
        events.push(withdrawnEvent(d.withdraw, county, d.reason));
        const restored = [];
        for (const r of d.restore) {
          const saved = await this.amendments.restore(m, r.appointment, r.endDate, d.reason);
          if (!saved) throw new StaleVersion('appointment', r.appointment.id);
          restoredAs.set(r.appointment.id, saved.id);
          restored.push(saved);
          events.push(correctedEvent(saved, r.appointment.id, county, r.appointment.postId ? (subjects.get(r.appointment.postId) ?? null) : null));
        }
        await this.amendments.markCancellation(m, d.moveId, e.amendmentId, 'undone', d.reason);
        await this.audit.record(m, { actor: ROTATION_ACTOR, countyCode: county, action: 'move.cancel', entityType: 'appointment', entityId: d.withdraw.id, before: { withdrawn: d.withdraw, ended: d.restore.map((r) => r.appointment) }, after: { restored, amendmentId: e.amendmentId, moveId: d.moveId } });
        counts.undone++;
      } else if (d.kind === 'refuse') {
        events.push({ contract: MoveRejected, data: { moveId: d.moveId, teacherId: d.teacherId, code: d.code, reason: d.reason } });
        await this.amendments.markCancellation(m, d.moveId, e.amendmentId, 'refused', d.reason);
        await this.audit.record(m, { actor: ROTATION_ACTOR, countyCode: counties.get(d.teacherId) ?? e.countyCode, action: 'move.cancel_refused', entityType: 'move', entityId: d.moveId, before: null, after: { amendmentId: e.amendmentId, code: d.code, reason: d.reason } });
        counts.refused++;
      } else if (d.kind === 'skip') {
        await this.amendments.recordSkipped(m, d.moveId, d.teacherId, e.planId, e.amendmentId, d.reason);
        counts.skipped++;
      } else if (d.teacherId) {
        await this.amendments.markCancellation(m, d.moveId, e.amendmentId, 'not_applied', d.reason);
      }
    }
    // the undo's events before the new moves': a restored appointment exists before a new move ends it
    await this.outbox.addAll(m, events);

    // 2. the new moves, on the state after the cancellations
    const { apply, reject } = newMovesAfterCancellations(e.moves, decisions, restoredAs);
    if (reject.length > 0) {
      await this.plans.recordOutcomes(m, e.planId, reject.map((r) => ({ moveId: r.move.moveId, teacherId: r.move.teacherId, status: 'rejected' as const, code: r.code, reason: r.reason })));
      await this.outbox.addAll(m, reject.map((r) => ({ contract: MoveRejected, data: { moveId: r.move.moveId, teacherId: r.move.teacherId, code: r.code, reason: r.reason } })));
    }
    const byDate = new Map<string, PlanMove[]>();
    for (const mv of apply) {
      const move: PlanMove = { ...mv, planId: e.planId, cycleId: e.cycleId, countyCode: e.countyCode, planMoves: Math.max(1, e.moves.length) };
      byDate.set(mv.effectiveDate, [...(byDate.get(mv.effectiveDate) ?? []), move]);
    }
    let applied = 0;
    let rejected = reject.length;
    for (const [date, moves] of [...byDate].sort(([x], [y]) => (x < y ? -1 : 1))) {
      const r = await this.applyPlan.applyMoves(m, e.planId, date, moves);
      applied += r.applied;
      rejected += r.rejected;
    }
    await this.amendments.markAdded(m, e.moves.map((mv) => mv.moveId), e.amendmentId);
    await this.amendments.markApplied(m, { amendmentId: e.amendmentId, planId: e.planId, countyCode: e.countyCode, cancelled: e.cancelledMoveIds.length, undone: counts.undone, refused: counts.refused, applied, rejected });
    return { status: 'applied', ...counts, applied, rejected };
  }
}
