import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AppointmentCorrected, AppointmentEnded, MoveApproved, TeacherAppointed, TeacherRegistered, TeacherUpdated, type EventData } from '@app/contracts';
import { EventContext, type ReceivedEvent } from '@app/messaging';
import { ReadModelStore } from '../infrastructure/read-model.store';

/** Thin handlers: each event is applied to the read model in the consumer's transaction. */
@Controller()
export class StaffingEventsHandler {
  constructor(private readonly store: ReadModelStore) {}

  @EventPattern(TeacherRegistered.type)
  registered(@Payload() e: ReceivedEvent<EventData<typeof TeacherRegistered>>, @Ctx() ctx: EventContext) {
    return this.store.teacher(ctx.manager, e.data);
  }

  @EventPattern(TeacherUpdated.type)
  updated(@Payload() e: ReceivedEvent<EventData<typeof TeacherUpdated>>, @Ctx() ctx: EventContext) {
    return this.store.teacher(ctx.manager, e.data);
  }

  @EventPattern(TeacherAppointed.type)
  appointed(@Payload() e: ReceivedEvent<EventData<typeof TeacherAppointed>>, @Ctx() ctx: EventContext) {
    return this.store.appointed(ctx.manager, e.data);
  }

  @EventPattern(AppointmentEnded.type)
  ended(@Payload() e: ReceivedEvent<EventData<typeof AppointmentEnded>>, @Ctx() ctx: EventContext) {
    return this.store.ended(ctx.manager, e.data);
  }

  @EventPattern(AppointmentCorrected.type)
  corrected(@Payload() e: ReceivedEvent<EventData<typeof AppointmentCorrected>>, @Ctx() ctx: EventContext) {
    return this.store.corrected(ctx.manager, e.data);
  }

  @EventPattern(MoveApproved.type)
  moveApproved(@Payload() e: ReceivedEvent<EventData<typeof MoveApproved>>, @Ctx() ctx: EventContext) {
    return this.store.moveApproved(ctx.manager, e.data);
  }
}
