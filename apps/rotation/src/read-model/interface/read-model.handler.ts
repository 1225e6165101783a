import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  AppointmentCorrected,
  AppointmentEnded,
  AppointmentWithdrawn,
  ObligationRaised,
  ExemptionRecorded,
  MoveRejected,
  ObligationResolved,
  PostQuotaSet,
  TeacherAppointed,
  TeacherRegistered,
  TeacherUpdated,
  type EventData,
} from '@app/contracts';
import { distinctRuns, EventBatchPattern, EventContext, type ReceivedEvent } from '@app/messaging';
import { RotationReadModelStore } from '../infrastructure/read-model.store';

type Event<C> = ReceivedEvent<EventData<C>>;

/**
 * Rotation's read model of teachers, their appointments and the scheduler's obligations: thin handlers, one
 * store. The types a catch-up is made of also have a batch handler (a run of events in a few statements),
 * each with the same effect as its per-event handler, which stays for lone events and failed batches.
 */
@Controller()
export class ReadModelHandler {
  constructor(private readonly store: RotationReadModelStore) {}

  @EventPattern(TeacherRegistered.type)
  registered(@Payload() e: Event<typeof TeacherRegistered>, @Ctx() ctx: EventContext) {
    return this.store.teacher(ctx.manager, e.data);
  }

  @EventBatchPattern(TeacherRegistered.type)
  async registeredBatch(@Payload() es: Event<typeof TeacherRegistered>[], @Ctx() ctx: EventContext) {
    for (const part of distinctRuns(es, (e) => e.data.teacherId)) await this.store.teachers(ctx.manager, part.map((e) => e.data));
  }

  @EventPattern(TeacherUpdated.type)
  updated(@Payload() e: Event<typeof TeacherUpdated>, @Ctx() ctx: EventContext) {
    return this.store.teacher(ctx.manager, e.data);
  }

  @EventPattern(TeacherAppointed.type)
  appointed(@Payload() e: Event<typeof TeacherAppointed>, @Ctx() ctx: EventContext) {
    return this.store.appointed(ctx.manager, e.data);
  }

  @EventBatchPattern(TeacherAppointed.type)
  async appointedBatch(@Payload() es: Event<typeof TeacherAppointed>[], @Ctx() ctx: EventContext) {
    for (const part of distinctRuns(es, (e) => e.data.appointmentId)) await this.store.appointedMany(ctx.manager, part.map((e) => e.data));
  }

  @EventPattern(AppointmentEnded.type)
  ended(@Payload() e: Event<typeof AppointmentEnded>, @Ctx() ctx: EventContext) {
    return this.store.ended(ctx.manager, e.data);
  }

  @EventBatchPattern(AppointmentEnded.type)
  async endedBatch(@Payload() es: Event<typeof AppointmentEnded>[], @Ctx() ctx: EventContext) {
    for (const part of distinctRuns(es, (e) => e.data.appointmentId)) await this.store.endedMany(ctx.manager, part.map((e) => e.data));
  }

  @EventPattern(AppointmentCorrected.type)
  corrected(@Payload() e: Event<typeof AppointmentCorrected>, @Ctx() ctx: EventContext) {
    return this.store.corrected(ctx.manager, e.data);
  }

  @EventPattern(AppointmentWithdrawn.type)
  withdrawn(@Payload() e: Event<typeof AppointmentWithdrawn>, @Ctx() ctx: EventContext) {
    return this.store.withdrawn(ctx.manager, e.data);
  }

  @EventPattern(ObligationRaised.type)
  obligationRaised(@Payload() e: Event<typeof ObligationRaised>, @Ctx() ctx: EventContext) {
    return this.store.obligationRaised(ctx.manager, e.data);
  }

  @EventPattern(ObligationResolved.type)
  obligationResolved(@Payload() e: Event<typeof ObligationResolved>, @Ctx() ctx: EventContext) {
    return this.store.obligationResolved(ctx.manager, e.data);
  }

  @EventPattern(ExemptionRecorded.type)
  exemption(@Payload() e: Event<typeof ExemptionRecorded>, @Ctx() ctx: EventContext) {
    return this.store.exemption(ctx.manager, e.data);
  }

  @EventPattern(MoveRejected.type)
  moveRejected(@Payload() e: Event<typeof MoveRejected>, @Ctx() ctx: EventContext) {
    return this.store.moveRejected(ctx.manager, e.data);
  }

  @EventPattern(PostQuotaSet.type)
  quota(@Payload() e: Event<typeof PostQuotaSet>, @Ctx() ctx: EventContext) {
    return this.store.quota(ctx.manager, e.data);
  }

  @EventBatchPattern(PostQuotaSet.type)
  async quotaBatch(@Payload() es: Event<typeof PostQuotaSet>[], @Ctx() ctx: EventContext) {
    for (const part of distinctRuns(es, (e) => `${e.data.postId}/${e.data.schoolYear}`)) await this.store.quotas(ctx.manager, part.map((e) => e.data));
  }
}
