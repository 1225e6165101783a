import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { assertCanActInCounty, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { dateField, noQuery, openApi, UnitOfWork, ZodPipe } from '@app/runtime';

const countyParams = z.strictObject({ countyCode });
const termParams = z.strictObject({ countyCode, schoolYear: z.coerce.number().int().min(2000).max(2100), term: z.enum(['autumn', 'spring']) });
const termBody = z.strictObject({ endsOn: dateField });

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly uow: UnitOfWork) {}

  @Get(':countyCode')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: "A county's term calendar: the end date of each term of each school year" })
  async terms(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(countyParams)) { countyCode: county }: z.infer<typeof countyParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    assertCanActInCounty(p, county);
    return this.uow.reader.query(
      `SELECT county_code AS "countyCode", school_year AS "schoolYear", term, ends_on AS "endsOn" FROM scheduler.terms WHERE county_code = $1 ORDER BY ends_on`,
      [county],
    );
  }

  @Put(':countyCode/:schoolYear/:term')
  @Roles('county_hr')
  @ApiOperation({ summary: 'Set the end date of a term (the term-end review runs the day after it)' })
  @ApiBody({ schema: openApi(termBody) })
  async setTerm(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(termParams)) t: z.infer<typeof termParams>, @Body(new ZodPipe(termBody)) b: z.infer<typeof termBody>) {
    assertCanActInCounty(p, t.countyCode);
    const [row] = await this.uow.reader.query(
      `INSERT INTO scheduler.terms (county_code, school_year, term, ends_on) VALUES ($1, $2, $3, $4)
       ON CONFLICT (county_code, school_year, term) DO UPDATE SET ends_on = EXCLUDED.ends_on
       RETURNING county_code AS "countyCode", school_year AS "schoolYear", term, ends_on AS "endsOn"`,
      [t.countyCode, t.schoolYear, t.term, b.endsOn],
    );
    return row;
  }
}
