import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SchoolRegistered, SchoolUpdated, type EventData } from '@app/contracts';
import { EventContext, type ReceivedEvent } from '@app/messaging';
import { rulesFor } from '../domain/training-school';
import { TrainingSchoolStore } from '../infrastructure/training-school.store';

type SchoolState = EventData<typeof SchoolRegistered>;

@Controller()
export class SchoolEventsHandler {
  constructor(private readonly store: TrainingSchoolStore) {}

  @EventPattern(SchoolRegistered.type)
  registered(@Payload() event: ReceivedEvent<SchoolState>, @Ctx() ctx: EventContext) {
    return this.apply(event.data, ctx);
  }

  @EventPattern(SchoolUpdated.type)
  updated(@Payload() event: ReceivedEvent<SchoolState>, @Ctx() ctx: EventContext) {
    return this.apply(event.data, ctx);
  }

  private apply(s: SchoolState, ctx: EventContext) {
    return this.store.record(ctx.manager, { ...s, rules: rulesFor(s) });
  }
}
