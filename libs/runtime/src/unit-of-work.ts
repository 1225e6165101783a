import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxRelay } from '@app/messaging';

/**
 * Runs a use case's writes (state, outbox rows, audit rows) in one transaction, then nudges the relay
 * so the events leave at once instead of at the next poll.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.relay.poke();
    return result;
  }

  /** Reads outside a transaction. */
  get reader(): EntityManager {
    return this.dataSource.manager;
  }
}

/**
 * Rows of an UPDATE … RETURNING or DELETE … RETURNING: TypeORM's PostgreSQL driver answers those with
 * [rows, affectedCount] instead of the rows that INSERT and SELECT give.
 */
export async function updateReturning<T = Record<string, unknown>>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result = await manager.query(sql, params);
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result;
}
