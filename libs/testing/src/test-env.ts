import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, whether this file runs from source (jest) or from dist/ (benchmarks). */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package-lock.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${start}`);
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot(__dirname);
export const RUN_DIR = join(ROOT, '.run');
/** Overridable so two test runs (say, two engineers' checkouts on one machine) do not share it. */
export const TEST_ENV_FILE = process.env.TEST_ENV_FILE ?? join(RUN_DIR, 'test-env.json');
/** The test run's Kafka cluster keeps its data here (a fresh one each run). */
export const TEST_KAFKA_DIR = `${TEST_ENV_FILE}.kafka`;
/** the local token signing secret scripts/lib.sh (ensure_auth_secret) creates once */
export const AUTH_SECRET_FILE = join(RUN_DIR, 'auth-secret');

export interface TestEnv {
  DATABASE_URL: string;
  REDIS_URL: string;
  KAFKA_BROKERS: string;
  /** HS256 secret the services under test verify tokens with, and mintTestToken signs with */
  AUTH_HS256_SECRET: string;
  /** pids of the run's Kafka broker(s) started by the global set-up (absent when KAFKA_BROKERS was given) */
  kafkaPids?: number[];
}

/** Refuses any database whose name does not say "test": the set-up drops and recreates it. */
export function assertTestDatabase(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/test/i.test(name)) throw new Error(`refusing to use database "${name}" for tests: its name must contain "test"`);
  return name;
}

export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/jiangmen_test';
}
