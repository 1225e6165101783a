import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ServiceConfig } from '@app/platform';
import { TIME_ZONE, todayInShanghai } from '@app/rules';
import { LOGGER, REDIS, SERVICE_CONFIG } from '@app/runtime';
import { SendReminders } from '../application/send-reminders.use-case';

export const QUEUE_NAME = 'notices';
/** The job scheduler's stable id: upserted at every start, so restarts and several instances keep one schedule. */
export const REMINDER_SCHEDULER_ID = 'preference-reminders';
const RETENTION = { removeOnComplete: { count: 400, age: 90 * 24 * 3600 }, removeOnFail: { count: 1000, age: 180 * 24 * 3600 } };

/**
 * The daily reminder job: a BullMQ job scheduler (cron NOTICES_REMINDER_CRON in Asia/Shanghai) whose job runs
 * the reminder pass for that day's date in Shanghai, retried with exponential back-off. Each job name has
 * one handler; the pass itself is idempotent, so a retried or duplicated job sends nothing twice.
 */
@Injectable()
export class ReminderQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly queue: Queue;
  private worker: Worker | null = null;
  private readonly connections: Redis[] = [];

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<ServiceConfig, 'NOTICES_REMINDER_CRON'>,
    private readonly reminders: SendReminders,
  ) {
    this.queue = new Queue(QUEUE_NAME, { connection: this.connection() });
    this.queue.on('error', (err) => this.logger.warn({ err: err.message }, 'queue connection error'));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      REMINDER_SCHEDULER_ID,
      { pattern: this.config.NOTICES_REMINDER_CRON, tz: TIME_ZONE },
      { name: 'reminders', data: {}, opts: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, ...RETENTION } },
    );
    this.worker = new Worker(
      QUEUE_NAME,
      async (job) => {
        if (job.name !== 'reminders') throw new Error(`no handler for job ${job.name}`);
        const date = typeof job.data?.date === 'string' ? job.data.date : todayInShanghai();
        const run = await this.reminders.run(date);
        this.logger.info({ date, sent: run.sent, cycles: run.cycles.length }, 'preference reminders');
        return run;
      },
      { connection: this.connection(), concurrency: 1 },
    );
    this.worker.on('failed', (job, err) => this.logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'reminder job failed'));
    this.worker.on('error', (err) => this.logger.warn({ err: err.message }, 'worker error'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    for (const c of this.connections) c.disconnect();
  }

  /** The schedule as registered (for operators): its id, pattern, time zone and next run. */
  async schedule(): Promise<{ id: string; pattern: string | null; tz: string | null; next: string | null } | null> {
    const s = await this.queue.getJobScheduler(REMINDER_SCHEDULER_ID);
    return s ? { id: REMINDER_SCHEDULER_ID, pattern: s.pattern ?? null, tz: s.tz ?? null, next: s.next ? new Date(s.next).toISOString() : null } : null;
  }

  private connection(): Redis {
    const c = this.redis.duplicate();
    this.connections.push(c);
    return c;
  }
}
