import { Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ReadModelFreshness } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { RunRepository, TermRepository } from './run.repository';
import { ReviewCounty } from '../../obligations/application/review-county.service';
import type { CountyJobData } from '../domain/jobs';

/** Runs one county's part of a job and records it in scheduler.runs (shared by the worker and the CLI). */
@Injectable()
export class RunCounty {
  constructor(
    private readonly review: ReviewCounty,
    private readonly uow: UnitOfWork,
    private readonly runs: RunRepository,
    private readonly terms: TermRepository,
    @Optional() private readonly freshness?: ReadModelFreshness,
  ) {}

  /** Reviews decide from the scheduler's copy of staffing and rotation: never from half of it. */
  static readsTheCopy(job: CountyJobData['job']): boolean {
    return job !== 'monthly-close';
  }

  async run(d: CountyJobData, onProgress?: (done: number, total: number) => void): Promise<Record<string, unknown>> {
    await this.start(this.uow.reader, d.runId, d.job, d.countyCode, d.asOf, d.dryRun);
    try {
      if (RunCounty.readsTheCopy(d.job)) await this.freshness?.assertCaughtUp();
      const summary = await this.execute(d, onProgress);
      await this.finish(d.runId, 'completed', summary, null);
      return summary;
    } catch (err) {
      await this.finish(d.runId, 'failed', null, (err as Error).message).catch(() => undefined);
      throw err;
    }
  }

  private async execute(d: CountyJobData, onProgress?: (done: number, total: number) => void): Promise<Record<string, unknown>> {
    if (d.job === 'monthly-close') return { ...(await this.review.closeMonth(d.countyCode, d.asOf, d.dryRun)) };
    if (d.job === 'obligation-refresh') return { ...(await this.review.review({ countyCode: d.countyCode, asOf: d.asOf, dryRun: d.dryRun }, onProgress)) };
    // Term-end: the term that ends on asOf (from the county's calendar) is closed; at spring's end, R1 is checked.
    const term = await this.terms.endingOn(this.uow.reader, d.countyCode, d.asOf);
    const summary = await this.review.review(
      { countyCode: d.countyCode, asOf: d.asOf, dryRun: d.dryRun, checkQuota: term?.term === 'spring', closeTerm: term ?? undefined },
      onProgress,
    );
    return { ...summary, term: term ? `${term.schoolYear} ${term.term}` : 'no term ends on this date' };
  }

  async start(m: EntityManager, id: string, job: string, countyCode: string | null, asOf: string, dryRun: boolean): Promise<void> {
    await this.runs.start(m, id, job, countyCode, asOf, dryRun);
  }

  /** The counties of failed county jobs (by job id = county run id), with the error each gave. */
  async failures(jobs: readonly { jobId: string; reason: string }[]): Promise<{ countyCode: string; runId: string; error: string }[]> {
    if (jobs.length === 0) return [];
    const rows = await this.runs.counties(this.uow.reader, jobs.map((j) => j.jobId));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return jobs.map((j) => ({ countyCode: byId.get(j.jobId)?.countyCode ?? j.jobId, runId: j.jobId, error: j.reason || byId.get(j.jobId)?.error || 'failed' })).sort((a, b) => a.countyCode.localeCompare(b.countyCode));
  }

  async finish(id: string, status: 'completed' | 'failed', summary: unknown, error: string | null): Promise<void> {
    await this.runs.finish(this.uow.reader, id, status, summary, error);
  }
}
