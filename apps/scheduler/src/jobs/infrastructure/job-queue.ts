import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { FlowProducer, Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ServiceConfig } from '@app/platform';
import { LOGGER, REDIS, SERVICE_CONFIG } from '@app/runtime';
import { SCHEDULER_TIME_ZONE } from '../../calendar/domain/calendar';
import { RunCounty } from '../application/run-county.service';
import { DispatchPlanner } from '../application/dispatch-planner';
import { JOB_SCHEDULES, QUEUE_NAME, type CountyJobData, type DispatchData } from '../domain/jobs';
import { RunQueue, type QueueState } from '../application/operate-runs.use-case';

const RETENTION = { removeOnComplete: { count: 2000, age: 90 * 24 * 3600 }, removeOnFail: { count: 5000, age: 180 * 24 * 3600 } };

/**
 * The scheduler's BullMQ side: one queue, its job schedulers (upserted at start-up, so restarts and
 * several instances converge on the same schedule), and the worker. A run is a flow: a parent job whose
 * children are one job per county with deterministic ids; every job name has exactly one handler.
 */
@Injectable()
export class JobQueue extends RunQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly queue: Queue;
  private readonly flows: FlowProducer;
  private worker: Worker | null = null;
  /** how a job is retried: SCHEDULER_JOB_ATTEMPTS tries with exponential back-off from SCHEDULER_RETRY_DELAY_MS */
  private readonly retries: { attempts: number; backoff: { type: 'exponential'; delay: number } };
  /** BullMQ does not close connections it is handed (it treats them as shared): ours to close at shutdown. */
  private readonly connections: Redis[] = [];
  private readonly handlers: Record<string, (job: Job) => Promise<unknown>> = {
    dispatch: (job) => this.dispatch(job.data as DispatchData),
    county: (job) => this.county(job as Job<CountyJobData>),
    run: (job) => this.collect(job),
  };

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<ServiceConfig, 'SCHEDULER_LOCK_DURATION_MS' | 'SCHEDULER_STALLED_INTERVAL_MS' | 'SCHEDULER_JOB_ATTEMPTS' | 'SCHEDULER_RETRY_DELAY_MS'>,
    private readonly runCounty: RunCounty,
    private readonly planner: DispatchPlanner,
  ) {
    super();
    this.retries = { attempts: config.SCHEDULER_JOB_ATTEMPTS, backoff: { type: 'exponential', delay: config.SCHEDULER_RETRY_DELAY_MS } };
    this.queue = new Queue(QUEUE_NAME, { connection: this.connection() });
    this.flows = new FlowProducer({ connection: this.connection() });
    // While Redis is away, ioredis reconnects by itself and /health reports it; the connection errors go to
    // the JSON log instead of BullMQ's console.error for an 'error' event nobody listens to.
    this.queue.on('error', (err) => this.logger.warn({ err: err.message }, 'queue connection error'));
    this.flows.on('error', (err) => this.logger.warn({ err: err.message }, 'flow producer connection error'));
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const s of JOB_SCHEDULES) {
      await this.queue.upsertJobScheduler(s.id, { pattern: s.pattern, tz: SCHEDULER_TIME_ZONE }, { name: 'dispatch', data: s.data, opts: { ...this.retries, ...RETENTION } });
    }
    this.worker = new Worker(
      QUEUE_NAME,
      async (job) => {
        const handler = this.handlers[job.name];
        if (!handler) throw new Error(`no handler for job ${job.name}`);
        return handler(job);
      },
      {
        connection: this.connection(),
        concurrency: 2,
        // A worker that dies (SIGKILL, lost host) stops renewing its jobs' locks; once a lock lapses the
        // stalled check puts the job back to waiting and another worker runs it again. A county's review
        // is one transaction, so the killed attempt left nothing behind and the retry writes it once.
        lockDuration: this.config.SCHEDULER_LOCK_DURATION_MS,
        stalledInterval: this.config.SCHEDULER_STALLED_INTERVAL_MS,
        // A county job may be caught by two worker deaths or Redis outages in a row; keep retrying it.
        maxStalledCount: 5,
      },
    );
    this.worker.on('failed', (job, err) => this.logger.warn({ jobId: job?.id, name: job?.name, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
    this.worker.on('error', (err) => this.logger.warn({ err: err.message }, 'worker error'));
  }

  async onApplicationShutdown(): Promise<void> {
    // close() waits for the jobs in progress, so a county's transaction finishes (or is retried later).
    await this.worker?.close();
    await this.flows.close();
    await this.queue.close();
    for (const c of this.connections) c.disconnect();
  }

  /** A connection of its own for each BullMQ client (the runtime's REDIS has maxRetriesPerRequest null, as BullMQ needs). */
  private connection(): Redis {
    const c = this.redis.duplicate();
    this.connections.push(c);
    return c;
  }

  async state(jobId: string): Promise<QueueState | null> {
    const job = await this.queue.getJob(jobId);
    return job ? { state: await job.getState(), progress: job.progress, attemptsMade: job.attemptsMade, failedReason: job.failedReason ?? null } : null;
  }

  /** Starts a run now (HTTP or CLI trigger); returns its id. */
  async trigger(data: DispatchData): Promise<string> {
    const plan = await this.planner.plan(data);
    await this.enqueue(plan);
    return plan.runId;
  }

  private async dispatch(data: DispatchData): Promise<{ runId: string; counties: number }> {
    const plan = await this.planner.plan(data);
    await this.enqueue(plan);
    return { runId: plan.runId, counties: plan.children.length };
  }

  private async enqueue(plan: Awaited<ReturnType<DispatchPlanner['plan']>>): Promise<void> {
    await this.runCounty.start(this.planner.reader, plan.runId, plan.job, plan.countyCode, plan.asOf, plan.dryRun);
    await this.flows.add({
      name: 'run',
      queueName: QUEUE_NAME,
      data: { runId: plan.runId },
      opts: { jobId: plan.runId, ...RETENTION },
      // A county that exhausts its retries does not hold the run: its failure is kept for the parent, which
      // runs once every county has completed or failed (ignoreDependencyOnFailure) and fails the run visibly.
      children: plan.children.map((c) => ({ name: 'county', queueName: QUEUE_NAME, data: c, opts: { jobId: c.runId, ...this.retries, ...RETENTION, ignoreDependencyOnFailure: true } })),
    });
  }

  private async county(job: Job<CountyJobData>): Promise<unknown> {
    // Progress is only for the dashboard: a failed update (Redis away, the job taken back as stalled)
    // must neither fail the county nor become an unhandled rejection.
    const progress = (done: number, total: number) =>
      void job.updateProgress(Math.round((100 * done) / Math.max(total, 1))).catch((err: Error) => this.logger.debug({ jobId: job.id, err: err.message }, 'progress not recorded'));
    return this.runCounty.run(job.data, progress);
  }

  /** The run's parent: every county completed or failed. Failed counties fail the run, naming each and its error. */
  private async collect(job: Job<{ runId: string }>): Promise<unknown> {
    const values = Object.values(await job.getChildrenValues());
    const ignored = await job.getIgnoredChildrenFailures();
    const failed = await this.runCounty.failures(Object.entries(ignored).map(([key, reason]) => ({ jobId: key.slice(key.lastIndexOf(':') + 1), reason })));
    const summary = { counties: values.length + failed.length, completed: values.length, results: values, failed };
    if (failed.length === 0) {
      await this.runCounty.finish(job.data.runId, 'completed', summary, null);
      return summary;
    }
    const error = `${failed.length} of ${summary.counties} counties failed: ${failed.map((f) => `${f.countyCode}: ${f.error}`).join('; ')}`;
    await this.runCounty.finish(job.data.runId, 'failed', summary, error);
    throw new Error(error);
  }
}
