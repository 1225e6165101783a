import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROKER_BIN } from './test-env';

/** A private in-memory Kafka-protocol broker (librdkafka's mock cluster) for one test file. */
export interface DevBroker {
  brokers: string;
  pid: number;
  /** every broker refuses connections until up() */
  down(): void;
  up(): void;
  stop(): Promise<void>;
}

export async function startDevBroker(topics: Record<string, number> = {}): Promise<DevBroker> {
  if (!existsSync(BROKER_BIN)) throw new Error(`${BROKER_BIN} is missing: run the tests through \`npm test\`, which builds it`);
  const dir = mkdtempSync(join(tmpdir(), 'mock-broker-'));
  const topicsFile = join(dir, 'topics.txt');
  writeFileSync(topicsFile, Object.entries(topics).map(([t, p]) => `${t} ${p}`).join('\n') + '\n');
  const bootstrapFile = join(dir, 'bootstrap');
  const child: ChildProcess = spawn(BROKER_BIN, ['-n', '3', '-t', topicsFile, '-o', bootstrapFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const started = Date.now();
  while (!existsSync(bootstrapFile) || readFileSync(bootstrapFile, 'utf8').trim() === '') {
    if (child.exitCode !== null) throw new Error(`mock broker exited: ${stderr}`);
    if (Date.now() - started > 5000) throw new Error(`mock broker did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const brokers = readFileSync(bootstrapFile, 'utf8').trim();
  return {
    brokers,
    pid: child.pid!,
    down: () => child.kill('SIGUSR1'),
    up: () => child.kill('SIGUSR2'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
