import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UnitOfWork } from '@app/runtime';
import { ReviewCounty } from '../../obligations/application/review-county.service';
import type { CountyJobData } from '../domain/jobs';

/** Runs one county's part of a job and records it in scheduler.runs (shared by the worker and the CLI). */
@Injectable()
export class RunCounty {
  constructor(
    private readonly review: ReviewCounty,
    private readonly uow: UnitOfWork,
  ) {}

  async run(d: CountyJobData, onProgress?: (done: number, total: number) => void): Promise<Record<string, unknown>> {
    await this.start(this.uow.reader, d.runId, d.job, d.countyCode, d.asOf, d.dryRun);
    try {
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
    const [term] = await this.uow.reader.query(`SELECT school_year AS "schoolYear", term FROM scheduler.terms WHERE county_code = $1 AND ends_on = $2`, [d.countyCode, d.asOf]);
    const summary = await this.review.review(
      { countyCode: d.countyCode, asOf: d.asOf, dryRun: d.dryRun, checkQuota: term?.term === 'spring', closeTerm: term ?? undefined },
      onProgress,
    );
    return { ...summary, term: term ? `${term.schoolYear} ${term.term}` : 'no term ends on this date' };
  }

  async start(m: EntityManager, id: string, job: string, countyCode: string | null, asOf: string, dryRun: boolean): Promise<void> {
    await m.query(
      `INSERT INTO scheduler.runs (id, job, county_code, as_of, dry_run, status) VALUES ($1, $2, $3, $4, $5, 'running')
       ON CONFLICT (id) DO UPDATE SET status = 'running', attempts = scheduler.runs.attempts + 1, started_at = now(), finished_at = NULL, error = NULL`,
      [id, job, countyCode, asOf, dryRun],
    );
  }

  async finish(id: string, status: 'completed' | 'failed', summary: unknown, error: string | null): Promise<void> {
    await this.uow.reader.query(`UPDATE scheduler.runs SET status = $2, summary = $3::jsonb, error = $4, finished_at = now() WHERE id = $1`, [
      id,
      status,
      summary === null ? null : JSON.stringify(summary),
      error,
    ]);
  }
}
