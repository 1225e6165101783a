import type { Admin } from 'kafkajs';
import { isInfrastructureError } from './event-consumer.server';
import { describeLag, ReadModelBehind, ReadModelFreshness, summariseLag } from './freshness';

const lag = (topic: string, partition: number, n: number) => ({ topic, partition, end: 100 + n, position: 100, lag: n });

describe('read-model lag', () => {
  it('adds lag up per producing service, from the topic prefix', () => {
    const s = summariseLag([lag('staffing.teachers', 0, 8000), lag('staffing.appointments', 3, 975), lag('rotation.moves', 1, 12), lag('rotation.moves', 2, 0)]);
    expect(s.total).toBe(8987);
    expect(s.byProducer).toEqual({ staffing: 8975, rotation: 12 });
  });

  it('says in one sentence how far behind the copy is, producer by producer', () => {
    const s = summariseLag([lag('staffing.teachers', 0, 8975), lag('rotation.moves', 1, 12)]);
    expect(describeLag('scheduler', s, 50)).toBe("the scheduler service's copy of rotation is 12 events behind and of staffing 8,975 events behind");
    expect(describeLag('rotation', summariseLag([lag('staffing.schools', 0, 1)]), 0)).toBe("the rotation service's copy of staffing is 1 event behind");
    expect(describeLag('rotation', summariseLag([lag('staffing.schools', 0, 3)]), 50)).toBe("the rotation service's copy is up to date");
  });

  it('refuses beyond the tolerance and passes within it', async () => {
    const admin = fakeAdmin([{ high: 130, committed: 100 }]);
    const within = new ReadModelFreshness(() => admin, 'scheduler', 'scheduler', ['staffing.teachers'], 30);
    await expect(within.assertCaughtUp()).resolves.toMatchObject({ total: 30 });
    const strict = new ReadModelFreshness(() => admin, 'scheduler', 'scheduler', ['staffing.teachers'], 29);
    const err = await strict.assertCaughtUp().catch((e) => e);
    expect(err).toBeInstanceOf(ReadModelBehind);
    expect(err).toMatchObject({ code: 'READ_MODEL.BEHIND', kind: 'unavailable', message: "the scheduler service's copy of staffing is 30 events behind; try again when it has caught up" });
  });

  it('counts a partition the group never committed from the start of the log', async () => {
    const admin = fakeAdmin([{ high: 50, low: 20, committed: -1 }]);
    const s = await new ReadModelFreshness(() => admin, 'rotation', 'rotation', ['staffing.teachers'], 0).lag();
    expect(s.partitions).toEqual([{ topic: 'staffing.teachers', partition: 0, end: 50, position: 20, lag: 30 }]);
  });

  it('waits with progress until caught up, or gives up with the sentence', async () => {
    const states = [{ high: 10, committed: 0 }, { high: 10, committed: 5 }, { high: 10, committed: 10 }];
    let i = 0;
    const admin = fakeAdmin(() => [states[Math.min(i++, states.length - 1)]]);
    const seen: number[] = [];
    const done = await new ReadModelFreshness(() => admin, 'scheduler', 'scheduler', ['staffing.teachers'], 0).waitUntilCaughtUp(5000, (s) => seen.push(s.total), 1);
    expect(seen).toEqual([10, 5]);
    expect(done.total).toBe(0);
    const stuck = fakeAdmin([{ high: 10, committed: 0 }]);
    await expect(new ReadModelFreshness(() => stuck, 'scheduler', 'scheduler', ['staffing.teachers'], 0).waitUntilCaughtUp(20, undefined, 5)).rejects.toBeInstanceOf(ReadModelBehind);
  });
});

describe('infrastructure errors (waited out, never dead-lettered) and handler errors', () => {
  it('recognises a lost or refused database connection', () => {
    expect(isInfrastructureError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isInfrastructureError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isInfrastructureError({ message: 'terminating connection due to administrator command', driverError: { code: '57P01' } })).toBe(true);
    expect(isInfrastructureError({ message: 'the database system is starting up', code: '57P03' })).toBe(true);
    expect(isInfrastructureError({ message: 'x', driverError: { code: '08006' } })).toBe(true);
  });

  it('does not mistake a rule or a constraint for an outage', () => {
    expect(isInfrastructureError(new Error('post is full'))).toBe(false);
    expect(isInfrastructureError({ message: 'duplicate key value violates unique constraint', driverError: { code: '23505' } })).toBe(false);
    expect(isInfrastructureError(null)).toBe(false);
  });
});

type PartitionState = { high: number; low?: number; committed: number };

function fakeAdmin(states: PartitionState[] | (() => PartitionState[])): Admin {
  const now = () => (typeof states === 'function' ? states() : states);
  let current: PartitionState[] = [];
  return {
    fetchOffsets: async ({ topics }: { topics: string[] }) => {
      current = now();
      return topics.map((topic) => ({ topic, partitions: current.map((p, partition) => ({ partition, offset: String(p.committed), metadata: null })) }));
    },
    fetchTopicOffsets: async () => current.map((p, partition) => ({ partition, offset: String(p.high), high: String(p.high), low: String(p.low ?? 0) })),
  } as unknown as Admin;
}
