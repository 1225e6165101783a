import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DomainError } from '@app/errors';
import type { ServiceConfig } from '@app/platform';
import { LOGGER, REDIS, SERVICE_CONFIG } from '@app/runtime';
import { ComputeHints } from '../application/compute-hints.use-case';
import { HintQueue } from '../application/hint.repository';
import { HINTS_NIGHTLY } from '../domain/schedule';

export const HINTS_QUEUE = 'rotation-hints';
const RETENTION = { removeOnComplete: { count: 500, age: 30 * 24 * 3600 }, removeOnFail: { count: 1000, age: 90 * 24 * 3600 } };
/** a run refused because the read model is behind, or whose solve failed, is tried again: 1, 2, 4 minutes later */
const RETRIES = { attempts: 4, backoff: { type: 'exponential' as const, delay: 60_000 } };

/**
 * The queue's keys live under the database's name, so two systems that share a Redis (a development
 * system and a test run) never take each other's runs; BullMQ needs a connection of its own per client.
 */
function queueOptions(redis: Redis, config: Pick<ServiceConfig, 'DATABASE_URL'>, own: Redis[]) {
  const database = decodeURIComponent(new URL(config.DATABASE_URL).pathname.slice(1)) || 'default';
  const connection = redis.duplicate();
  own.push(connection);
  return { connection, prefix: `bull:${database}` };
}

/** Queues hint runs, and registers the nightly job scheduler (idempotent: an upsert under a stable id). */
@Injectable()
export class BullHintQueue extends HintQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly queue: Queue;
  private readonly connections: Redis[] = [];

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(SERVICE_CONFIG) config: Pick<ServiceConfig, 'DATABASE_URL'>,
    @Inject(LOGGER) private readonly logger: Pick<Logger, 'warn'>,
  ) {
    super();
    this.queue = new Queue(HINTS_QUEUE, queueOptions(redis, config, this.connections));
    this.queue.on('error', (err) => this.logger.warn({ err: err.message }, 'hint queue connection error'));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(HINTS_NIGHTLY.id, { pattern: HINTS_NIGHTLY.pattern, tz: HINTS_NIGHTLY.timeZone }, { name: 'nightly', data: {}, opts: { ...RETRIES, ...RETENTION } });
  }

  async enqueue(runId: string): Promise<void> {
    await this.queue.add('cycle', { runId }, { jobId: runId, ...RETRIES, ...RETENTION });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    for (const c of this.connections) c.disconnect();
  }
}

/**
 * The worker: 'nightly' queues a run per cycle collecting preferences, 'cycle' computes one run (the solve
 * itself runs in the solver pool's thread, so this event loop keeps renewing the job's lock). Every job name
 * has exactly one handler. A domain error other than "unavailable" (the read model behind) is not retried.
 */
@Injectable()
export class HintWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker: Worker | null = null;
  private readonly connections: Redis[] = [];
  private readonly handlers: Record<string, (job: Job) => Promise<unknown>> = {
    nightly: () => this.compute.nightly(),
    cycle: (job) => this.compute.run((job.data as { runId: string }).runId),
  };

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<ServiceConfig, 'DATABASE_URL'>,
    @Inject(LOGGER) private readonly logger: Pick<Logger, 'warn'>,
    private readonly compute: ComputeHints,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker(
      HINTS_QUEUE,
      async (job) => {
        const handler = this.handlers[job.name];
        if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
        try {
          return await handler(job);
        } catch (err) {
          if (err instanceof DomainError && err.kind !== 'unavailable') throw new UnrecoverableError(`${err.code}: ${err.message}`);
          throw err;
        }
      },
      { ...queueOptions(this.redis, this.config, this.connections), concurrency: 1 },
    );
    this.worker.on('failed', (job, err) => this.logger.warn({ jobId: job?.id, name: job?.name, attempts: job?.attemptsMade, err: err.message }, 'hint job failed'));
    this.worker.on('error', (err) => this.logger.warn({ err: err.message }, 'hint worker error'));
  }

  async onApplicationShutdown(): Promise<void> {
    // Not waiting for a run in progress: its solve stops with the solver pool, and a run is one transaction,
    // so the job, taken back as stalled, is computed again by the next worker.
    await this.worker?.close(true);
    for (const c of this.connections) c.disconnect();
  }
}
