import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SchoolRegistered, SchoolUpdated, type EventData } from '@app/contracts';
import { EventContext, type ReceivedEvent } from '@app/messaging';
import { startsPlacementWindow } from '../domain/school-kind';

type SchoolState = EventData<typeof SchoolRegistered>;

/** The scheduler's read model of schools; it never reads staffing's tables. */
@Controller()
export class SchoolEventsHandler {
  @EventPattern(SchoolRegistered.type)
  registered(@Payload() event: ReceivedEvent<SchoolState>, @Ctx() ctx: EventContext) {
    return this.apply(event.data, ctx);
  }

  @EventPattern(SchoolUpdated.type)
  updated(@Payload() event: ReceivedEvent<SchoolState>, @Ctx() ctx: EventContext) {
    return this.apply(event.data, ctx);
  }

  private async apply(s: SchoolState, ctx: EventContext) {
    await ctx.manager.query(
      `INSERT INTO scheduler.schools (school_id, county_code, type, placement_origin) VALUES ($1, $2, $3, $4)
       ON CONFLICT (school_id) DO UPDATE SET county_code = EXCLUDED.county_code, type = EXCLUDED.type, placement_origin = EXCLUDED.placement_origin`,
      [s.schoolId, s.countyCode, s.type, startsPlacementWindow(s.type)],
    );
  }
}
