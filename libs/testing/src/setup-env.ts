import { readFileSync } from 'node:fs';
import { TEST_ENV_FILE, type TestEnv } from './test-env';

// Each integration test file sees the database and broker the global set-up prepared, with the
// consumer timings the development broker needs (see README: development broker).
const env = JSON.parse(readFileSync(TEST_ENV_FILE, 'utf8')) as TestEnv;
Object.assign(process.env, {
  DATABASE_URL: env.DATABASE_URL,
  REDIS_URL: env.REDIS_URL,
  KAFKA_BROKERS: env.KAFKA_BROKERS,
  KAFKA_SESSION_TIMEOUT_MS: process.env.KAFKA_SESSION_TIMEOUT_MS ?? '6000',
  KAFKA_HEARTBEAT_INTERVAL_MS: process.env.KAFKA_HEARTBEAT_INTERVAL_MS ?? '500',
  KAFKA_MAX_WAIT_MS: process.env.KAFKA_MAX_WAIT_MS ?? '100',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  AUTH_HS256_SECRET: env.AUTH_HS256_SECRET,
});
// Services under test verify the HS256 tokens the tests mint: no identity provider, issuer or audience.
for (const name of ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE']) delete process.env[name];
