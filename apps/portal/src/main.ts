import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '@app/platform';
import { parsePortalConfig } from './portal.config';
import { startPortal } from './portal';

function repositoryRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package-lock.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** `node dist/apps/portal/src/main.js`: one line on a bad setting or start-up failure, graceful stop on SIGTERM. */
async function main() {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let timeoutMs = 15000;
  try {
    const config = parsePortalConfig(process.env, repositoryRoot(__dirname));
    timeoutMs = config.shutdownTimeoutMs;
    portal = await startPortal(config);
  } catch (err) {
    process.stderr.write(`portal: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => process.exit(1), timeoutMs);
    await portal.stop().catch(() => undefined);
    clearTimeout(timer);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

void main();
