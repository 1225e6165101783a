import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  AppointmentCorrected,
  AppointmentEnded,
  SchoolRegistered,
  SchoolUpdated,
  TeacherAppointed,
  TeacherContactChanged,
  TeacherRegistered,
  TeacherUpdated,
  type EventData,
} from '@app/contracts';
import { distinctRuns, EventBatchPattern, EventContext, type ReceivedEvent } from '@app/messaging';
import { Directory } from '../application/directory';

/**
 * Staffing's schools, teachers, appointments and contacts build the notices read model (idempotent upserts).
 * The types a catch-up is made of also have a batch handler with the same effect (a run in a few statements).
 */
@Controller()
export class StaffingEventsHandler {
  constructor(private readonly directory: Directory) {}

  @EventPattern(SchoolRegistered.type)
  schoolRegistered(@Payload() e: ReceivedEvent<EventData<typeof SchoolRegistered>>, @Ctx() ctx: EventContext) {
    return this.directory.recordSchool(ctx.manager, e.data);
  }

  @EventPattern(SchoolUpdated.type)
  schoolUpdated(@Payload() e: ReceivedEvent<EventData<typeof SchoolUpdated>>, @Ctx() ctx: EventContext) {
    return this.directory.recordSchool(ctx.manager, e.data);
  }

  @EventPattern(TeacherRegistered.type)
  registered(@Payload() e: ReceivedEvent<EventData<typeof TeacherRegistered>>, @Ctx() ctx: EventContext) {
    return this.directory.recordTeacher(ctx.manager, e.data);
  }

  @EventBatchPattern(TeacherRegistered.type)
  async registeredBatch(@Payload() es: ReceivedEvent<EventData<typeof TeacherRegistered>>[], @Ctx() ctx: EventContext) {
    for (const part of distinctRuns(es, (e) => e.data.teacherId)) await this.directory.recordTeachers(ctx.manager, part.map((e) => e.data));
  }

  @EventPattern(TeacherUpdated.type)
  updated(@Payload() e: ReceivedEvent<EventData<typeof TeacherUpdated>>, @Ctx() ctx: EventContext) {
    return this.directory.recordTeacher(ctx.manager, e.data);
  }

  @EventPattern(TeacherAppointed.type)
  appointed(@Payload() e: ReceivedEvent<EventData<typeof TeacherAppointed>>, @Ctx() ctx: EventContext) {
    return this.directory.recordAppointment(ctx.manager, e.data);
  }

  @EventBatchPattern(TeacherAppointed.type)
  async appointedBatch(@Payload() es: ReceivedEvent<EventData<typeof TeacherAppointed>>[], @Ctx() ctx: EventContext) {
    for (const part of distinctRuns(es, (e) => e.data.appointmentId)) await this.directory.recordAppointments(ctx.manager, part.map((e) => e.data));
  }

  @EventPattern(AppointmentEnded.type)
  ended(@Payload() e: ReceivedEvent<EventData<typeof AppointmentEnded>>, @Ctx() ctx: EventContext) {
    return this.directory.endAppointment(ctx.manager, e.data.appointmentId, e.data.endDate);
  }

  @EventBatchPattern(AppointmentEnded.type)
  async endedBatch(@Payload() es: ReceivedEvent<EventData<typeof AppointmentEnded>>[], @Ctx() ctx: EventContext) {
    for (const part of distinctRuns(es, (e) => e.data.appointmentId)) await this.directory.endAppointments(ctx.manager, part.map((e) => e.data));
  }

  @EventPattern(AppointmentCorrected.type)
  async corrected(@Payload() e: ReceivedEvent<EventData<typeof AppointmentCorrected>>, @Ctx() ctx: EventContext) {
    await this.directory.supersede(ctx.manager, e.data.correctedAppointmentId);
    await this.directory.recordAppointment(ctx.manager, e.data);
  }

  /** Personal data: stored for delivery only, never logged. */
  @EventPattern(TeacherContactChanged.type)
  contact(@Payload() e: ReceivedEvent<EventData<typeof TeacherContactChanged>>, @Ctx() ctx: EventContext) {
    return this.directory.recordContact(ctx.manager, e.data);
  }
}
