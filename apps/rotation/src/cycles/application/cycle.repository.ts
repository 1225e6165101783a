import type { EntityManager } from 'typeorm';
import type { Cycle } from '../domain/cycle';

export abstract class CycleRepository {
  /** null when the county already has a cycle for the school year */
  abstract insert(m: EntityManager, c: Omit<Cycle, 'id' | 'version'>): Promise<Cycle | null>;
  abstract findById(m: EntityManager, id: string): Promise<Cycle | null>;
  abstract list(m: EntityManager, countyCode: string | undefined): Promise<Cycle[]>;
  /** Saves state, deadline and proposed plan if the version still matches; null when someone else changed the cycle first. */
  abstract save(m: EntityManager, c: Cycle, expectedVersion: number): Promise<Cycle | null>;
}
