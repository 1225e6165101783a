import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { assertCanActInCounty, CurrentPrincipal, Forbidden, Roles, type Principal } from '@app/auth';
import { dateField, noQuery, openApi, pageQuery, ZodPipe } from '@app/runtime';
import { OperateRuns } from '../application/operate-runs.use-case';
import { JOB_KINDS } from '../domain/jobs';

const triggerBody = z.strictObject({ job: z.enum(JOB_KINDS), countyCode: countyCode.optional(), asOf: dateField.optional(), dryRun: z.boolean().default(false) });
const listQuery = z.strictObject({ job: z.enum(JOB_KINDS).optional(), countyCode: countyCode.optional(), ...pageQuery });
const runParams = z.strictObject({ id: z.string().min(1).max(200).regex(/^[\w:.-]+$/) });


@ApiTags('runs')
@Controller('runs')
export class RunsController {
  constructor(private readonly runs: OperateRuns) {}

  @Get()
  @Roles('scheduler', 'county_hr')
  @ApiOperation({ summary: 'Job runs, newest first (a run and each of its counties)' })
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>) {
    const county = p.role === 'county_hr' ? p.countyCode! : q.countyCode;
    if (q.countyCode) assertCanActInCounty(p, q.countyCode);
    const items = await this.runs.list({ job: q.job, countyCode: county, limit: q.limit, offset: q.offset });
    return { items, limit: q.limit, offset: q.offset };
  }

  @Get(':id')
  @Roles('scheduler', 'county_hr')
  @ApiOperation({ summary: 'One run: status, summary, and the queue job state and progress' })
  async get(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(runParams)) { id }: z.infer<typeof runParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.runs.get(id, (run) => {
      if (run.countyCode) assertCanActInCounty(p, run.countyCode);
      else if (p.role === 'county_hr') throw new Forbidden('a run across all counties is for the scheduler and the city administrator');
    });
  }

  @Post()
  @HttpCode(202)
  @Roles('scheduler')
  @ApiOperation({
    summary: 'Start a run now (term-end review, monthly close or obligation refresh), for one county or all',
    description: "503 READ_MODEL.BEHIND when the scheduler's copy of staffing or rotation is more than READ_MODEL_MAX_LAG events behind (reviews only)",
  })
  @ApiBody({ schema: openApi(triggerBody) })
  async trigger(@Body(new ZodPipe(triggerBody)) body: z.infer<typeof triggerBody>) {
    // Manual runs get their own suffix: an operator may run the same county and date again on purpose.
    const runId = await this.runs.trigger({ ...body, runSuffix: `manual-${randomUUID().slice(0, 8)}` });
    return { runId };
  }
}
