import { existsSync, readFileSync } from 'node:fs';
import { TEST_ENV_FILE, type TestEnv } from './test-env';

export default async function globalTeardown(): Promise<void> {
  if (!existsSync(TEST_ENV_FILE)) return;
  const env = JSON.parse(readFileSync(TEST_ENV_FILE, 'utf8')) as TestEnv;
  if (env.brokerPid) {
    try {
      process.kill(env.brokerPid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}
