import { EventPattern } from '@nestjs/microservices';

/** The route a batch handler is registered under beside the type's per-event handler. */
export function batchPattern(type: string): string {
  return `batch:${type}`;
}

/**
 * Registers a batch handler for an event type: it receives (`@Payload()`) a run of that type's events
 * from one chunk, in per-key order and all new to this consumer, and applies them in the chunk's
 * transaction (`@Ctx()`, as a per-event handler) with multi-row statements. The type must also have its
 * `@EventPattern` handler with the same effect: the consumer uses it for a lone event, and when a batch
 * fails it applies the chunk one event at a time through it, so only the poison event is retried and
 * dead-lettered. A batch handler only writes its read model (it publishes nothing of its own).
 */
export function EventBatchPattern(type: string): MethodDecorator {
  return EventPattern(batchPattern(type));
}
