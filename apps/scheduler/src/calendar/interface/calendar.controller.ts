import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { assertCanActInCounty, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { dateField, noQuery, openApi, ZodPipe } from '@app/runtime';
import { SetTermEnd } from '../application/set-term-end.use-case';

const countyParams = z.strictObject({ countyCode });
const termParams = z.strictObject({ countyCode, schoolYear: z.coerce.number().int().min(2000).max(2100), term: z.enum(['autumn', 'spring']) });
const termBody = z.strictObject({ endsOn: dateField });

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: SetTermEnd) {}

  @Get(':countyCode')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: "A county's term calendar: the end date of each term of each school year" })
  async terms(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(countyParams)) { countyCode: county }: z.infer<typeof countyParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    assertCanActInCounty(p, county);
    return this.calendar.list(county);
  }

  @Put(':countyCode/:schoolYear/:term')
  @Roles('county_hr')
  @ApiOperation({ summary: 'Set the end date of a term (the term-end review runs the day after it); audited' })
  @ApiBody({ schema: openApi(termBody) })
  async setTerm(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(termParams)) t: z.infer<typeof termParams>, @Body(new ZodPipe(termBody)) b: z.infer<typeof termBody>) {
    assertCanActInCounty(p, t.countyCode);
    return this.calendar.execute(p, { ...t, endsOn: b.endsOn });
  }
}
