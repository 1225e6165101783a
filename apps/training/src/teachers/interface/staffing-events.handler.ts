import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AppointmentCorrected, AppointmentEnded, AppointmentWithdrawn, TeacherAppointed, TeacherRegistered, TeacherUpdated, type EventData } from '@app/contracts';
import { EventContext, type ReceivedEvent } from '@app/messaging';
import { TeacherDirectory } from '../application/teacher-directory';

/** Staffing's teacher and appointment events build training's read model (idempotent upserts). */
@Controller()
export class StaffingEventsHandler {
  constructor(private readonly directory: TeacherDirectory) {}

  @EventPattern(TeacherRegistered.type)
  registered(@Payload() e: ReceivedEvent<EventData<typeof TeacherRegistered>>, @Ctx() ctx: EventContext) {
    return this.directory.recordTeacher(ctx.manager, e.data);
  }

  @EventPattern(TeacherUpdated.type)
  updated(@Payload() e: ReceivedEvent<EventData<typeof TeacherUpdated>>, @Ctx() ctx: EventContext) {
    return this.directory.recordTeacher(ctx.manager, e.data);
  }

  @EventPattern(TeacherAppointed.type)
  appointed(@Payload() e: ReceivedEvent<EventData<typeof TeacherAppointed>>, @Ctx() ctx: EventContext) {
    return this.directory.recordAppointment(ctx.manager, e.data);
  }

  @EventPattern(AppointmentEnded.type)
  ended(@Payload() e: ReceivedEvent<EventData<typeof AppointmentEnded>>, @Ctx() ctx: EventContext) {
    return this.directory.endAppointment(ctx.manager, e.data.appointmentId, e.data.endDate);
  }

  @EventPattern(AppointmentCorrected.type)
  async corrected(@Payload() e: ReceivedEvent<EventData<typeof AppointmentCorrected>>, @Ctx() ctx: EventContext) {
    await this.directory.supersede(ctx.manager, e.data.correctedAppointmentId);
    await this.directory.recordAppointment(ctx.manager, e.data);
  }

  /** an appointment withdrawn before it started (its move cancelled, issue #13): as if superseded */
  @EventPattern(AppointmentWithdrawn.type)
  withdrawn(@Payload() e: ReceivedEvent<EventData<typeof AppointmentWithdrawn>>, @Ctx() ctx: EventContext) {
    return this.directory.supersede(ctx.manager, e.data.appointmentId);
  }
}
