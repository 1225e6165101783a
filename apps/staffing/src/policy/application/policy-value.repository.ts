import type { EntityManager } from 'typeorm';
import type { PolicyValue } from '@app/policy';
import type { PolicyValueRecord } from '@app/runtime';

export abstract class PolicyValueRepository {
  /** Values the city administrator added, by key and date. */
  abstract added(m: EntityManager): Promise<PolicyValueRecord[]>;
  /** The seeded defaults plus every added value: what rules are evaluated with. */
  abstract values(m: EntityManager): Promise<PolicyValue[]>;
  /** Serialises additions of one key (two administrators adding the same key and date: one wins). */
  abstract lockKey(m: EntityManager, key: string): Promise<void>;
  /** false when a value for the key and date exists already */
  abstract insert(m: EntityManager, r: PolicyValueRecord): Promise<boolean>;
}
