import { runHealthChecks } from './health';

describe('runHealthChecks', () => {
  it('is ok when every dependency answers', async () => {
    const r = await runHealthChecks('staffing', { postgres: async () => 1, kafka: async () => 1 });
    expect(r.status).toBe('ok');
    expect(r.down).toEqual([]);
  });

  it('names what failed or did not answer in time', async () => {
    const r = await runHealthChecks(
      'scheduler',
      { postgres: async () => Promise.reject(new Error('ECONNREFUSED')), redis: () => new Promise(() => undefined), kafka: async () => 1 },
      50,
    );
    expect(r.status).toBe('unavailable');
    expect(r.down).toEqual(['postgres', 'redis']);
    expect(r.checks.postgres.error).toBe('ECONNREFUSED');
    expect(r.checks.redis.error).toBe('no answer within 50 ms');
    expect(r.checks.kafka.status).toBe('up');
  });
});
