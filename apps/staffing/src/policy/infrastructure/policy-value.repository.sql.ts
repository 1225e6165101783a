import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PolicyValue } from '@app/policy';
import { PolicyValuesStore, type PolicyValueRecord } from '@app/runtime';
import { PolicyValueRepository } from '../application/policy-value.repository';

/** staffing.policy_values: the owner's table, the same shape as every service's copy (@app/runtime). */
@Injectable()
export class SqlPolicyValueRepository extends PolicyValueRepository {
  private readonly store = new PolicyValuesStore('staffing');

  added(m: EntityManager): Promise<PolicyValueRecord[]> {
    return this.store.added(m);
  }

  values(m: EntityManager): Promise<PolicyValue[]> {
    return this.store.values(m);
  }

  async lockKey(m: EntityManager, key: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`staffing:policy:${key}`]);
  }

  insert(m: EntityManager, r: PolicyValueRecord): Promise<boolean> {
    return this.store.record(m, r);
  }
}
