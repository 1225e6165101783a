import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UnitOfWork } from '@app/runtime';
import { todayInShanghai } from '../../calendar/domain/calendar';
import { countiesFor, runId, type CountyJobData, type DispatchData, type JobKind } from '../domain/jobs';

export interface RunPlan {
  runId: string;
  job: JobKind;
  countyCode: string | null;
  asOf: string;
  dryRun: boolean;
  children: CountyJobData[];
}

/** Decides which counties a run covers and on what date (a term-end check covers the terms that ended yesterday). */
@Injectable()
export class DispatchPlanner {
  constructor(private readonly uow: UnitOfWork) {}

  get reader(): EntityManager {
    return this.uow.reader;
  }

  async plan(d: DispatchData): Promise<RunPlan> {
    const today = todayInShanghai();
    let asOf = d.asOf ?? today;
    let counties = countiesFor(d.countyCode);
    if (d.job === 'term-end-review' && !d.asOf) {
      // Scheduled check: the terms that ended yesterday.
      const [{ day }] = await this.uow.reader.query(`SELECT ($1::date - 1)::text AS day`, [today]);
      asOf = day;
      const rows = await this.uow.reader.query(`SELECT DISTINCT county_code AS c FROM scheduler.terms WHERE ends_on = $1 AND ($2::text IS NULL OR county_code = $2)`, [asOf, d.countyCode ?? null]);
      counties = rows.map((r: { c: string }) => r.c);
    }
    const dryRun = d.dryRun ?? false;
    // The parent's id is prefixed so a one-county run's parent never collides with its only child.
    const id = `run.${runId(d.job, d.countyCode ?? 'all', asOf, dryRun, d.runSuffix)}`;
    return {
      runId: id,
      job: d.job,
      countyCode: d.countyCode ?? null,
      asOf,
      dryRun,
      children: counties.map((c) => ({ runId: runId(d.job, c, asOf, dryRun, d.runSuffix), job: d.job, countyCode: c, asOf, dryRun })),
    };
  }
}
