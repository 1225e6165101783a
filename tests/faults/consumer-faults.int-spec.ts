import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { MessagingHarness, sequencedSchool as school, waitFor, type SchoolState } from '@app/testing';

/**
 * Fault tests of the consumer on the real broker (tests/faults/, see README "Fault tests"): a group
 * rebalance in the middle of a batch, and a slow partition beside fast ones. The harness's effect is an
 * append-only row per applied event, so a duplicate effect would show as an extra row.
 */
function byAggregate(effects: { aggregate: string; seq: number }[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const e of effects) map.set(e.aggregate, [...(map.get(e.aggregate) ?? []), e.seq]);
  return map;
}

describe('faults: consumer group and partitions', () => {
  let h: MessagingHarness;
  afterEach(async () => h?.stop());

  it('(c) a second instance joining and leaving in the middle of batches causes no duplicate effect and keeps per-key order', async () => {
    h = new MessagingHarness(process.env.DATABASE_URL!);
    await h.start({ partitions: 6, batchSize: 500 });
    const aggregates = Array.from({ length: 60 }, () => randomUUID());
    const events: SchoolState[] = [];
    for (let seq = 1; seq <= 100; seq++) for (const agg of aggregates) events.push(school(agg, seq));
    for (let i = 0; i < events.length; i += 500) await h.commit(events.slice(i, i + 500));
    h.relay.start();
    await waitFor(async () => (await h.relay.backlog()) === 0, 'the 6,000 events published', 60000);

    // Slow enough that a batch of 100 takes ~0.3 s: the rebalances land while batches are in flight.
    const slow = { maxBatchEvents: 100, delayMs: () => 3 };
    const first = await h.startConsumer(slow);
    await waitFor(async () => (await h.effectCount()) >= 1000, 'the first instance under way', 60000, 50);
    const t0 = performance.now();
    const second = await h.startConsumer(slow);
    await waitFor(async () => (await h.effectCount()) >= 3000, 'both instances under way', 60000, 50);
    await second.close();
    const leftAt = await h.effectCount();
    await waitFor(async () => (await h.effectCount()) >= 6000, 'every event applied', 120000, 100);
    await new Promise((r) => setTimeout(r, 1000)); // a late duplicate would land now
    const effects = await h.effects();
    const seconds = (performance.now() - t0) / 1000;
    console.log(`fault (c): 6,000 events, second instance joined at ~1,000 and left at ${leftAt}; ${effects.length} effects, ${h.outcomes.filter((o) => o === 'duplicate').length} redeliveries deduplicated, ${seconds.toFixed(1)} s from join to done`);
    expect(effects).toHaveLength(6000);
    expect(new Set(effects.map((e) => e.event_id)).size).toBe(6000);
    for (const seqs of byAggregate(effects).values()) expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    await first.close();
  });

  it('(e) a slow partition does not hold up the others', async () => {
    h = new MessagingHarness(process.env.DATABASE_URL!);
    await h.start({ partitions: 6 });
    const slowAggregate = randomUUID();
    const others = Array.from({ length: 60 }, () => randomUUID());
    const appliedAt = new Map<string, number>();
    const partitionOf = new Map<string, number>();
    let t0 = 0;
    await h.startConsumer({
      concurrency: 3,
      maxBatchEvents: 10,
      // Each event of one aggregate (so of one partition) takes 200 ms to apply (a slow query).
      delayMs: (e) => (e.data.schoolId === slowAggregate ? 200 : 0),
      onApplied: (e, partition) => {
        appliedAt.set(`${e.data.schoolId}/${e.data.name}`, performance.now() - t0);
        partitionOf.set(e.data.schoolId, partition);
      },
    });
    h.relay.start();
    t0 = performance.now();
    await h.commit(Array.from({ length: 40 }, (_, i) => school(slowAggregate, i + 1)));
    await h.commit(others.flatMap((agg) => [1, 2, 3, 4].map((seq) => school(agg, seq))));
    await waitFor(() => partitionOf.has(slowAggregate), 'the slow partition under way', 30000, 20);
    const slowPartition = partitionOf.get(slowAggregate)!;
    // Aggregates that share the slow partition wait behind it, as per-key order requires; the rest must not.
    const onOtherPartitions = () => others.filter((agg) => partitionOf.has(agg) && partitionOf.get(agg) !== slowPartition);
    await waitFor(() => onOtherPartitions().length > 0 && onOtherPartitions().every((agg) => appliedAt.has(`${agg}/seq-4`)) && partitionOf.size >= 40, 'the other partitions', 30000, 20);
    const fast = onOtherPartitions();
    const fastDone = Math.max(...fast.map((agg) => appliedAt.get(`${agg}/seq-4`)!));
    const slowSoFar = [...appliedAt.keys()].filter((k) => k.startsWith(slowAggregate)).length;
    await waitFor(() => appliedAt.has(`${slowAggregate}/seq-40`), 'the slow aggregate', 60000, 50);
    const slowDone = appliedAt.get(`${slowAggregate}/seq-40`)!;
    console.log(
      `fault (e): ${fast.length * 4} events of ${fast.length} aggregates on the other partitions applied within ${Math.round(fastDone)} ms, while the slow partition had applied ${slowSoFar} of its 40 slow events (all 40 after ${Math.round(slowDone)} ms)`,
    );
    expect(fast.length).toBeGreaterThan(20);
    // The slow partition needs ~8 s; the others are done long before it.
    expect(slowDone).toBeGreaterThan(7000);
    expect(fastDone).toBeLessThan(slowDone / 4);
    expect(slowSoFar).toBeLessThan(40);
  });
});
