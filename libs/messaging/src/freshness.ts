import type { Admin } from 'kafkajs';
import { DomainError } from '@app/platform';
import { consumerGroupLag, type PartitionLag } from './admin';

/** A consumer's lag, in total and by the service that produces each topic (the topic's prefix). */
export interface LagSummary {
  total: number;
  byProducer: Record<string, number>;
  partitions: PartitionLag[];
  measuredAt: string;
}

export function summariseLag(partitions: PartitionLag[], now = new Date()): LagSummary {
  const byProducer: Record<string, number> = {};
  let total = 0;
  for (const p of partitions) {
    const producer = p.topic.split('.')[0];
    byProducer[producer] = (byProducer[producer] ?? 0) + p.lag;
    total += p.lag;
  }
  return { total, byProducer, partitions, measuredAt: now.toISOString() };
}

const count = (n: number) => `${n.toLocaleString('en-US')} event${n === 1 ? '' : 's'}`;

/** "the scheduler service's copy of staffing is 8,975 events behind and of rotation 12 events behind" */
export function describeLag(consumer: string, summary: LagSummary, maxLag: number): string {
  const behind = Object.entries(summary.byProducer)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  if (behind.length === 0 || summary.total <= maxLag) return `the ${consumer} service's copy is up to date`;
  const [first, ...rest] = behind;
  const parts = [`of ${first[0]} is ${count(first[1])} behind`, ...rest.map(([p, n]) => `of ${p} ${count(n)} behind`)];
  return `the ${consumer} service's copy ${parts.join(' and ')}`;
}

export class ReadModelBehind extends DomainError {
  constructor(consumer: string, summary: LagSummary, maxLag: number) {
    super('READ_MODEL.BEHIND', 'unavailable', `${describeLag(consumer, summary, maxLag)}; try again when it has caught up`, {
      consumer,
      lag: summary.total,
      byProducer: summary.byProducer,
      maxLag,
    });
  }
}

/**
 * Whether a service's read model holds (nearly) every fact its producers have published. Anything that
 * decides from a read model — the scheduler's reviews, the rotation planner — asks first, so no obligation
 * or plan is made from half the facts. `maxLag` is the small tolerance for events in flight.
 */
export class ReadModelFreshness {
  constructor(
    private readonly admin: () => Admin,
    readonly consumer: string,
    private readonly groupId: string,
    private readonly topics: readonly string[],
    readonly maxLag: number,
  ) {}

  async lag(): Promise<LagSummary> {
    return summariseLag(await consumerGroupLag(this.admin(), this.groupId, this.topics));
  }

  /** Throws ReadModelBehind (HTTP 503) when the copy is more than maxLag events behind. */
  async assertCaughtUp(): Promise<LagSummary> {
    const summary = await this.lag();
    if (summary.total > this.maxLag) throw new ReadModelBehind(this.consumer, summary, this.maxLag);
    return summary;
  }

  /** Waits until caught up (reporting progress), up to timeoutMs; then throws ReadModelBehind. */
  async waitUntilCaughtUp(timeoutMs: number, onProgress?: (s: LagSummary) => void, pollMs = 500): Promise<LagSummary> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const summary = await this.lag();
      if (summary.total <= this.maxLag) return summary;
      onProgress?.(summary);
      if (Date.now() >= deadline) throw new ReadModelBehind(this.consumer, summary, this.maxLag);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}
