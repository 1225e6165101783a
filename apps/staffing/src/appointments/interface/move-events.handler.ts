import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { MoveApproved, MoveApprovedV2, PlanAmended, type EventData } from '@app/contracts';
import { EventContext, type ReceivedEvent } from '@app/messaging';
import { todayInShanghai } from '@app/rules';
import { LOGGER } from '@app/runtime';
import { ApplyApprovedMove } from '../application/apply-approved-move.use-case';
import { ApplyApprovedPlan } from '../application/apply-approved-plan.use-case';
import { ApplyPlanAmendment } from '../application/apply-plan-amendment.use-case';

@Controller()
export class MoveEventsHandler {
  constructor(
    private readonly applyMove: ApplyApprovedMove,
    private readonly applyPlan: ApplyApprovedPlan,
    private readonly applyAmendment: ApplyPlanAmendment,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(MoveApproved.type)
  async approved(@Payload() event: ReceivedEvent<EventData<typeof MoveApproved>>, @Ctx() ctx: EventContext) {
    const outcome = await this.applyMove.execute(ctx.manager, event.data);
    this.logger.info({ moveId: event.data.moveId, teacherId: event.data.teacherId, ...outcome }, 'approved move handled');
  }

  /** A move of an approved plan (v2): gathered until the plan is complete, then the plan is applied whole. */
  @EventPattern(MoveApprovedV2.type)
  async planMoveApproved(@Payload() event: ReceivedEvent<EventData<typeof MoveApprovedV2>>, @Ctx() ctx: EventContext) {
    const outcome = await this.applyPlan.execute(ctx.manager, event.data);
    if (outcome.status !== 'gathering') this.logger.info({ planId: event.data.planId, ...outcome }, 'approved plan handled');
  }

  /** An amended plan (issue #13): its cancelled moves undone or refused, then its new moves applied, in one transaction. */
  @EventPattern(PlanAmended.type)
  async planAmended(@Payload() event: ReceivedEvent<EventData<typeof PlanAmended>>, @Ctx() ctx: EventContext) {
    const outcome = await this.applyAmendment.execute(ctx.manager, event.data, todayInShanghai());
    this.logger.info({ planId: event.data.planId, amendmentId: event.data.amendmentId, ...outcome }, 'amended plan handled');
  }
}
