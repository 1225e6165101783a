import { parseConfig } from './config';

describe('parseConfig', () => {
  const secret = 'x'.repeat(32);
  const env = { KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.1:9093', AUTH_HS256_SECRET: secret };

  it('applies safe local defaults and the per-service port', () => {
    const c = parseConfig('staffing', 3001, env);
    expect(c).toMatchObject({ service: 'staffing', httpPort: 3001, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/jiangmen', HTTP_HOST: '127.0.0.1', OUTBOX_POLL_MS: 50 });
    expect(parseConfig('staffing', 3001, { ...env, STAFFING_HTTP_PORT: '4001' }).httpPort).toBe(4001);
  });

  it('takes the scheduler worker\'s lock duration and stalled-job check interval (30 s each by default)', () => {
    expect(parseConfig('scheduler', 3005, env)).toMatchObject({ SCHEDULER_LOCK_DURATION_MS: 30000, SCHEDULER_STALLED_INTERVAL_MS: 30000 });
    expect(parseConfig('scheduler', 3005, { ...env, SCHEDULER_LOCK_DURATION_MS: '2000', SCHEDULER_STALLED_INTERVAL_MS: '1500' })).toMatchObject({
      SCHEDULER_LOCK_DURATION_MS: 2000,
      SCHEDULER_STALLED_INTERVAL_MS: 1500,
    });
    expect(() => parseConfig('scheduler', 3005, { ...env, SCHEDULER_LOCK_DURATION_MS: '0' })).toThrow(/^invalid configuration: SCHEDULER_LOCK_DURATION_MS/);
    expect(() => parseConfig('scheduler', 3005, { ...env, SCHEDULER_STALLED_INTERVAL_MS: 'soon' })).toThrow(/^invalid configuration: SCHEDULER_STALLED_INTERVAL_MS/);
  });

  it('names the one bad setting in a single line', () => {
    expect(() => parseConfig('rotation', 3002, { AUTH_HS256_SECRET: secret })).toThrow(/^invalid configuration: KAFKA_BROKERS is required/);
    expect(() => parseConfig('rotation', 3002, { ...env, DATABASE_URL: 'mysql://x' })).toThrow(/^invalid configuration: DATABASE_URL must be a URL/);
    expect(() => parseConfig('rotation', 3002, { ...env, OUTBOX_POLL_MS: '-5' })).toThrow(/^invalid configuration: OUTBOX_POLL_MS/);
    expect(() => parseConfig('rotation', 3002, { ...env, ROTATION_HTTP_PORT: '70000' })).toThrow(/^invalid configuration: ROTATION_HTTP_PORT/);
    expect(() => parseConfig('rotation', 3002, { KAFKA_BROKERS: 'kafka', AUTH_HS256_SECRET: secret })).toThrow(/host:port/);
    expect(() => parseConfig('rotation', 3002, { ...env, LOG_LEVEL: 'loud' })).toThrow(/^invalid configuration: LOG_LEVEL/);
  });

  it('takes exactly one token key source: a JWKS URL or a local HS256 secret of 32 characters or more', () => {
    const noAuth = { KAFKA_BROKERS: env.KAFKA_BROKERS };
    expect(parseConfig('training', 3004, env)).toMatchObject({ AUTH_HS256_SECRET: secret });
    expect(parseConfig('training', 3004, env).AUTH_JWKS_URL).toBeUndefined();
    const jwks = { ...noAuth, AUTH_JWKS_URL: 'https://id.example.org/.well-known/jwks.json', AUTH_ISSUER: 'https://id.example.org', AUTH_AUDIENCE: 'jiangmen' };
    expect(parseConfig('training', 3004, jwks)).toMatchObject({ AUTH_JWKS_URL: jwks.AUTH_JWKS_URL, AUTH_ISSUER: 'https://id.example.org', AUTH_AUDIENCE: 'jiangmen' });
    // compose passes unset optional settings as empty strings
    expect(parseConfig('training', 3004, { ...jwks, AUTH_HS256_SECRET: '' }).AUTH_HS256_SECRET).toBeUndefined();

    expect(() => parseConfig('training', 3004, noAuth)).toThrow(/^invalid configuration: AUTH_HS256_SECRET or AUTH_JWKS_URL is required \(/);
    expect(() => parseConfig('training', 3004, { ...noAuth, AUTH_HS256_SECRET: '', AUTH_JWKS_URL: '' })).toThrow(/^invalid configuration: AUTH_HS256_SECRET or AUTH_JWKS_URL is required/);
    expect(() => parseConfig('training', 3004, { ...jwks, AUTH_HS256_SECRET: secret })).toThrow(/^invalid configuration: AUTH_HS256_SECRET must not be set together with AUTH_JWKS_URL/);
    expect(() => parseConfig('training', 3004, { ...noAuth, AUTH_HS256_SECRET: 'short' })).toThrow(/^invalid configuration: AUTH_HS256_SECRET must be at least 32 characters$/);
    expect(() => parseConfig('training', 3004, { ...noAuth, AUTH_JWKS_URL: 'id.example.org/jwks' })).toThrow(/^invalid configuration: AUTH_JWKS_URL must be a URL/);
  });
});
