import { currentCorrelationId, normaliseCorrelationId, runWithCorrelation } from './correlation';

describe('correlation id', () => {
  it('follows asynchronous work started inside the context', async () => {
    const seen = await runWithCorrelation('req-42', async () => {
      await new Promise((r) => setTimeout(r, 5));
      return currentCorrelationId();
    });
    expect(seen).toBe('req-42');
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('keeps a plain id from outside and replaces anything else with a fresh UUID', () => {
    expect(normaliseCorrelationId('abc-123:x.y')).toBe('abc-123:x.y');
    for (const bad of ['', 'has space', 'x'.repeat(129), 42, undefined, ['a']]) {
      expect(normaliseCorrelationId(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
