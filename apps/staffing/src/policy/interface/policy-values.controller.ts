import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { POLICY_KEYS } from '@app/policy';
import { dateField, openApi, ZodPipe } from '@app/runtime';
import { PolicyValuesQuery } from '../application/policy-values.query';
import { SetPolicyValue } from '../application/set-policy-value.use-case';

const key = z.enum(POLICY_KEYS);
// the key is checked by the use case, which names what is wrong in a sentence
const setBody = z.strictObject({
  key: z.string().min(1).max(100),
  value: z.number(),
  effectiveFrom: dateField,
  source: z.string().trim().min(1).max(1000),
});
const listQuery = z.strictObject({ key: key.optional() });
const inForceQuery = z.strictObject({ date: dateField, key: key.optional() });
const READERS = ['county_hr', 'school_admin', 'teacher', 'scheduler'] as const;

@ApiTags('policy values')
@Controller('policy-values')
export class PolicyValuesController {
  constructor(
    private readonly setValue: SetPolicyValue,
    private readonly query: PolicyValuesQuery,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('city_admin')
  @ApiOperation({
    summary:
      'Add a dated policy value (city administrator): from today or a later date, never an edit of an existing one; audited and announced as staffing.PolicyValueSet, which every service applies',
  })
  @ApiBody({ schema: openApi(setBody) })
  set(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(setBody)) b: z.infer<typeof setBody>) {
    return this.setValue.execute(p, b);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Every policy value with its effective date and source: the seeded defaults and the values the city administrator added (who, when)' })
  async list(@Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>) {
    return { items: await this.query.list(q.key) };
  }

  @Get('in-force')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Which value of each parameter was (or will be) in force on a date' })
  async inForce(@Query(new ZodPipe(inForceQuery)) q: z.infer<typeof inForceQuery>) {
    return { date: q.date, items: await this.query.inForce(q.date, q.key) };
  }
}
