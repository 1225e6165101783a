import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SchoolRegistered, SchoolUpdated, type EventData } from '@app/contracts';
import { EventContext, type ReceivedEvent } from '@app/messaging';
import { ReadModelStore } from '../../read-model/infrastructure/read-model.store';

type SchoolState = EventData<typeof SchoolRegistered>;

/** The scheduler's read model of schools; it never reads staffing's tables. */
@Controller()
export class SchoolEventsHandler {
  constructor(private readonly store: ReadModelStore) {}

  @EventPattern(SchoolRegistered.type)
  registered(@Payload() event: ReceivedEvent<SchoolState>, @Ctx() ctx: EventContext) {
    return this.store.school(ctx.manager, event.data);
  }

  @EventPattern(SchoolUpdated.type)
  updated(@Payload() event: ReceivedEvent<SchoolState>, @Ctx() ctx: EventContext) {
    return this.store.school(ctx.manager, event.data);
  }
}
