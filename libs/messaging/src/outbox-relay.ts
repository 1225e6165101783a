import type { DataSource, QueryRunner } from 'typeorm';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { encodeBinary } from './cloudevents';
import { quoteIdent } from './messaging.schema';

export interface OutboxRelayOptions {
  schema: string;
  /** CloudEvents `source`, e.g. /jiangmen/staffing */
  source: string;
  pollMs: number;
  batchSize: number;
  retentionHours: number;
  /** how long a relay without the lock waits before trying again */
  standbyRetryMs?: number;
  onPublished?: (type: string, count: number) => void;
}

interface OutboxRow {
  seq: string;
  id: string;
  aggregate_id: string;
  type: string;
  topic: string;
  subject: string | null;
  payload: unknown;
  correlation_id: string | null;
  created_at: Date;
}

class DatabaseStepError extends Error {
  constructor(cause: unknown) {
    super(`outbox database step failed: ${(cause as Error)?.message ?? cause}`, { cause });
  }
}

/**
 * Publishes outbox rows in commit order and marks them sent only after Kafka acknowledged them
 * (acks = all). One relay per service is active at a time: it holds a PostgreSQL advisory lock on a
 * dedicated connection, so a second instance waits on standby and one aggregate's events never race.
 * While the broker is down it backs off and retries; rows stay in the table, so nothing is lost.
 */
export class OutboxRelay {
  private runner: QueryRunner | null = null;
  private producer: Producer | null = null;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  private failures = 0;
  private lastCleanup = 0;
  private readonly table: string;
  private readonly lockKey: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: Kafka,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions,
  ) {
    this.table = `${quoteIdent(options.schema)}.outbox`;
    this.lockKey = `outbox-relay:${options.schema}`;
  }

  get isLeader(): boolean {
    return this.runner !== null;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Nudges the relay to poll now (e.g. right after a commit) instead of at the next interval. */
  poke(): void {
    this.wake?.();
  }

  /** Stops polling, then (if this instance is the active relay) drains what is left, up to timeoutMs. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.poke();
    await this.loopDone;
    if (this.runner) {
      const deadline = Date.now() + timeoutMs;
      try {
        while (Date.now() < deadline && (await this.publishBatch()) > 0) {
          /* drain */
        }
      } catch (err) {
        this.logger.warn({ err: String(err) }, 'outbox relay could not flush before shutdown; rows stay for the next start');
      }
    }
    await this.releaseLeadership();
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = null;
  }

  async backlog(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM ${this.table} WHERE published_at IS NULL`);
    return row.n;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        if (!this.runner) await this.acquireLeadership();
        if (!this.runner) {
          await this.sleep(this.options.standbyRetryMs ?? 2000);
          continue;
        }
        const published = await this.publishAvailable();
        if (this.failures > 0 && published > 0) this.logger.info({ afterFailures: this.failures }, 'outbox relay publishing again');
        this.failures = 0;
        await this.cleanupPublished();
        await this.sleep(this.options.pollMs);
      } catch (err) {
        this.failures += 1;
        if (this.failures === 1 || this.failures % 50 === 0) {
          this.logger.warn({ err: String(err), failures: this.failures }, 'outbox relay cannot publish; backing off');
        }
        if (err instanceof DatabaseStepError) await this.releaseLeadership();
        else await this.resetProducer();
        await this.sleep(Math.min(5000, 100 * 2 ** Math.min(this.failures, 6)));
      }
    }
  }

  /**
   * Publishes until the outbox is empty, one batch at a time in seq order, reading the next batch while the
   * broker acknowledges the one before (the round trips overlap; sends stay strictly sequential, so a
   * partition's order holds) and marking each batch sent after its acknowledgement. A batch is marked only
   * after the one before it: a crash re-publishes at most the unmarked tail, which consumers deduplicate.
   * Returns how many rows were published.
   */
  private async publishAvailable(): Promise<number> {
    const runner = this.runner;
    if (!runner) return 0;
    const size = this.options.batchSize;
    let total = 0;
    let next = settled(this.readBatch(runner, null));
    let marking: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        const rows = await next;
        if (rows.length === 0) break;
        // Rows that commit later with a lower seq are not lost: the next round starts from the lowest unpublished seq.
        next = settled(rows.length < size || !this.running ? Promise.resolve([]) : this.readBatch(runner, rows[rows.length - 1].seq));
        await this.send(rows);
        await marking;
        marking = settled(this.markPublished(runner, rows));
        total += rows.length;
      }
    } finally {
      await marking.catch(() => undefined);
    }
    await marking;
    return total;
  }

  /** One batch (stop() drains with it); returns how many rows were published. */
  private async publishBatch(): Promise<number> {
    const runner = this.runner;
    if (!runner) return 0;
    const rows = await this.readBatch(runner, null);
    if (rows.length === 0) return 0;
    await this.send(rows);
    await this.markPublished(runner, rows);
    return rows.length;
  }

  private readBatch(runner: QueryRunner, afterSeq: string | null): Promise<OutboxRow[]> {
    return this.db(() =>
      runner.query(
        `SELECT seq, id, aggregate_id, type, topic, subject, payload, correlation_id, created_at
           FROM ${this.table} WHERE published_at IS NULL${afterSeq === null ? '' : ' AND seq > $2'} ORDER BY seq LIMIT $1`,
        afterSeq === null ? [this.options.batchSize] : [this.options.batchSize, afterSeq],
      ),
    );
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const row of rows) {
      const record = encodeBinary(
        {
          specversion: '1.0',
          id: row.id,
          source: this.options.source,
          type: row.type,
          time: row.created_at.toISOString(),
          subject: row.subject ?? undefined,
          correlationid: row.correlation_id ?? undefined,
        },
        row.aggregate_id,
        row.payload,
      );
      const list = byTopic.get(row.topic) ?? [];
      list.push(record);
      byTopic.set(row.topic, list);
    }
    const producer = await this.getProducer();
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  }

  private async markPublished(runner: QueryRunner, rows: OutboxRow[]): Promise<void> {
    await this.db(() => runner.query(`UPDATE ${this.table} SET published_at = now() WHERE seq = ANY($1::bigint[])`, [rows.map((r) => r.seq)]));
    if (this.options.onPublished) {
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
      for (const [type, n] of counts) this.options.onPublished(type, n);
    }
  }

  private async cleanupPublished(): Promise<void> {
    if (Date.now() - this.lastCleanup < 10 * 60 * 1000 || !this.runner) return;
    this.lastCleanup = Date.now();
    const runner = this.runner;
    await this.db(() =>
      runner.query(`DELETE FROM ${this.table} WHERE published_at < now() - make_interval(hours => $1)`, [this.options.retentionHours]),
    );
  }

  private async acquireLeadership(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      const [row] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [this.lockKey]);
      if (row.locked) {
        this.runner = runner;
        this.logger.info({ schema: this.options.schema }, 'outbox relay is the active relay');
        return;
      }
    } catch (err) {
      await runner.release().catch(() => undefined);
      throw new DatabaseStepError(err);
    }
    await runner.release();
  }

  private async releaseLeadership(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    if (!runner) return;
    await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [this.lockKey]).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }

  private async getProducer(): Promise<Producer> {
    if (!this.producer) {
      // Idempotent: the broker drops a retried request it already wrote, so a retry inside one producer
      // session neither duplicates nor reorders. Retries are capped so the relay itself sees an outage and
      // backs off; a new session after a failure may repeat rows, which consumers deduplicate by event id.
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // murmur2 on the key, as Kafka's own clients: a teacher's events land on the same partition whoever writes them.
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
      });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  private async resetProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    await producer?.disconnect().catch(() => undefined);
  }

  private async db<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (err) {
      throw new DatabaseStepError(err);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/** The same promise, marked as handled so that a rejection while nobody awaits it yet is not reported as unhandled. */
function settled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}
