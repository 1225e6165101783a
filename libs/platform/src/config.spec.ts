import { parseConfig } from './config';

describe('parseConfig', () => {
  const env = { KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.1:9093' };

  it('applies safe local defaults and the per-service port', () => {
    const c = parseConfig('staffing', 3001, env);
    expect(c).toMatchObject({ service: 'staffing', httpPort: 3001, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/jiangmen', HTTP_HOST: '127.0.0.1', OUTBOX_POLL_MS: 50 });
    expect(parseConfig('staffing', 3001, { ...env, STAFFING_HTTP_PORT: '4001' }).httpPort).toBe(4001);
  });

  it('names the one bad setting in a single line', () => {
    expect(() => parseConfig('rotation', 3002, {})).toThrow(/^invalid configuration: KAFKA_BROKERS is required/);
    expect(() => parseConfig('rotation', 3002, { ...env, DATABASE_URL: 'mysql://x' })).toThrow(/^invalid configuration: DATABASE_URL must be a URL/);
    expect(() => parseConfig('rotation', 3002, { ...env, OUTBOX_POLL_MS: '-5' })).toThrow(/^invalid configuration: OUTBOX_POLL_MS/);
    expect(() => parseConfig('rotation', 3002, { ...env, ROTATION_HTTP_PORT: '70000' })).toThrow(/^invalid configuration: ROTATION_HTTP_PORT/);
    expect(() => parseConfig('rotation', 3002, { KAFKA_BROKERS: 'kafka' })).toThrow(/host:port/);
    expect(() => parseConfig('rotation', 3002, { ...env, LOG_LEVEL: 'loud' })).toThrow(/^invalid configuration: LOG_LEVEL/);
  });
});
