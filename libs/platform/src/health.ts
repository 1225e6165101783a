/** Dependency checks behind GET /health. Each check resolves when the dependency answers in time. */
export type HealthCheck = () => Promise<unknown>;

export interface HealthReport {
  status: 'ok' | 'unavailable';
  service: string;
  checks: Record<string, { status: 'up' | 'down'; error?: string; ms: number }>;
  down: string[];
}

export async function runHealthChecks(service: string, checks: Record<string, HealthCheck>, timeoutMs = 2000): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { status: 'up' as const, ms: Date.now() - started }] as const;
      } catch (err) {
        return [name, { status: 'down' as const, error: (err as Error)?.message ?? String(err), ms: Date.now() - started }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const down = entries.filter(([, r]) => r.status === 'down').map(([n]) => n);
  return { status: down.length ? 'unavailable' : 'ok', service, checks: Object.fromEntries(entries), down };
}
