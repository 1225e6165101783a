import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { validateEvent, type EventContract } from '@app/contracts';
import { currentCorrelationId } from '@app/platform';
import { quoteIdent } from './messaging.schema';

const ROWS_PER_INSERT = 5000;

export class OutboxOutsideTransactionError extends Error {
  constructor() {
    super('an outbox row must be written inside the transaction of the state change it announces');
  }
}

export interface PendingEvent<T = unknown> {
  contract: EventContract<T>;
  data: T;
  subject?: string;
}

/**
 * Writes events to the service's outbox table in the caller's transaction, after validating each
 * payload against its contract. Nothing reaches Kafka unless that transaction commits.
 */
export class Outbox {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${quoteIdent(schema)}.outbox`;
  }

  async add<T>(manager: EntityManager, contract: EventContract<T>, data: T, subject?: string): Promise<string> {
    const [eventId] = await this.addAll(manager, [{ contract, data, subject }]);
    return eventId;
  }

  async addAll(manager: EntityManager, events: PendingEvent<any>[]): Promise<string[]> {
    if (!manager.queryRunner?.isTransactionActive) throw new OutboxOutsideTransactionError();
    if (events.length === 0) return [];
    const correlationId = currentCorrelationId() ?? null;
    const ids: string[] = [];
    // Postgres caps bind parameters at 65535 (8 per row), hence the chunks.
    for (let start = 0; start < events.length; start += ROWS_PER_INSERT) {
      const values: unknown[] = [];
      const rows: string[] = [];
      for (const { contract, data, subject } of events.slice(start, start + ROWS_PER_INSERT)) {
        const payload = validateEvent(contract, data);
        const id = randomUUID();
        ids.push(id);
        const p = values.length;
        rows.push(`($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}::jsonb, $${p + 8})`);
        values.push(id, contract.aggregateType, contract.aggregateId(payload), contract.type, contract.topic, subject ?? null, JSON.stringify(payload), correlationId);
      }
      await manager.query(
        `INSERT INTO ${this.table} (id, aggregate_type, aggregate_id, type, topic, subject, payload, correlation_id) VALUES ${rows.join(', ')}`,
        values,
      );
    }
    return ids;
  }
}
