import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { MonthClosed, type EventData } from '@app/contracts';
import { EventContext, PermanentEventError, type ReceivedEvent } from '@app/messaging';
import { LOGGER } from '@app/runtime';
import { AccrueMonth, MonthNotOver } from '../application/accrue-month.use-case';

/** scheduler.MonthClosed → the county's month is accrued (once, however often the close arrives). */
@Controller()
export class MonthClosedHandler {
  constructor(
    private readonly accrue: AccrueMonth,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(MonthClosed.type)
  async closed(@Payload() e: ReceivedEvent<EventData<typeof MonthClosed>>, @Ctx() ctx: EventContext) {
    try {
      const r = await this.accrue.execute(ctx.manager, { countyCode: e.data.countyCode, month: e.data.month, trigger: `event ${e.id}` });
      this.logger.info({ countyCode: e.data.countyCode, month: e.data.month, status: r.status, lines: r.summary.lines, totalFen: r.summary.totalFen }, 'month close handled');
    } catch (err) {
      // A close for a month that has not ended cannot become right by retrying.
      if (err instanceof MonthNotOver) throw new PermanentEventError(err.message);
      throw err;
    }
  }
}
