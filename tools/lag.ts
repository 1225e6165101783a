import { SERVICES } from './services';

/**
 * How far behind the running services' read models are: for each service, its outbox backlog (what it has
 * not yet published) and its consumer lag (what it has not yet applied), from each one's /health details.
 *
 *   node dist/tools/lag.js            one line now
 *   node dist/tools/lag.js --wait N   a progress line until everything is caught up (or N seconds pass)
 *
 * `npm start` runs it after start-up; bench:catchup uses catchUp() to time a seeded county's arrival.
 */
interface Details {
  outbox?: { backlog: number | null };
  consumer?: { lag?: number; error?: string };
}

export interface LagReport {
  caughtUp: boolean;
  /** per service: unpublished outbox rows and unapplied events (null: not answering) */
  services: { name: string; backlog: number | null; lag: number | null }[];
}

function baseUrl(name: string, port: number, env: NodeJS.ProcessEnv): string {
  const p = env[`${name.toUpperCase()}_HTTP_PORT`] ?? String(port);
  return `http://${env.HTTP_HOST ?? '127.0.0.1'}:${p}`;
}

export async function measure(env: NodeJS.ProcessEnv = process.env, urls?: Record<string, string>): Promise<LagReport> {
  const services = await Promise.all(
    SERVICES.map(async (s) => {
      try {
        const res = await fetch(`${urls?.[s.name] ?? baseUrl(s.name, s.defaultPort, env)}/health`, { signal: AbortSignal.timeout(3000) });
        const body = (await res.json()) as { details?: Details };
        const backlog = body.details?.outbox?.backlog ?? null;
        const lag = s.consumes.length === 0 ? 0 : (body.details?.consumer?.lag ?? null);
        return { name: s.name, backlog, lag };
      } catch {
        return { name: s.name, backlog: null, lag: null };
      }
    }),
  );
  return { caughtUp: services.every((s) => s.backlog === 0 && s.lag === 0), services };
}

const n = (v: number | null) => (v === null ? '?' : v.toLocaleString('en-US'));

export function describe(r: LagReport): string {
  if (r.caughtUp) return 'every service has published its outbox and its read model holds every published event';
  const behind = r.services.filter((s) => s.backlog !== 0 || s.lag !== 0).map((s) => `${s.name} ${n(s.lag)} behind, ${n(s.backlog)} to publish`);
  return `read models catching up: ${behind.join('; ')}`;
}

/** Polls until caught up; returns the seconds it took, or null on timeout. */
export async function catchUp(timeoutMs: number, onProgress?: (r: LagReport) => void, urls?: Record<string, string>): Promise<number | null> {
  const started = Date.now();
  for (;;) {
    const r = await measure(process.env, urls);
    if (r.caughtUp) return (Date.now() - started) / 1000;
    onProgress?.(r);
    if (Date.now() - started > timeoutMs) return null;
    await new Promise((res) => setTimeout(res, 250));
  }
}

if (require.main === module) {
  const i = process.argv.indexOf('--wait');
  const waitSeconds = i >= 0 ? Number(process.argv[i + 1] ?? 300) : 0;
  const tty = process.stderr.isTTY;
  let last = 0;
  const progress = (r: LagReport) => {
    if (tty) process.stderr.write(`\r\x1b[K${describe(r)}`);
    else if (Date.now() - last > 5000) {
      last = Date.now();
      process.stderr.write(`${describe(r)}\n`);
    }
  };
  (async () => {
    if (!waitSeconds) {
      const r = await measure();
      process.stderr.write(`${describe(r)}\n`);
      process.exit(r.caughtUp ? 0 : 1);
    }
    const seconds = await catchUp(waitSeconds * 1000, progress);
    if (tty) process.stderr.write('\r\x1b[K');
    if (seconds === null) {
      process.stderr.write(`${describe(await measure())} (still, after ${waitSeconds} s)\n`);
      process.exit(1);
    }
    process.stderr.write(`read models caught up in ${seconds.toFixed(1)} s: ${describe({ caughtUp: true, services: [] })}\n`);
  })();
}
