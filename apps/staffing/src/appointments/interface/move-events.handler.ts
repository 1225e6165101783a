import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { MoveApproved, type EventData } from '@app/contracts';
import { EventContext, type ReceivedEvent } from '@app/messaging';
import { LOGGER } from '@app/runtime';
import { ApplyApprovedMove } from '../application/apply-approved-move.use-case';

@Controller()
export class MoveEventsHandler {
  constructor(
    private readonly applyMove: ApplyApprovedMove,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(MoveApproved.type)
  async approved(@Payload() event: ReceivedEvent<EventData<typeof MoveApproved>>, @Ctx() ctx: EventContext) {
    const outcome = await this.applyMove.execute(ctx.manager, event.data);
    this.logger.info({ moveId: event.data.moveId, teacherId: event.data.teacherId, ...outcome }, 'approved move handled');
  }
}
