import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { SchoolRegistered, SchoolUpdated, type EventData } from '@app/contracts';
import { EventContext, type ReceivedEvent } from '@app/messaging';
import { LOGGER } from '@app/runtime';
import { qualifiesForLivingSubsidy } from '../domain/remote-school';
import { RemoteSchoolStore } from '../infrastructure/remote-school.store';

type SchoolState = EventData<typeof SchoolRegistered>;

@Controller()
export class SchoolEventsHandler {
  constructor(
    private readonly store: RemoteSchoolStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(SchoolRegistered.type)
  registered(@Payload() event: ReceivedEvent<SchoolState>, @Ctx() ctx: EventContext) {
    return this.apply(event, ctx);
  }

  @EventPattern(SchoolUpdated.type)
  updated(@Payload() event: ReceivedEvent<SchoolState>, @Ctx() ctx: EventContext) {
    return this.apply(event, ctx);
  }

  private async apply({ data, type }: ReceivedEvent<SchoolState>, ctx: EventContext) {
    const eligible = qualifiesForLivingSubsidy(data);
    await this.store.upsert(ctx.manager, data, eligible);
    this.logger.info({ type, schoolId: data.schoolId, eligible }, 'subsidy school record updated');
  }
}
