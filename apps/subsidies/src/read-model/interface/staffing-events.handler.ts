import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import {
  AbsenceRecorded,
  AbsenceUpdated,
  AppointmentCorrected,
  AppointmentEnded,
  AppointmentWithdrawn,
  EstablishmentTypeRecorded,
  TeacherAppointed,
  TeacherRegistered,
  TeacherUpdated,
  type EventData,
} from '@app/contracts';
import { EventBatchPattern, EventContext, type ReceivedEvent } from '@app/messaging';
import { LOGGER } from '@app/runtime';
import { IngestFacts } from '../application/ingest-facts.service';

/**
 * Thin handlers: each staffing fact is applied (and any accrued month it reaches recomputed) in the
 * consumer's transaction. The types a catch-up is made of also have a batch handler with the same effect.
 */
@Controller()
export class StaffingEventsHandler {
  constructor(
    private readonly ingest: IngestFacts,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(TeacherRegistered.type)
  registered(@Payload() e: ReceivedEvent<EventData<typeof TeacherRegistered>>, @Ctx() ctx: EventContext) {
    return this.ingest.teacher(ctx.manager, e.data);
  }

  @EventBatchPattern(TeacherRegistered.type)
  registeredBatch(@Payload() es: ReceivedEvent<EventData<typeof TeacherRegistered>>[], @Ctx() ctx: EventContext) {
    return this.ingest.teachers(ctx.manager, es.map((e) => e.data));
  }

  @EventPattern(TeacherUpdated.type)
  updated(@Payload() e: ReceivedEvent<EventData<typeof TeacherUpdated>>, @Ctx() ctx: EventContext) {
    return this.ingest.teacher(ctx.manager, e.data);
  }

  @EventPattern(TeacherAppointed.type)
  async appointed(@Payload() e: ReceivedEvent<EventData<typeof TeacherAppointed>>, @Ctx() ctx: EventContext) {
    this.report(e, await this.ingest.appointed(ctx.manager, e.data, e.type));
  }

  @EventBatchPattern(TeacherAppointed.type)
  async appointedBatch(@Payload() es: ReceivedEvent<EventData<typeof TeacherAppointed>>[], @Ctx() ctx: EventContext) {
    this.reportMany(es, await this.ingest.appointedMany(ctx.manager, es.map((e) => e.data), es[0].type));
  }

  @EventPattern(AppointmentEnded.type)
  async ended(@Payload() e: ReceivedEvent<EventData<typeof AppointmentEnded>>, @Ctx() ctx: EventContext) {
    this.report(e, await this.ingest.ended(ctx.manager, e.data, e.type));
  }

  @EventBatchPattern(AppointmentEnded.type)
  async endedBatch(@Payload() es: ReceivedEvent<EventData<typeof AppointmentEnded>>[], @Ctx() ctx: EventContext) {
    this.reportMany(es, await this.ingest.endedMany(ctx.manager, es.map((e) => e.data), es[0].type));
  }

  @EventPattern(AppointmentCorrected.type)
  async corrected(@Payload() e: ReceivedEvent<EventData<typeof AppointmentCorrected>>, @Ctx() ctx: EventContext) {
    this.report(e, await this.ingest.corrected(ctx.manager, e.data, e.type));
  }

  /** an appointment withdrawn before it started (its move cancelled, issue #13) */
  @EventPattern(AppointmentWithdrawn.type)
  async withdrawn(@Payload() e: ReceivedEvent<EventData<typeof AppointmentWithdrawn>>, @Ctx() ctx: EventContext) {
    this.report(e, await this.ingest.withdrawn(ctx.manager, e.data, e.type));
  }

  @EventPattern(EstablishmentTypeRecorded.type)
  async establishment(@Payload() e: ReceivedEvent<EventData<typeof EstablishmentTypeRecorded>>, @Ctx() ctx: EventContext) {
    this.report(e, await this.ingest.establishment(ctx.manager, e.data, e.type));
  }

  @EventPattern(AbsenceRecorded.type)
  async absenceRecorded(@Payload() e: ReceivedEvent<EventData<typeof AbsenceRecorded>>, @Ctx() ctx: EventContext) {
    this.report(e, await this.ingest.absence(ctx.manager, e.data, e.type));
  }

  @EventPattern(AbsenceUpdated.type)
  async absenceUpdated(@Payload() e: ReceivedEvent<EventData<typeof AbsenceUpdated>>, @Ctx() ctx: EventContext) {
    this.report(e, await this.ingest.absence(ctx.manager, e.data, e.type));
  }

  private reportMany(es: ReceivedEvent<{ teacherId: string }>[], adjustments: number) {
    if (adjustments > 0) this.logger.info({ type: es[0].type, events: es.length, adjustments }, 'late facts: accrued months recomputed');
  }

  private report(e: ReceivedEvent<{ teacherId: string }>, adjustments: number) {
    if (adjustments > 0) this.logger.info({ type: e.type, teacherId: e.data.teacherId, adjustments }, 'late fact: accrued months recomputed');
  }
}
