import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/errors';
import { ReadModelFreshness } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import type { DispatchData } from '../domain/jobs';
import { RunCounty } from './run-county.service';
import { RunRepository, type RunRow } from './run.repository';

export class RunNotFound extends DomainError {
  constructor(id: string) {
    super('SCHEDULER.RUN_NOT_FOUND', 'not_found', `no run with id ${id}`, { id });
  }
}

/** Where a run's job is in the queue (BullMQ), for operators. */
export interface QueueState {
  state: string;
  progress: unknown;
  attemptsMade: number;
  failedReason: string | null;
}

/** The queue the runs go through (infrastructure: BullMQ). */
export abstract class RunQueue {
  /** starts a run now; returns its id */
  abstract trigger(data: DispatchData): Promise<string>;
  abstract state(jobId: string): Promise<QueueState | null>;
}

/** Operators start runs and watch them. */
@Injectable()
export class OperateRuns {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly runs: RunRepository,
    private readonly queue: RunQueue,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async trigger(data: DispatchData): Promise<string> {
    // Refused at once (503, saying how far behind) rather than queued to fail: the operator can wait and retry.
    if (RunCounty.readsTheCopy(data.job)) await this.freshness.assertCaughtUp();
    return this.queue.trigger(data);
  }

  list(f: { job?: string; countyCode?: string; limit: number; offset: number }): Promise<RunRow[]> {
    return this.runs.list(this.uow.reader, f);
  }

  async get(id: string, authorize: (run: RunRow) => void): Promise<RunRow & { queue: QueueState | null }> {
    const run = await this.runs.find(this.uow.reader, id);
    if (!run) throw new RunNotFound(id);
    authorize(run);
    return { ...run, queue: await this.queue.state(id) };
  }
}
