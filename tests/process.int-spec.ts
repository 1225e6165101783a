import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { http, ROOT, waitFor } from '@app/testing';

/** The compiled service as an operator runs it: one clear line on bad settings, exit 0 after SIGTERM. */
function run(service: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', service, 'src', 'main.js')], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exited };
}

describe('service process', () => {
  it('stops at boot with one line naming a missing setting', async () => {
    const p = run('staffing', { KAFKA_BROKERS: '' });
    expect(await p.exited).toBe(1);
    expect(p.out.stderr.trim().split('\n')).toEqual(['staffing: invalid configuration: KAFKA_BROKERS is required']);
  });

  it('stops at boot with one line when PostgreSQL does not answer', async () => {
    const p = run('training', { DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/jiangmen_test' });
    expect(await p.exited).toBe(1);
    const lines = p.out.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^training: cannot reach PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/jiangmen_test: ECONNREFUSED/);
  });

  it('serves OpenAPI at /docs, writes JSON logs and exits 0 on SIGTERM', async () => {
    const p = run('subsidies', { SUBSIDIES_HTTP_PORT: '3913' });
    await waitFor(async () => (await http('http://127.0.0.1:3913/health')).status === 200, 'subsidies to become healthy');
    const docs = await http('http://127.0.0.1:3913/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/health', '/schools/eligible']));
    expect((await http('http://127.0.0.1:3913/docs')).status).toBe(200);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    const logs = p.out.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['signal received', 'shutting down', 'stopped']));
    expect(logs.every((l) => l.service === 'subsidies' && typeof l.time === 'string')).toBe(true);
  });
});
