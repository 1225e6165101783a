import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { SchoolUpdated, type EventData } from '@app/contracts';
import { startDevBroker, waitFor, type DevBroker } from '@app/testing';
import { encodeBinary } from './cloudevents';
import { EventConsumerServer, PermanentEventError, type EventContext, type ReceivedEvent } from './event-consumer.server';
import { createKafka, type Kafka } from './kafka';
import { messagingTablesUp } from './messaging.schema';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

type School = EventData<typeof SchoolUpdated>;
const logger = pino({ level: 'silent' });
const TOPIC = SchoolUpdated.topic;

function school(aggregate: string, seq: number): School {
  return { schoolId: aggregate, countyCode: 'taishan', code: 'C1', name: `seq-${seq}`, type: 'county_town', districtCode: null, weak: false, smallScale: false, rural: false, remoteTier: 0 };
}

/** One private broker and one private schema per test: outbox, relay, consumer and an effects table. */
class Harness {
  readonly schema = `msg_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  readonly outbox = new Outbox(this.schema);
  readonly outcomes: string[] = [];
  ds!: DataSource;
  broker!: DevBroker;
  kafka!: Kafka;
  relay!: OutboxRelay;
  consumers: EventConsumerServer[] = [];

  async start(partitions = 4) {
    this.broker = await startDevBroker({ [TOPIC]: partitions, [`${TOPIC}.dlt`]: 1 });
    this.kafka = createKafka({ brokers: this.broker.brokers.split(','), clientId: 'test' }, logger);
    this.ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, extra: { max: 8 } });
    await this.ds.initialize();
    await this.ds.query(`CREATE SCHEMA ${this.schema}`);
    for (const sql of messagingTablesUp(this.schema)) await this.ds.query(sql);
    await this.ds.query(`CREATE TABLE ${this.schema}.effects (n bigserial PRIMARY KEY, event_id text NOT NULL, aggregate text NOT NULL, seq int NOT NULL)`);
    this.relay = new OutboxRelay(this.ds, this.kafka, logger, { schema: this.schema, source: '/test', pollMs: 20, batchSize: 200, retentionHours: 1, standbyRetryMs: 100 });
  }

  /** A consumer whose handler records (aggregate, seq) in the effects table in the event's transaction. */
  async startConsumer(opts: { concurrency?: number; fail?: (e: ReceivedEvent<School>) => Error | null } = {}) {
    const server = new EventConsumerServer({
      kafka: this.kafka,
      dataSource: this.ds,
      logger,
      groupId: `${this.schema}-consumer`,
      schema: this.schema,
      topics: [TOPIC],
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 500,
      maxWaitTimeMs: 250,
      partitionsConsumedConcurrently: opts.concurrency ?? 3,
      maxAttempts: 3,
      retryBackoffMs: 20,
      onOutcome: (_type, outcome) => this.outcomes.push(outcome),
    });
    server.addHandler(
      SchoolUpdated.type,
      async (event: ReceivedEvent<School>, ctx: EventContext) => {
        const failure = opts.fail?.(event);
        if (failure) throw failure;
        await ctx.manager.query(`INSERT INTO ${this.schema}.effects (event_id, aggregate, seq) VALUES ($1, $2, $3)`, [
          event.id,
          event.data.schoolId,
          Number(event.data.name.slice(4)),
        ]);
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

  async commit(events: School[], thenFail = false) {
    await this.ds.transaction(async (m) => {
      await this.outbox.addAll(m, events.map((data) => ({ contract: SchoolUpdated, data })));
      if (thenFail) throw new Error('rolled back on purpose');
    });
  }

  async raw(messages: { key: string; value: Buffer; headers: Record<string, string> }[]) {
    const producer = this.kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await producer.send({ topic: TOPIC, acks: -1, messages });
    await producer.disconnect();
  }

  async readDeadLetters(expected: number) {
    const seen: { reason: string; error: string; value: string }[] = [];
    const consumer = this.kafka.consumer({ groupId: `${this.schema}-dlt-reader`, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 250 });
    await consumer.connect();
    await consumer.subscribe({ topic: `${TOPIC}.dlt`, fromBeginning: true });
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

describe('messaging against PostgreSQL and the Kafka-protocol broker', () => {
  let h: Harness;
  beforeEach(async () => {
    h = new Harness();
    await h.start();
  });
  afterEach(async () => h.stop());

  it('(a) publishes a committed change and nothing from a rolled-back one', async () => {
    const agg = randomUUID();
    await expect(h.commit([school(agg, 1)], true)).rejects.toThrow('rolled back on purpose');
    await h.commit([school(agg, 2)]);
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM ${h.schema}.outbox`);
    expect(n).toBe(1);
    h.relay.start();
    await h.startConsumer();
    const effects = await waitFor(async () => ((await h.effects()).length === 1 ? h.effects() : null), 'the committed event');
    expect(effects.map((e) => e.seq)).toEqual([2]);
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.effects()).map((e) => e.seq)).toEqual([2]);
  });

  it('(b) keeps events while the broker is unreachable and delivers them all once it is back', async () => {
    await h.startConsumer();
    h.relay.start();
    h.broker.down();
    const agg = randomUUID();
    await h.commit([school(agg, 1), school(agg, 2), school(agg, 3)]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await h.relay.backlog()).toBe(3);
    expect(await h.effects()).toEqual([]);
    h.broker.up();
    await waitFor(async () => (await h.effects()).length === 3, 'all three events after the broker came back', 30000);
    expect((await h.effects()).map((e) => e.seq)).toEqual([1, 2, 3]);
    await waitFor(async () => (await h.relay.backlog()) === 0, 'an empty backlog');
  });

  it('(c) applies an event delivered twice only once', async () => {
    const agg = randomUUID();
    const record = encodeBinary({ specversion: '1.0', id: randomUUID(), source: '/test', type: SchoolUpdated.type, time: new Date().toISOString() }, agg, school(agg, 7));
    await h.raw([record, record]);
    await h.startConsumer();
    await waitFor(() => h.outcomes.length === 2, 'both deliveries handled');
    expect(h.outcomes.sort()).toEqual(['applied', 'duplicate']);
    expect((await h.effects()).map((e) => e.seq)).toEqual([7]);
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM ${h.schema}.processed_messages`);
    expect(n).toBe(1);
  });

  it('(d) dead-letters a non-JSON and a schema-invalid message at once, and a failing one after capped retries, and goes on', async () => {
    const agg = randomUUID();
    const attrs = (id: string) => ({ specversion: '1.0' as const, id, source: '/test', type: SchoolUpdated.type, time: new Date().toISOString() });
    const notJson = encodeBinary(attrs(randomUUID()), agg, null);
    notJson.value = Buffer.from('{not json');
    const invalid = encodeBinary(attrs(randomUUID()), agg, { ...school(agg, 2), remoteTier: 9 });
    const poison = encodeBinary(attrs(randomUUID()), agg, school(agg, 3));
    const good = encodeBinary(attrs(randomUUID()), agg, school(agg, 4));
    await h.raw([notJson, invalid, poison, good]);
    let poisonAttempts = 0;
    await h.startConsumer({ fail: (e) => (e.data.name === 'seq-3' ? (poisonAttempts++, new Error('cannot apply seq 3')) : null) });
    await waitFor(async () => (await h.effects()).length === 1, 'the good message after the bad ones');
    expect((await h.effects()).map((e) => e.seq)).toEqual([4]);
    expect(poisonAttempts).toBe(3);
    const letters = await h.readDeadLetters(3);
    expect(letters.map((l) => l.reason)).toEqual(['not_json', 'schema', 'handler_failed']);
    expect(letters[0].value).toBe('{not json');
    expect(letters[1].error).toContain('remoteTier');
    expect(letters[2].error).toBe('cannot apply seq 3');
  });

  it('(d) dead-letters a permanent handler error without retrying it', async () => {
    const agg = randomUUID();
    await h.commit([school(agg, 1), school(agg, 2)]);
    h.relay.start();
    let calls = 0;
    await h.startConsumer({ fail: (e) => (e.data.name === 'seq-1' ? (calls++, new PermanentEventError('quota full')) : null) });
    await waitFor(async () => (await h.effects()).length === 1, 'the event after the rejected one');
    expect(calls).toBe(1);
    const [letter] = await h.readDeadLetters(1);
    expect(letter).toMatchObject({ reason: 'rejected', error: 'quota full' });
  });

  it('(e) resumes a restarted consumer from its committed offset', async () => {
    const agg = randomUUID();
    h.relay.start();
    await h.commit([1, 2, 3, 4, 5].map((n) => school(agg, n)));
    const first = await h.startConsumer();
    await waitFor(async () => (await h.effects()).length === 5, 'the first five events');
    await first.close();
    h.consumers = [];
    h.outcomes.length = 0;
    await h.commit([6, 7, 8, 9, 10].map((n) => school(agg, n)));
    await h.startConsumer();
    await waitFor(async () => (await h.effects()).length === 10, 'the next five events');
    await new Promise((r) => setTimeout(r, 500));
    // The second consumer saw only the five new events: no redelivery of old ones, not even as duplicates.
    expect(h.outcomes).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect((await h.effects()).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('(f) delivers 1,000 events over 50 aggregates in per-aggregate order', async () => {
    const aggregates = Array.from({ length: 50 }, () => randomUUID());
    const events: School[] = [];
    for (let seq = 1; seq <= 20; seq++) for (const agg of aggregates) events.push(school(agg, seq));
    // Written in several transactions, as real traffic would be.
    for (let i = 0; i < events.length; i += 100) await h.commit(events.slice(i, i + 100));
    h.relay.start();
    await h.startConsumer({ concurrency: 4 });
    await waitFor(async () => (await h.effects()).length === 1000, '1,000 events', 60000, 200);
    const effects = await h.effects();
    const byAggregate = new Map<string, number[]>();
    for (const e of effects) byAggregate.set(e.aggregate, [...(byAggregate.get(e.aggregate) ?? []), e.seq]);
    expect(byAggregate.size).toBe(50);
    for (const seqs of byAggregate.values()) expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(effects.map((e) => e.event_id)).size).toBe(1000);
  });
});
