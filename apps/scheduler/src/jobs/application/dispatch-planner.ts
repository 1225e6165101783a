import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UnitOfWork } from '@app/runtime';
import { TermRepository } from './run.repository';
import { addDays, todayInShanghai } from '@app/rules';
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
  constructor(
    private readonly uow: UnitOfWork,
    private readonly terms: TermRepository,
  ) {}

  get reader(): EntityManager {
    return this.uow.reader;
  }

  async plan(d: DispatchData): Promise<RunPlan> {
    const today = todayInShanghai();
    let asOf = d.asOf ?? today;
    let counties = countiesFor(d.countyCode);
    if (d.job === 'term-end-review' && !d.asOf) {
      // Scheduled check: the terms that ended yesterday.
      asOf = addDays(today, -1);
      counties = await this.terms.countiesEndingOn(this.uow.reader, asOf, d.countyCode);
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
