import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { assertTestDatabase, AUTH_SECRET_FILE, BROKER_BIN, ROOT, RUN_DIR, TEST_ENV_FILE, testDatabaseUrl, type TestEnv } from './test-env';

// Jest's global set-up does not apply moduleNameMapper, so it loads the compiled tree (npm test builds it).
function compiled<T>(path: string): T {
  const file = join(ROOT, 'dist', path);
  if (!existsSync(`${file}.js`)) throw new Error(`${file}.js is missing: run the tests through \`npm test\`, which builds first`);
  return require(file) as T;
}

/** Once per run: a fresh test database with every service's migrations, and one shared development broker. */
export default async function globalSetup(): Promise<void> {
  const { migrateService } = compiled<typeof import('@app/runtime')>('libs/runtime/src/index');
  const { SERVICES } = compiled<typeof import('../../../tools/services')>('tools/services');
  const { topicLines } = compiled<typeof import('../../../tools/topics')>('tools/topics');
  // scripts/test.sh exports the local secret (ensure_auth_secret); a direct `npx jest` finds the file it made.
  const secret = process.env.AUTH_HS256_SECRET || (existsSync(AUTH_SECRET_FILE) ? readFileSync(AUTH_SECRET_FILE, 'utf8').trim() : '');
  if (!secret) throw new Error('AUTH_HS256_SECRET is not set: run the tests through `npm test`, which creates .run/auth-secret');

  const url = testDatabaseUrl();
  const name = assertTestDatabase(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const ds = new DataSource({ type: 'postgres', url: admin.toString() });
  await ds.initialize();
  await ds.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await ds.query(`CREATE DATABASE "${name}"`);
  await ds.destroy();
  for (const def of SERVICES) await migrateService(def, url);

  const env: TestEnv = {
    DATABASE_URL: url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '',
    AUTH_HS256_SECRET: secret,
  };
  if (!env.KAFKA_BROKERS) {
    if (!existsSync(BROKER_BIN)) throw new Error(`${BROKER_BIN} is missing: run the tests through \`npm test\`, which builds it`);
    mkdirSync(RUN_DIR, { recursive: true });
    const topicsFile = `${TEST_ENV_FILE}.topics`;
    const bootstrapFile = `${TEST_ENV_FILE}.bootstrap`;
    writeFileSync(topicsFile, topicLines().join('\n') + '\n');
    writeFileSync(bootstrapFile, '');
    const child = spawn(BROKER_BIN, ['-n', '3', '-t', topicsFile, '-o', bootstrapFile], { stdio: 'ignore', detached: false });
    const started = Date.now();
    while (readFileSync(bootstrapFile, 'utf8').trim() === '') {
      if (Date.now() - started > 5000) throw new Error('development broker did not start');
      await new Promise((r) => setTimeout(r, 20));
    }
    env.KAFKA_BROKERS = readFileSync(bootstrapFile, 'utf8').trim();
    env.brokerPid = child.pid;
    child.unref();
  }
  writeFileSync(TEST_ENV_FILE, JSON.stringify(env), { mode: 0o600 });
  chmodSync(TEST_ENV_FILE, 0o600); // it holds the token secret
}
