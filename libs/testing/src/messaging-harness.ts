import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { SchoolUpdated, type EventData } from '@app/contracts';
import {
  createKafka,
  encodeBinary,
  EventConsumerServer,
  messagingTablesUp,
  Outbox,
  OutboxRelay,
  type EventContext,
  type Kafka,
  type ReceivedEvent,
} from '@app/messaging';
import { startDevBroker, type DevBroker } from './dev-broker';
import { waitFor } from './wait-for';

export type SchoolState = EventData<typeof SchoolUpdated>;
const logger = pino({ level: 'silent' });
export const HARNESS_TOPIC = SchoolUpdated.topic;

/** A SchoolUpdated payload whose name carries a sequence number, so order can be checked downstream. */
export function sequencedSchool(aggregate: string, seq: number): SchoolState {
  return { schoolId: aggregate, countyCode: 'taishan', code: 'C1', name: `seq-${seq}`, type: 'county_town', districtCode: null, weak: false, smallScale: false, rural: false, remoteTier: 0 };
}

export interface HarnessConsumerOptions {
  concurrency?: number;
  maxWaitTimeMs?: number;
  fail?: (e: ReceivedEvent<SchoolState>) => Error | null;
  onApplied?: (e: ReceivedEvent<SchoolState>) => void;
}

/**
 * The whole event path on real servers, in a private schema and on a private development broker:
 * outbox writes in a transaction, the relay, an idempotent consumer whose effect is a row in
 * `<schema>.effects`. Used by the messaging integration tests and by bench/events.
 */
export class MessagingHarness {
  readonly schema = `msg_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  readonly outbox = new Outbox(this.schema);
  readonly outcomes: string[] = [];
  ds!: DataSource;
  broker!: DevBroker;
  kafka!: Kafka;
  relay!: OutboxRelay;
  consumers: EventConsumerServer[] = [];

  constructor(private readonly databaseUrl: string) {}

  async start(opts: { partitions?: number; pollMs?: number; batchSize?: number; poolSize?: number } = {}) {
    this.broker = await startDevBroker({ [HARNESS_TOPIC]: opts.partitions ?? 4, [`${HARNESS_TOPIC}.dlt`]: 1 });
    this.kafka = createKafka({ brokers: this.broker.brokers.split(','), clientId: 'harness' }, logger);
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
      topics: [HARNESS_TOPIC],
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 500,
      maxWaitTimeMs: opts.maxWaitTimeMs ?? 100,
      partitionsConsumedConcurrently: opts.concurrency ?? 3,
      maxAttempts: 3,
      retryBackoffMs: 20,
      onOutcome: (_type, outcome) => this.outcomes.push(outcome),
    });
    server.addHandler(
      SchoolUpdated.type,
      async (event: ReceivedEvent<SchoolState>, ctx: EventContext) => {
        const failure = opts.fail?.(event);
        if (failure) throw failure;
        await ctx.manager.query(`INSERT INTO ${this.schema}.effects (event_id, aggregate, seq) VALUES ($1, $2, $3)`, [
          event.id,
          event.data.schoolId,
          Number(event.data.name.slice(4)),
        ]);
        opts.onApplied?.(event);
      },
      true,
    );
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
      const ids = await this.outbox.addAll(m, events.map((data) => ({ contract: SchoolUpdated, data })));
      if (thenFail) throw new Error('rolled back on purpose');
      return ids;
    });
  }

  /** Produces records straight to the topic, bypassing the outbox (duplicates, malformed messages). */
  async raw(messages: { key: string; value: Buffer; headers: Record<string, string> }[]) {
    const producer = this.kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await producer.send({ topic: HARNESS_TOPIC, acks: -1, messages });
    await producer.disconnect();
  }

  rawEvent(id: string, aggregate: string, data: unknown) {
    return encodeBinary({ specversion: '1.0', id, source: '/harness', type: SchoolUpdated.type, time: new Date().toISOString() }, aggregate, data);
  }

  async readDeadLetters(expected: number) {
    const seen: { reason: string; error: string; value: string }[] = [];
    const consumer = this.kafka.consumer({ groupId: `${this.schema}-dlt-reader`, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 250 });
    await consumer.connect();
    await consumer.subscribe({ topic: `${HARNESS_TOPIC}.dlt`, fromBeginning: true });
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
    await this.relay.stop(1000);
    await this.ds.query(`DROP SCHEMA ${this.schema} CASCADE`);
    await this.ds.destroy();
    await this.broker.stop();
  }
}
