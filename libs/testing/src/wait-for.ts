/** Polls until the probe returns a truthy value, or fails with the description after timeoutMs. */
export async function waitFor<T>(probe: () => Promise<T> | T, description: string, timeoutMs = 20000, intervalMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Waits until the service at baseUrl reports (GET /health) that its consumers have applied every event
 * published so far. Services started by a test on the shared broker resume their group's offsets, so the
 * events other test files published since are still to apply; the scheduler's reviews and rotation's
 * solves refuse (READ_MODEL.BEHIND) until they are — as they should for a person too.
 */
export async function waitForCaughtUp(baseUrl: string, timeoutMs = 120000): Promise<void> {
  let last = 'no answer';
  await waitFor(
    async () => {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5000) });
      const body = (await res.json()) as { details?: { consumer?: { lag?: number; error?: string } } };
      const lag = body.details?.consumer?.lag;
      last = lag === undefined ? (body.details?.consumer?.error ?? 'no lag reported') : `${lag} events behind`;
      return lag === 0;
    },
    `${baseUrl} to apply every published event (${last})`,
    timeoutMs,
    250,
  );
}
