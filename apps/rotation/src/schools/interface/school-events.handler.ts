import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SchoolRegistered, SchoolUpdated, type EventData } from '@app/contracts';
import { EventContext, type ReceivedEvent } from '@app/messaging';
import { PlanningSchoolStore } from '../infrastructure/planning-school.store';

type SchoolState = EventData<typeof SchoolRegistered>;

@Controller()
export class SchoolEventsHandler {
  constructor(private readonly store: PlanningSchoolStore) {}

  @EventPattern(SchoolRegistered.type)
  registered(@Payload() event: ReceivedEvent<SchoolState>, @Ctx() ctx: EventContext) {
    return this.store.save(ctx.manager, event.data);
  }

  @EventPattern(SchoolUpdated.type)
  updated(@Payload() event: ReceivedEvent<SchoolState>, @Ctx() ctx: EventContext) {
    return this.store.save(ctx.manager, event.data);
  }
}
