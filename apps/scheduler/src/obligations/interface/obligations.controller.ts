import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode, OBLIGATION_RULES, OBLIGATION_SEVERITIES } from '@app/contracts';
import { assertCanActInCounty, countyFilterFor, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { dateField, openApi, pageQuery, ZodPipe } from '@app/runtime';
import { RecordExemption } from '../application/record-exemption.use-case';

const listQuery = z.strictObject({
  countyCode: countyCode.optional(),
  rule: z.enum(OBLIGATION_RULES).optional(),
  severity: z.enum(OBLIGATION_SEVERITIES).optional(),
  status: z.enum(['open', 'resolved']).default('open'),
  ...pageQuery,
});
const exemptionBody = z
  .strictObject({ teacherId: z.uuid(), countyCode, reason: z.string().trim().min(1).max(500), from: dateField, until: dateField })
  .refine((b) => b.until >= b.from, { path: ['until'], message: 'must not be before from' });
const exemptionsQuery = z.strictObject({ countyCode: countyCode.optional(), ...pageQuery });

@ApiTags('obligations')
@Controller()
export class ObligationsController {
  constructor(private readonly recorder: RecordExemption) {}

  @Get('obligations')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'Obligations (R2 leader tenure, R3 placement) by county, rule, severity and status' })
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>) {
    const { items, total } = await this.recorder.obligationsOf({ ...q, countyCode: countyFilterFor(p, q.countyCode) });
    return { items, total, limit: q.limit, offset: q.offset };
  }

  @Post('exemptions')
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Record an exemption (health, maternity…) with its reason and expiry; audited and announced; the next review resolves the teacher’s obligations' })
  @ApiBody({ schema: openApi(exemptionBody) })
  async exempt(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(exemptionBody)) b: z.infer<typeof exemptionBody>) {
    assertCanActInCounty(p, b.countyCode);
    return this.recorder.execute(p, b);
  }

  @Get('exemptions')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'Recorded exemptions' })
  async exemptions(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(exemptionsQuery)) q: z.infer<typeof exemptionsQuery>) {
    const items = await this.recorder.list(countyFilterFor(p, q.countyCode), q.limit, q.offset);
    return { items, limit: q.limit, offset: q.offset };
  }
}
