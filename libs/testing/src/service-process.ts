import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { http } from './http';
import { freePort } from './ports';
import { ROOT } from './test-env';
import { waitFor } from './wait-for';

/** One service running as the compiled program in its own OS process (so SIGKILL is real). */
export interface ServiceProcessHandle {
  child: ChildProcess;
  url: string;
  /** the last few hundred lines it printed */
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts one service as the compiled program (dist/apps/<service>/src/main.js) in its own process, on a free
 * port (or the one given), and waits until its /health is 200: for tests that kill a service (SIGKILL) or
 * stop it (SIGTERM), and for benchmarks. SERVICE_NODE_FLAGS adds Node flags to each (e.g. `--cpu-prof
 * --cpu-prof-dir=/tmp/prof` to profile a benchmark's services; Node refuses those in NODE_OPTIONS).
 */
export async function startServiceProcess(service: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 60000, port?: number): Promise<ServiceProcessHandle> {
  port ??= await freePort();
  const flags = (process.env.SERVICE_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...flags, join(ROOT, `dist/apps/${service}/src/main.js`)], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env, [`${service.toUpperCase()}_HTTP_PORT`]: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (d: Buffer) => {
    lines.push(...d.toString().split('\n').filter(Boolean));
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const p = { child, url: `http://127.0.0.1:${port}`, output: () => lines.join('\n'), exited };
  try {
    await waitFor(async () => child.exitCode === null && (await http(`${p.url}/health`)).status === 200, `${service} to become healthy`, timeoutMs, 100);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${p.output()}`);
  }
  return p;
}

/** SIGTERM, then waits for the exit code (the process may already be gone). */
export async function stopServiceProcess(p: ServiceProcessHandle | undefined): Promise<number | null> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return p ? p.child.exitCode : null;
  p.child.kill('SIGTERM');
  return p.exited;
}

export type ServiceName = 'staffing' | 'rotation' | 'subsidies' | 'training' | 'scheduler' | 'notices';

/** A service process that can be killed and started again on the same port, with its settings read anew at each start. */
export class ServiceProcess {
  private handle: ServiceProcessHandle | null = null;
  port = 0;

  constructor(
    readonly name: ServiceName,
    private readonly env: () => NodeJS.ProcessEnv,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get output(): string {
    return this.handle?.output() ?? '';
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    this.handle = await startServiceProcess(this.name, { LOG_LEVEL: 'warn', ...this.env() }, 60000, this.port);
  }

  /** SIGKILL: no graceful shutdown, nothing flushed. */
  async kill(): Promise<void> {
    if (!this.handle) return;
    this.handle.child.kill('SIGKILL');
    await this.handle.exited;
    this.handle = null;
  }

  async stop(): Promise<void> {
    await stopServiceProcess(this.handle ?? undefined);
    this.handle = null;
  }

  get running(): boolean {
    return this.handle !== null && this.handle.child.exitCode === null && this.handle.child.signalCode === null;
  }
}
