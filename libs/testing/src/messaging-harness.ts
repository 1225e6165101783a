import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { SchoolUpdated, type EventData } from '@app/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  batchPattern,
  createKafka,
  encodeBinary,
  ensureTopics,
  EventConsumerServer,
  messagingTablesUp,
  Outbox,
  OutboxRelay,
  type EventContext,
  type Kafka,
  type ReceivedEvent,
} from '@app/messaging';
import { KafkaCluster } from './kafka-cluster';
import { waitFor } from './wait-for';

export type SchoolState = EventData<typeof SchoolUpdated>;
const logger = pino({ level: process.env.HARNESS_LOG_LEVEL ?? 'silent' });

/** A SchoolUpdated payload whose name carries a sequence number, so order can be checked downstream. */
export function sequencedSchool(aggregate: string, seq: number): SchoolState {
  return { schoolId: aggregate, countyCode: 'taishan', code: 'C1', name: `seq-${seq}`, type: 'county_town', districtCode: null, weak: false, smallScale: false, rural: false, remoteTier: 0 };
}

export interface HarnessConsumerOptions {
  concurrency?: number;
  maxWaitTimeMs?: number;
  sessionTimeoutMs?: number;
  maxBatchEvents?: number;
  fail?: (e: ReceivedEvent<SchoolState>) => Error | null;
  /** slow work inside the event's transaction (pg_sleep), as a slow query would be */
  delayMs?: (e: ReceivedEvent<SchoolState>) => number;
  onApplied?: (e: ReceivedEvent<SchoolState>, partition: number) => void;
  /**
   * Also a batch handler (one multi-row insert for a run of events; fails as a whole when `fail` says so
   * for any of its events, as one bad row fails a statement); the sizes of the runs it got go to batchSizes.
   */
  batch?: boolean;
}

/** A SchoolUpdated contract published to the harness's own topic, so harnesses never see each other's events. */
function onTopic(topic: string) {
  return { ...SchoolUpdated, topic };
}

export interface HarnessStartOptions {
  partitions?: number;
  pollMs?: number;
  batchSize?: number;
  poolSize?: number;
  /**
   * A Kafka cluster of its own (in a temporary folder) that the test may kill and restart; otherwise the
   * run's shared broker (KAFKA_BROKERS) with a topic of the harness's own.
   */
  privateBroker?: boolean;
}

/**
 * The whole event path on real servers, in a private schema and on a private topic of the real Kafka
 * broker: outbox writes in a transaction, the relay, an idempotent consumer whose effect is a row in
 * `<schema>.effects`. Used by the messaging integration tests and by bench/events.
 */
export class MessagingHarness {
  readonly schema = `msg_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  readonly topic = `harness.${this.schema}`;
  readonly contract = onTopic(this.topic);
  readonly outbox = new Outbox(this.schema);
  readonly outcomes: string[] = [];
  readonly batchSizes: number[] = [];
  ds!: DataSource;
  cluster: KafkaCluster | null = null;
  private clusterDir: string | null = null;
  brokers!: string;
  kafka!: Kafka;
  relay!: OutboxRelay;
  consumers: EventConsumerServer[] = [];

  constructor(
    private readonly databaseUrl: string,
    private readonly sharedBrokers: string | undefined = process.env.KAFKA_BROKERS,
  ) {}

  async start(opts: HarnessStartOptions = {}) {
    if (opts.privateBroker || !this.sharedBrokers) {
      this.clusterDir = mkdtempSync(join(tmpdir(), 'harness-kafka-'));
      this.cluster = new KafkaCluster({ dir: this.clusterDir, heapMb: 512 });
      await this.cluster.start();
      this.brokers = this.cluster.brokers;
    } else {
      this.brokers = this.sharedBrokers;
    }
    this.kafka = createKafka({ brokers: this.brokers.split(','), clientId: 'harness' }, logger);
    const retention = { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'retention.bytes': '-1', 'min.insync.replicas': '1' };
    await ensureTopics(this.kafka, [
      { name: this.topic, partitions: opts.partitions ?? 4, replicationFactor: 1, config: retention },
      { name: `${this.topic}.dlt`, partitions: 1, replicationFactor: 1, config: retention },
    ]);
    this.ds = new DataSource({ type: 'postgres', url: this.databaseUrl, extra: { max: opts.poolSize ?? 8 } });
    await this.ds.initialize();
    await this.ds.query(`CREATE SCHEMA ${this.schema}`);
    for (const sql of messagingTablesUp(this.schema)) await this.ds.query(sql);
    await this.ds.query(`CREATE TABLE ${this.schema}.effects (n bigserial PRIMARY KEY, event_id text NOT NULL, aggregate text NOT NULL, seq int NOT NULL)`);
    this.relay = new OutboxRelay(this.ds, this.kafka, logger, {
      schema: this.schema,
      source: '/harness',
      pollMs: opts.pollMs ?? 20,
      batchSize: opts.batchSize ?? 200,
      retentionHours: 1,
      standbyRetryMs: 100,
    });
  }

  /** A consumer whose handler records (aggregate, seq) in the effects table in the event's transaction. */
  async startConsumer(opts: HarnessConsumerOptions = {}) {
    const server = new EventConsumerServer({
      kafka: this.kafka,
      dataSource: this.ds,
      logger,
      groupId: `${this.schema}-consumer`,
      schema: this.schema,
      topics: [this.topic],
      sessionTimeoutMs: opts.sessionTimeoutMs ?? 10000,
      heartbeatIntervalMs: 1000,
      maxWaitTimeMs: opts.maxWaitTimeMs ?? 500,
      maxBatchEvents: opts.maxBatchEvents,
      partitionsConsumedConcurrently: opts.concurrency ?? 3,
      maxAttempts: 3,
      retryBackoffMs: 20,
      onOutcome: (_type, outcome, n = 1) => {
        for (let i = 0; i < n; i++) this.outcomes.push(outcome);
      },
    });
    server.addHandler(
      SchoolUpdated.type,
      async (event: ReceivedEvent<SchoolState>, ctx: EventContext) => {
        const failure = opts.fail?.(event);
        if (failure) throw failure;
        const delay = opts.delayMs?.(event) ?? 0;
        if (delay > 0) await ctx.manager.query('SELECT pg_sleep($1)', [delay / 1000]);
        await ctx.manager.query(`INSERT INTO ${this.schema}.effects (event_id, aggregate, seq) VALUES ($1, $2, $3)`, [
          event.id,
          event.data.schoolId,
          Number(event.data.name.slice(4)),
        ]);
        opts.onApplied?.(event, ctx.partition);
      },
      true,
    );
    if (opts.batch) {
      server.addHandler(
        batchPattern(SchoolUpdated.type),
        async (events: ReceivedEvent<SchoolState>[], ctx: EventContext) => {
          this.batchSizes.push(events.length);
          for (const event of events) {
            const failure = opts.fail?.(event);
            if (failure) throw failure;
          }
          await ctx.manager.query(
            `INSERT INTO ${this.schema}.effects (event_id, aggregate, seq) SELECT event_id, aggregate, seq FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS u(event_id, aggregate, seq, i) ORDER BY i`,
            [events.map((e) => e.id), events.map((e) => e.data.schoolId), events.map((e) => Number(e.data.name.slice(4)))],
          );
          for (const event of events) opts.onApplied?.(event, ctx.partition);
        },
        true,
      );
    }
    await new Promise<void>((resolve, reject) => server.listen((err?: unknown) => (err ? reject(err) : resolve())));
    this.consumers.push(server);
    return server;
  }

  async effects(): Promise<{ event_id: string; aggregate: string; seq: number }[]> {
    return this.ds.query(`SELECT event_id, aggregate, seq FROM ${this.schema}.effects ORDER BY n`);
  }

  async effectCount(): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM ${this.schema}.effects`);
    return n;
  }

  /** Writes the events in one transaction (optionally rolled back); returns their event ids. */
  async commit(events: SchoolState[], thenFail = false): Promise<string[]> {
    return this.ds.transaction(async (m) => {
      const ids = await this.outbox.addAll(m, events.map((data) => ({ contract: this.contract, data })));
      if (thenFail) throw new Error('rolled back on purpose');
      return ids;
    });
  }

  /** Produces records straight to the topic, bypassing the outbox (duplicates, malformed messages). */
  async raw(messages: { key: string; value: Buffer; headers: Record<string, string> }[]) {
    const producer = this.kafka.producer();
    await producer.connect();
    await producer.send({ topic: this.topic, acks: -1, messages });
    await producer.disconnect();
  }

  rawEvent(id: string, aggregate: string, data: unknown) {
    return encodeBinary({ specversion: '1.0', id, source: '/harness', type: SchoolUpdated.type, time: new Date().toISOString() }, aggregate, data);
  }

  async readDeadLetters(expected: number) {
    const seen: { reason: string; error: string; value: string }[] = [];
    const consumer = this.kafka.consumer({ groupId: `${this.schema}-dlt-reader`, maxWaitTimeInMs: 250 });
    await consumer.connect();
    await consumer.subscribe({ topic: `${this.topic}.dlt`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push({ reason: String(message.headers?.dlt_reason), error: String(message.headers?.dlt_error), value: String(message.value) });
      },
    });
    try {
      await waitFor(() => seen.length >= expected, `${expected} dead letters`);
    } finally {
      await consumer.disconnect();
    }
    return seen;
  }

  async stop() {
    for (const c of this.consumers) await c.close();
    await this.relay?.stop(1000);
    if (this.ds?.isInitialized) {
      await this.ds.query(`DROP SCHEMA ${this.schema} CASCADE`);
      await this.ds.destroy();
    }
    if (this.cluster) {
      await this.cluster.stop();
      rmSync(this.clusterDir!, { recursive: true, force: true });
    } else if (this.kafka) {
      const admin = this.kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [this.topic, `${this.topic}.dlt`] }).catch(() => undefined);
      await admin.disconnect();
    }
  }
}
