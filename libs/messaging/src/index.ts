export * from './cloudevents';
export * from './kafka';
export * from './messaging.schema';
export * from './outbox';
export * from './outbox-relay';
export * from './event-consumer.server';
export * from './admin';
export * from './freshness';
