import { readFileSync } from 'node:fs';
import { TEST_ENV_FILE, type TestEnv } from './test-env';

// Each integration test file sees the database and broker the global set-up prepared.
const env = JSON.parse(readFileSync(TEST_ENV_FILE, 'utf8')) as TestEnv;
Object.assign(process.env, {
  DATABASE_URL: env.DATABASE_URL,
  REDIS_URL: env.REDIS_URL,
  KAFKA_BROKERS: env.KAFKA_BROKERS,
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  AUTH_HS256_SECRET: env.AUTH_HS256_SECRET,
  KAFKAJS_NO_PARTITIONER_WARNING: '1',
  // Tests SIGKILL services on the shared broker; a killed member keeps its partitions (and holds up the
  // next instance's join) until its session expires: 10 s here rather than the 30 s default.
  KAFKA_SESSION_TIMEOUT_MS: process.env.KAFKA_SESSION_TIMEOUT_MS ?? '10000',
  KAFKA_HEARTBEAT_INTERVAL_MS: process.env.KAFKA_HEARTBEAT_INTERVAL_MS ?? '1000',
});
// Services under test verify the HS256 tokens the tests mint: no identity provider, issuer or audience.
for (const name of ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE']) delete process.env[name];
