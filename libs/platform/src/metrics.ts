import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per service instance (tests boot several services in one process). */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsConsumed: Counter<'consumer' | 'type' | 'outcome'>;
  readonly eventsDeadLettered: Counter<'consumer' | 'topic' | 'reason'>;
  readonly eventsPublished: Counter<'type'>;
  readonly outboxBacklog: Gauge;

  readonly consumerLag: Gauge<'topic' | 'partition'>;

  constructor(service: string, backlog: () => Promise<number>, lag: () => Promise<{ topic: string; partition: number; lag: number }[]> = async () => []) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.eventsConsumed = new Counter({
      name: 'events_consumed_total',
      help: 'Events taken from Kafka, by outcome (applied, duplicate, ignored, dead_lettered)',
      labelNames: ['consumer', 'type', 'outcome'],
      registers: [this.registry],
    });
    this.eventsDeadLettered = new Counter({
      name: 'events_dead_lettered_total',
      help: 'Messages sent to a dead-letter topic, by reason',
      labelNames: ['consumer', 'topic', 'reason'],
      registers: [this.registry],
    });
    this.eventsPublished = new Counter({
      name: 'outbox_events_published_total',
      help: 'Outbox rows published to Kafka and acknowledged',
      labelNames: ['type'],
      registers: [this.registry],
    });
    this.consumerLag = new Gauge({
      name: 'consumer_lag',
      help: "Events on a consumed topic's partition that this service's consumer group has not yet applied (log end - committed offset)",
      labelNames: ['topic', 'partition'],
      registers: [this.registry],
      async collect() {
        try {
          const partitions = await lag();
          this.reset();
          for (const p of partitions) this.set({ topic: p.topic, partition: String(p.partition) }, p.lag);
        } catch {
          this.reset(); // broker unreachable: no figure rather than a stale one (health says kafka down)
        }
      },
    });
    this.outboxBacklog = new Gauge({
      name: 'outbox_backlog',
      help: 'Outbox rows not yet acknowledged by Kafka',
      registers: [this.registry],
      async collect() {
        try {
          this.set(await backlog());
        } catch {
          this.set(-1); // database unreachable: an impossible value rather than a stale one
        }
      },
    });
  }
}
