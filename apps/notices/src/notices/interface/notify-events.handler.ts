import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  AdjustmentPosted,
  AppealDecided,
  AppealFiled,
  ComplianceRestored,
  ComplianceShortfall,
  CycleOpened,
  MoveApprovedV2,
  MoveRejected,
  ObligationRaised,
  PlanAmended,
  PlanApproved,
  PreferencesSubmitted,
  type EventData,
} from '@app/contracts';
import { EventContext, type ReceivedEvent } from '@app/messaging';
import { Directory } from '../../directory/application/directory';
import { NotifyService } from '../application/notify.service';

const src = (e: ReceivedEvent) => ({ id: e.id, type: e.type });

/** The decisions and deadlines people are told about: each event → its notices, in the consumer's transaction. */
@Controller()
export class NotifyEventsHandler {
  constructor(
    private readonly notify: NotifyService,
    private readonly directory: Directory,
  ) {}

  @EventPattern(MoveApprovedV2.type)
  async moveApproved(@Payload() e: ReceivedEvent<EventData<typeof MoveApprovedV2>>, @Ctx() ctx: EventContext) {
    const d = e.data;
    await this.directory.recordMoves(ctx.manager, d.planId, null, [{ moveId: d.moveId, teacherId: d.teacherId, fromSchoolId: d.fromSchoolId, toSchoolId: d.toSchoolId, kind: d.kind, effectiveDate: d.effectiveDate, endDate: d.endDate }]);
    return this.notify.moveApproved(ctx.manager, src(e), d);
  }

  /** After the plan's moves (same topic and key): the cancelled moves are read before they are marked, the new ones recorded. */
  @EventPattern(PlanAmended.type)
  async planAmended(@Payload() e: ReceivedEvent<EventData<typeof PlanAmended>>, @Ctx() ctx: EventContext) {
    const m = ctx.manager;
    const d = e.data;
    const cancelled = await this.directory.moves(m, d.cancelledMoveIds);
    const appeal = d.appealId ? await this.directory.appeal(m, d.appealId) : null;
    const [appealedMove] = appeal ? await this.directory.moves(m, [appeal.moveId]) : [];
    await this.directory.markCancelled(m, d.cancelledMoveIds, d.amendmentId);
    await this.directory.recordMoves(m, d.planId, d.amendmentId, d.moves);
    return this.notify.planAmended(m, src(e), d, { cancelled, appellant: appeal ? { teacherId: appeal.teacherId, appealedMoveId: appeal.moveId, appealedMove: appealedMove ?? null } : null });
  }

  @EventPattern(MoveRejected.type)
  moveRejected(@Payload() e: ReceivedEvent<EventData<typeof MoveRejected>>, @Ctx() ctx: EventContext) {
    return this.notify.moveRejected(ctx.manager, src(e), e.data);
  }

  @EventPattern(ObligationRaised.type)
  async obligationRaised(@Payload() e: ReceivedEvent<EventData<typeof ObligationRaised>>, @Ctx() ctx: EventContext) {
    const before = await this.directory.swapObligation(ctx.manager, e.data);
    return this.notify.obligationRaised(ctx.manager, src(e), e.data, before);
  }

  @EventPattern(CycleOpened.type)
  async cycleOpened(@Payload() e: ReceivedEvent<EventData<typeof CycleOpened>>, @Ctx() ctx: EventContext) {
    const d = e.data;
    await this.directory.recordCycle(ctx.manager, { cycleId: d.cycleId, countyCode: d.countyCode, schoolYear: d.schoolYear, deadline: d.preferenceDeadline, effectiveDate: d.effectiveDate }, e.id);
    return this.notify.cycleOpened(ctx.manager, src(e), d);
  }

  @EventPattern(PreferencesSubmitted.type)
  submitted(@Payload() e: ReceivedEvent<EventData<typeof PreferencesSubmitted>>, @Ctx() ctx: EventContext) {
    return this.directory.recordSubmission(ctx.manager, e.data);
  }

  @EventPattern(PlanApproved.type)
  async planApproved(@Payload() e: ReceivedEvent<EventData<typeof PlanApproved>>, @Ctx() ctx: EventContext) {
    await this.directory.markCycleApproved(ctx.manager, e.data.cycleId);
    return this.notify.planApproved(ctx.manager, src(e), e.data);
  }

  @EventPattern(AppealFiled.type)
  async appealFiled(@Payload() e: ReceivedEvent<EventData<typeof AppealFiled>>, @Ctx() ctx: EventContext) {
    await this.directory.recordAppeal(ctx.manager, e.data);
    return this.notify.appealFiled(ctx.manager, src(e), e.data);
  }

  @EventPattern(AppealDecided.type)
  appealDecided(@Payload() e: ReceivedEvent<EventData<typeof AppealDecided>>, @Ctx() ctx: EventContext) {
    return this.notify.appealDecided(ctx.manager, src(e), e.data);
  }

  @EventPattern(AdjustmentPosted.type)
  adjustment(@Payload() e: ReceivedEvent<EventData<typeof AdjustmentPosted>>, @Ctx() ctx: EventContext) {
    return this.notify.adjustmentPosted(ctx.manager, src(e), e.data);
  }

  @EventPattern(ComplianceShortfall.type)
  shortfall(@Payload() e: ReceivedEvent<EventData<typeof ComplianceShortfall>>, @Ctx() ctx: EventContext) {
    return this.notify.complianceShortfall(ctx.manager, src(e), e.data);
  }

  @EventPattern(ComplianceRestored.type)
  restored(@Payload() e: ReceivedEvent<EventData<typeof ComplianceRestored>>, @Ctx() ctx: EventContext) {
    return this.notify.complianceRestored(ctx.manager, src(e), e.data);
  }
}
