import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { assertCanActInCounty, CurrentPrincipal, Forbidden, Roles, type Principal } from '@app/auth';
import { DomainError } from '@app/platform';
import { dateField, noQuery, openApi, pageQuery, UnitOfWork, ZodPipe } from '@app/runtime';
import { JobQueue } from '../infrastructure/job-queue';
import { JOB_KINDS } from '../domain/jobs';

const triggerBody = z.strictObject({ job: z.enum(JOB_KINDS), countyCode: countyCode.optional(), asOf: dateField.optional(), dryRun: z.boolean().default(false) });
const listQuery = z.strictObject({ job: z.enum(JOB_KINDS).optional(), countyCode: countyCode.optional(), ...pageQuery });
const runParams = z.strictObject({ id: z.string().min(1).max(200).regex(/^[\w:.-]+$/) });

class RunNotFound extends DomainError {
  constructor(id: string) {
    super('SCHEDULER.RUN_NOT_FOUND', 'not_found', `no run with id ${id}`, { id });
  }
}

@ApiTags('runs')
@Controller('runs')
export class RunsController {
  constructor(
    private readonly jobs: JobQueue,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @Roles('scheduler', 'county_hr')
  @ApiOperation({ summary: 'Job runs, newest first (a run and each of its counties)' })
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>) {
    const county = p.role === 'county_hr' ? p.countyCode! : q.countyCode;
    if (q.countyCode) assertCanActInCounty(p, q.countyCode);
    const items = await this.uow.reader.query(
      `SELECT id, job, county_code AS "countyCode", as_of AS "asOf", dry_run AS "dryRun", status, attempts, started_at AS "startedAt", finished_at AS "finishedAt", error
         FROM scheduler.runs WHERE ($1::text IS NULL OR job = $1) AND ($2::text IS NULL OR county_code = $2) ORDER BY started_at DESC, id LIMIT $3 OFFSET $4`,
      [q.job ?? null, county ?? null, q.limit, q.offset],
    );
    return { items, limit: q.limit, offset: q.offset };
  }

  @Get(':id')
  @Roles('scheduler', 'county_hr')
  @ApiOperation({ summary: 'One run: status, summary, and the queue job state and progress' })
  async get(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(runParams)) { id }: z.infer<typeof runParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    const [run] = await this.uow.reader.query(
      `SELECT id, job, county_code AS "countyCode", as_of AS "asOf", dry_run AS "dryRun", status, attempts, started_at AS "startedAt", finished_at AS "finishedAt", summary, error
         FROM scheduler.runs WHERE id = $1`,
      [id],
    );
    if (!run) throw new RunNotFound(id);
    if (run.countyCode) assertCanActInCounty(p, run.countyCode);
    else if (p.role === 'county_hr') throw new Forbidden('a run across all counties is for the scheduler and the city administrator');
    const job = await this.jobs.queue.getJob(id);
    return { ...run, queue: job ? { state: await job.getState(), progress: job.progress, attemptsMade: job.attemptsMade, failedReason: job.failedReason ?? null } : null };
  }

  @Post()
  @HttpCode(202)
  @Roles('scheduler')
  @ApiOperation({ summary: 'Start a run now (term-end review, monthly close or obligation refresh), for one county or all' })
  @ApiBody({ schema: openApi(triggerBody) })
  async trigger(@Body(new ZodPipe(triggerBody)) body: z.infer<typeof triggerBody>) {
    // Manual runs get their own suffix: an operator may run the same county and date again on purpose.
    const runId = await this.jobs.trigger({ ...body, runSuffix: `manual-${randomUUID().slice(0, 8)}` });
    return { runId };
  }
}
