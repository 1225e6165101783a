import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The correlation id follows one piece of work from the HTTP request that started it, into the
 * outbox rows it writes, onto the Kafka headers, and into every consumer that handles those events.
 */
export interface CorrelationContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function runWithCorrelation<T>(correlationId: string | undefined, fn: () => T): T {
  return storage.run({ correlationId: normaliseCorrelationId(correlationId) }, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** An id from outside is kept only if it is short and plain; anything else gets a fresh one. */
export function normaliseCorrelationId(candidate: unknown): string {
  return typeof candidate === 'string' && VALID_ID.test(candidate) ? candidate : randomUUID();
}
