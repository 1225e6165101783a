import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AppointmentCorrected, AppointmentEnded, AppointmentWithdrawn, MoveApproved, MoveApprovedV2, MoveRejected, PlanAmended, TeacherAppointed, TeacherRegistered, TeacherUpdated, type EventData } from '@app/contracts';
import { distinctRuns, EventBatchPattern, EventContext, type ReceivedEvent } from '@app/messaging';
import { ReadModelStore } from '../infrastructure/read-model.store';

/**
 * Thin handlers: each event is applied to the read model in the consumer's transaction. The types a
 * catch-up is made of also have a batch handler with the same effect (a run of events in a few statements).
 */
@Controller()
export class StaffingEventsHandler {
  constructor(private readonly store: ReadModelStore) {}

  @EventPattern(TeacherRegistered.type)
  registered(@Payload() e: ReceivedEvent<EventData<typeof TeacherRegistered>>, @Ctx() ctx: EventContext) {
    return this.store.teacher(ctx.manager, e.data);
  }

  @EventBatchPattern(TeacherRegistered.type)
  async registeredBatch(@Payload() es: ReceivedEvent<EventData<typeof TeacherRegistered>>[], @Ctx() ctx: EventContext) {
    for (const part of distinctRuns(es, (e) => e.data.teacherId)) await this.store.teachers(ctx.manager, part.map((e) => e.data));
  }

  @EventPattern(TeacherUpdated.type)
  updated(@Payload() e: ReceivedEvent<EventData<typeof TeacherUpdated>>, @Ctx() ctx: EventContext) {
    return this.store.teacher(ctx.manager, e.data);
  }

  @EventPattern(TeacherAppointed.type)
  appointed(@Payload() e: ReceivedEvent<EventData<typeof TeacherAppointed>>, @Ctx() ctx: EventContext) {
    return this.store.appointed(ctx.manager, e.data);
  }

  @EventBatchPattern(TeacherAppointed.type)
  async appointedBatch(@Payload() es: ReceivedEvent<EventData<typeof TeacherAppointed>>[], @Ctx() ctx: EventContext) {
    for (const part of distinctRuns(es, (e) => e.data.appointmentId)) await this.store.appointedMany(ctx.manager, part.map((e) => e.data));
  }

  @EventPattern(AppointmentEnded.type)
  ended(@Payload() e: ReceivedEvent<EventData<typeof AppointmentEnded>>, @Ctx() ctx: EventContext) {
    return this.store.ended(ctx.manager, e.data);
  }

  @EventBatchPattern(AppointmentEnded.type)
  async endedBatch(@Payload() es: ReceivedEvent<EventData<typeof AppointmentEnded>>[], @Ctx() ctx: EventContext) {
    for (const part of distinctRuns(es, (e) => e.data.appointmentId)) await this.store.endedMany(ctx.manager, part.map((e) => e.data));
  }

  @EventPattern(AppointmentCorrected.type)
  corrected(@Payload() e: ReceivedEvent<EventData<typeof AppointmentCorrected>>, @Ctx() ctx: EventContext) {
    return this.store.corrected(ctx.manager, e.data);
  }

  @EventPattern(MoveRejected.type)
  moveRejected(@Payload() e: ReceivedEvent<EventData<typeof MoveRejected>>, @Ctx() ctx: EventContext) {
    return this.store.moveRejected(ctx.manager, e.data);
  }

  /** a move of an approved plan (v2, on rotation.plans): the same approved move for R1's count */
  @EventPattern(MoveApprovedV2.type)
  planMoveApproved(@Payload() e: ReceivedEvent<EventData<typeof MoveApprovedV2>>, @Ctx() ctx: EventContext) {
    return this.store.moveApproved(ctx.manager, e.data);
  }

  @EventPattern(MoveApproved.type)
  moveApproved(@Payload() e: ReceivedEvent<EventData<typeof MoveApproved>>, @Ctx() ctx: EventContext) {
    return this.store.moveApproved(ctx.manager, e.data);
  }

  /** an appointment withdrawn before it started (its move cancelled, issue #13): as if superseded */
  @EventPattern(AppointmentWithdrawn.type)
  withdrawn(@Payload() e: ReceivedEvent<EventData<typeof AppointmentWithdrawn>>, @Ctx() ctx: EventContext) {
    return this.store.withdrawn(ctx.manager, e.data);
  }

  /** an amended plan (issue #13): its new moves are approved moves for R1's count, its cancelled ones no longer are */
  @EventPattern(PlanAmended.type)
  planAmended(@Payload() e: ReceivedEvent<EventData<typeof PlanAmended>>, @Ctx() ctx: EventContext) {
    return this.store.planAmended(ctx.manager, e.data);
  }
}
