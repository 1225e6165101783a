import { existsSync, readFileSync } from 'node:fs';
import { TEST_ENV_FILE, type TestEnv } from './test-env';

export default async function globalTeardown(): Promise<void> {
  if (globalThis.__testKafka) {
    await globalThis.__testKafka.stop();
    globalThis.__testKafka = undefined;
    return;
  }
  if (!existsSync(TEST_ENV_FILE)) return;
  const env = JSON.parse(readFileSync(TEST_ENV_FILE, 'utf8')) as TestEnv;
  for (const pid of env.kafkaPids ?? []) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}
