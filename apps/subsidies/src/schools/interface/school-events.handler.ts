import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { SchoolRegistered, SchoolUpdated, type EventData } from '@app/contracts';
import { EventContext, type ReceivedEvent } from '@app/messaging';
import { LOGGER } from '@app/runtime';
import { todayInShanghai } from '../../ledger/domain/calendar';
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

  private async apply({ data, type, time }: ReceivedEvent<SchoolState>, ctx: EventContext) {
    const eligible = qualifiesForLivingSubsidy(data);
    // A change takes effect on the day staffing announced it (Asia/Shanghai).
    const at = new Date(time);
    await this.store.upsert(ctx.manager, data, eligible, todayInShanghai(Number.isNaN(at.getTime()) ? new Date() : at));
    this.logger.info({ type, schoolId: data.schoolId, eligible }, 'subsidy school record updated');
  }
}
