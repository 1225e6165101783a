import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recreateDatabase } from './database';
import { KafkaCluster } from './kafka-cluster';
import { assertTestDatabase, AUTH_SECRET_FILE, ROOT, TEST_ENV_FILE, TEST_KAFKA_DIR, testDatabaseUrl, type TestEnv } from './test-env';

// Jest's global set-up does not apply moduleNameMapper, so it loads the compiled tree (npm test builds it).
function compiled<T>(path: string): T {
  const file = join(ROOT, 'dist', path);
  if (!existsSync(`${file}.js`)) throw new Error(`${file}.js is missing: run the tests through \`npm test\`, which builds first`);
  return require(file) as T;
}

declare global {
  // The cluster lives in jest's parent process between global set-up and tear-down.
  var __testKafka: KafkaCluster | undefined;
}

/**
 * Once per run: a fresh test database with every service's migrations, and one Apache Kafka broker in a
 * fresh folder with the topics of deploy/topics.json — unless KAFKA_BROKERS names a cluster to use.
 */
export default async function globalSetup(): Promise<void> {
  const { migrateService } = compiled<typeof import('@app/runtime')>('libs/runtime/src/index');
  const { SERVICES } = compiled<typeof import('../../../tools/services')>('tools/services');
  const { createTopics } = compiled<typeof import('../../../tools/topics')>('tools/topics');
  // scripts/test.sh exports the local secret (ensure_auth_secret); a direct `npx jest` finds the file it made.
  const secret = process.env.AUTH_HS256_SECRET || (existsSync(AUTH_SECRET_FILE) ? readFileSync(AUTH_SECRET_FILE, 'utf8').trim() : '');
  if (!secret) throw new Error('AUTH_HS256_SECRET is not set: run the tests through `npm test`, which creates .run/auth-secret');

  const url = testDatabaseUrl();
  assertTestDatabase(url);
  await recreateDatabase(url);

  const env: TestEnv = {
    DATABASE_URL: url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '',
    AUTH_HS256_SECRET: secret,
  };
  for (const def of SERVICES) await migrateService(def, url);
  // After the migrations, not beside them: a starting JVM takes both cores for a few seconds, and a
  // loaded machine's PostgreSQL then accepts connections slower than the services' connect timeout.
  if (!env.KAFKA_BROKERS) {
    // Fresh every run: the test database is new, so no consumer group may resume from an older run's offsets.
    rmSync(TEST_KAFKA_DIR, { recursive: true, force: true });
    const cluster = new KafkaCluster({ dir: TEST_KAFKA_DIR, heapMb: 768 });
    globalThis.__testKafka = cluster;
    await cluster.start();
    env.KAFKA_BROKERS = cluster.brokers;
    env.kafkaPids = cluster.pids();
  }
  await createTopics(env.KAFKA_BROKERS.split(','));
  writeFileSync(TEST_ENV_FILE, JSON.stringify(env), { mode: 0o600 });
  chmodSync(TEST_ENV_FILE, 0o600); // it holds the token secret
}
