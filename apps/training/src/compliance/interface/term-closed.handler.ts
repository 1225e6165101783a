import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TermClosed, type EventData } from '@app/contracts';
import { EventContext, type ReceivedEvent } from '@app/messaging';
import { EvaluateCompliance } from '../application/evaluate-compliance.use-case';

/** scheduler.TermClosed: the semester's evaluation (and, after the spring term, the school year's). */
@Controller()
export class TermClosedHandler {
  constructor(private readonly evaluate: EvaluateCompliance) {}

  @EventPattern(TermClosed.type)
  async closed(@Payload() e: ReceivedEvent<EventData<typeof TermClosed>>, @Ctx() ctx: EventContext) {
    await this.evaluate.evaluateTerm(ctx.manager, e.data.countyCode, e.data.schoolYear, e.data.term, e.data.endedOn, `event:${e.id}`);
  }
}
