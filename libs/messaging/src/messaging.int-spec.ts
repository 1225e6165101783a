import { randomUUID } from 'node:crypto';
import { MessagingHarness, sequencedSchool as school, waitFor, type SchoolState } from '@app/testing';
import { DomainError } from '@app/platform';
import pino from 'pino';
import { EventConsumerServer, PermanentEventError } from './event-consumer.server';
import { batchPattern } from './event-batch-pattern';

/** An optimistic-lock conflict: another writer won, trying again on the new state succeeds. */
class RaceLost extends DomainError {
  override readonly retriable = true;
  constructor() {
    super('TEST.STALE_VERSION', 'conflict', 'changed by someone else');
  }
}

describe('messaging against PostgreSQL and the Kafka-protocol broker', () => {
  let h: MessagingHarness;
  beforeEach(async () => {
    h = new MessagingHarness(process.env.DATABASE_URL!);
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
    await waitFor(async () => (await h.effectCount()) === 1, 'the committed event');
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.effects()).map((e) => e.seq)).toEqual([2]);
  });

  it('(b) keeps events while the broker is down (killed) and delivers them all once it is back', async () => {
    // A broker of its own, so killing it does not disturb the run's shared broker.
    const own = new MessagingHarness(process.env.DATABASE_URL!);
    await own.start({ privateBroker: true });
    try {
      await own.startConsumer();
      own.relay.start();
      own.cluster!.kill();
      const agg = randomUUID();
      await own.commit([school(agg, 1), school(agg, 2), school(agg, 3)]);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await own.relay.backlog()).toBe(3);
      expect(await own.effects()).toEqual([]);
      await own.cluster!.restart();
      await waitFor(async () => (await own.effectCount()) === 3, 'all three events after the broker came back', 150000);
      expect((await own.effects()).map((e) => e.seq)).toEqual([1, 2, 3]);
      await waitFor(async () => (await own.relay.backlog()) === 0, 'an empty backlog');
    } finally {
      await own.stop();
    }
  }, 240000);

  it('(c) applies an event delivered twice only once', async () => {
    const agg = randomUUID();
    const record = h.rawEvent(randomUUID(), agg, school(agg, 7));
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
    const notJson = h.rawEvent(randomUUID(), agg, null);
    notJson.value = Buffer.from('{not json');
    const invalid = h.rawEvent(randomUUID(), agg, { ...school(agg, 2), remoteTier: 9 });
    const poison = h.rawEvent(randomUUID(), agg, school(agg, 3));
    const good = h.rawEvent(randomUUID(), agg, school(agg, 4));
    await h.raw([notJson, invalid, poison, good]);
    let poisonAttempts = 0;
    await h.startConsumer({ fail: (e) => (e.data.name === 'seq-3' ? (poisonAttempts++, new Error('cannot apply seq 3')) : null) });
    await waitFor(async () => (await h.effectCount()) === 1, 'the good message after the bad ones');
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
    await waitFor(async () => (await h.effectCount()) === 1, 'the event after the rejected one');
    expect(calls).toBe(1);
    const [letter] = await h.readDeadLetters(1);
    expect(letter).toMatchObject({ reason: 'rejected', error: 'quota full' });
  });

  it('(e) resumes a restarted consumer from its committed offset', async () => {
    const agg = randomUUID();
    h.relay.start();
    await h.commit([1, 2, 3, 4, 5].map((n) => school(agg, n)));
    const first = await h.startConsumer();
    await waitFor(async () => (await h.effectCount()) === 5, 'the first five events');
    await first.close();
    h.consumers = [];
    h.outcomes.length = 0;
    await h.commit([6, 7, 8, 9, 10].map((n) => school(agg, n)));
    await h.startConsumer();
    await waitFor(async () => (await h.effectCount()) === 10, 'the next five events');
    await new Promise((r) => setTimeout(r, 500));
    // The second consumer saw only the five new events: no redelivery of old ones, not even as duplicates.
    expect(h.outcomes).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect((await h.effects()).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('(f) delivers 1,000 events over 50 aggregates in per-aggregate order', async () => {
    const aggregates = Array.from({ length: 50 }, () => randomUUID());
    const events: SchoolState[] = [];
    for (let seq = 1; seq <= 20; seq++) for (const agg of aggregates) events.push(school(agg, seq));
    // Written in several transactions, as real traffic would be.
    for (let i = 0; i < events.length; i += 100) await h.commit(events.slice(i, i + 100));
    h.relay.start();
    await h.startConsumer({ concurrency: 4 });
    await waitFor(async () => (await h.effectCount()) === 1000, '1,000 events', 60000, 200);
    const effects = await h.effects();
    const byAggregate = new Map<string, number[]>();
    for (const e of effects) byAggregate.set(e.aggregate, [...(byAggregate.get(e.aggregate) ?? []), e.seq]);
    expect(byAggregate.size).toBe(50);
    for (const seqs of byAggregate.values()) expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(effects.map((e) => e.event_id)).size).toBe(1000);
  });

  it('(g) applies a batch in one transaction, and around a poison event applies the rest one at a time in order', async () => {
    const agg = randomUUID();
    await h.commit(Array.from({ length: 40 }, (_, i) => school(agg, i + 1)));
    let poisonCalls = 0;
    h.relay.start();
    await h.startConsumer({ fail: (e) => (e.data.name === 'seq-17' ? (poisonCalls++, new Error('cannot apply seq 17')) : null) });
    await waitFor(async () => (await h.effectCount()) === 39, 'the 39 good events');
    expect((await h.effects()).map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1).filter((n) => n !== 17));
    // The poison event's batch attempt counts: three calls in all, then the dead-letter topic.
    expect(poisonCalls).toBe(3);
    const [letter] = await h.readDeadLetters(1);
    expect(letter).toMatchObject({ reason: 'handler_failed', error: 'cannot apply seq 17' });
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM ${h.schema}.processed_messages`);
    expect(n).toBe(39);
  });

  it('(h) dead-letters a rule\'s verdict (a DomainError) at once with its code, and retries one that says it is retriable', async () => {
    const agg = randomUUID();
    await h.commit([school(agg, 1), school(agg, 2), school(agg, 3)]);
    const calls = new Map<string, number>();
    h.relay.start();
    await h.startConsumer({
      fail: (e) => {
        calls.set(e.data.name, (calls.get(e.data.name) ?? 0) + 1);
        if (e.data.name === 'seq-1') return new DomainError('TEST.QUOTA_EXCEEDED', 'conflict', 'post full: quota 15, 15 filled');
        if (e.data.name === 'seq-2' && calls.get('seq-2')! < 2) return new RaceLost();
        return null;
      },
    });
    await waitFor(async () => (await h.effectCount()) === 2, 'the retried and the plain event');
    expect((await h.effects()).map((e) => e.seq)).toEqual([2, 3]);
    expect(calls.get('seq-1')).toBe(1);
    expect(calls.get('seq-2')).toBe(2);
    const [letter] = await h.readDeadLetters(1);
    expect(letter).toMatchObject({ reason: 'domain_rule', error: 'post full: quota 15, 15 filled' });
  });

  it('(i) applies runs with the batch handler: the same effects, in per-aggregate order, and the same inbox rows as one at a time', async () => {
    const aggregates = Array.from({ length: 30 }, () => randomUUID());
    const events: SchoolState[] = [];
    for (let seq = 1; seq <= 20; seq++) for (const agg of aggregates) events.push(school(agg, seq));
    const redelivered = h.rawEvent(randomUUID(), aggregates[0], school(aggregates[0], 21));
    const oneAtATime = new MessagingHarness(process.env.DATABASE_URL!);
    await oneAtATime.start();
    try {
      for (const harness of [h, oneAtATime]) {
        for (let i = 0; i < events.length; i += 100) await harness.commit(events.slice(i, i + 100));
        harness.relay.start();
        await waitFor(async () => (await harness.relay.backlog()) === 0, 'the outbox published');
        await harness.raw([redelivered, redelivered]);
      }
      await h.startConsumer({ batch: true });
      await oneAtATime.startConsumer();
      for (const harness of [h, oneAtATime]) await waitFor(() => harness.outcomes.length === 602, 'every delivery handled', 60000, 200);
      expect(h.batchSizes.some((n) => n > 1)).toBe(true);
      expect(oneAtATime.batchSizes).toEqual([]);
      const effectsBy = async (harness: MessagingHarness) => {
        const byAggregate = new Map<string, number[]>();
        for (const e of await harness.effects()) byAggregate.set(e.aggregate, [...(byAggregate.get(e.aggregate) ?? []), e.seq]);
        return byAggregate;
      };
      const batched = await effectsBy(h);
      expect(batched).toEqual(await effectsBy(oneAtATime));
      expect(batched.get(aggregates[0])).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
      for (const agg of aggregates.slice(1)) expect(batched.get(agg)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      for (const harness of [h, oneAtATime]) {
        expect(harness.outcomes.filter((o) => o === 'duplicate')).toHaveLength(1);
        const [{ n }] = await harness.ds.query(`SELECT count(*)::int AS n FROM ${harness.schema}.processed_messages`);
        expect(n).toBe(601);
      }
    } finally {
      await oneAtATime.stop();
    }
  }, 120000);

  it('(j) when a batch fails, applies its events one at a time through the per-event handler: only the poison event is retried and dead-lettered', async () => {
    const agg = randomUUID();
    const other = randomUUID();
    await h.commit(Array.from({ length: 40 }, (_, i) => school(i % 2 === 0 ? agg : other, i + 1)));
    h.relay.start();
    await waitFor(async () => (await h.relay.backlog()) === 0, 'the outbox published');
    await h.startConsumer({ batch: true, fail: (e) => (e.data.name === 'seq-17' ? new Error('cannot apply seq 17') : null) });
    await waitFor(async () => (await h.effectCount()) === 39, 'the 39 good events');
    const effects = await h.effects();
    expect(effects.filter((e) => e.aggregate === agg).map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 2 * i + 1).filter((n) => n !== 17));
    expect(effects.filter((e) => e.aggregate === other).map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 2 * i + 2));
    expect(h.batchSizes.length).toBeGreaterThan(0);
    const [letter] = await h.readDeadLetters(1);
    expect(letter).toMatchObject({ reason: 'handler_failed', error: 'cannot apply seq 17' });
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM ${h.schema}.processed_messages`);
    expect(n).toBe(39);
  });

  it('(k) refuses to start a batch handler without a per-event handler to fall back on', async () => {
    const server = new EventConsumerServer({
      kafka: h.kafka,
      dataSource: h.ds,
      logger: pino({ level: 'silent' }),
      groupId: `${h.schema}-lonely`,
      schema: h.schema,
      topics: [h.topic],
      sessionTimeoutMs: 10000,
      heartbeatIntervalMs: 1000,
      maxWaitTimeMs: 500,
      partitionsConsumedConcurrently: 1,
      maxAttempts: 3,
      retryBackoffMs: 20,
    });
    server.addHandler(batchPattern('harness.Lonely.v1'), async () => undefined, true);
    try {
      const started = new Promise<unknown>((resolve) => server.listen((err?: unknown) => resolve(err)));
      expect(String(await started)).toContain('harness.Lonely.v1 has a batch handler but no per-event handler');
    } finally {
      await server.close();
    }
  });
});
