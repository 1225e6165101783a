import { Injectable } from '@nestjs/common';
import { DEFAULT_POLICY, isAssumption, policyInForce, POLICY_KEYS, type PolicyKey } from '@app/policy';
import { UnitOfWork } from '@app/runtime';
import { PolicyValueRepository } from './policy-value.repository';

/** A policy value as the API lists it: the seeded defaults (set by nobody) and the administrator's additions. */
export interface ListedPolicyValue {
  key: PolicyKey;
  value: number;
  effectiveFrom: string;
  source: string;
  origin: 'default' | 'added';
  id: string | null;
  setBy: string | null;
  setAt: string | null;
  /** the source says the value is an assumption the bureau has yet to confirm */
  assumption: boolean;
}

@Injectable()
export class PolicyValuesQuery {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly values: PolicyValueRepository,
  ) {}

  /** Every value of every key (or one key), oldest first within a key, in catalogue order. */
  async list(key?: PolicyKey): Promise<ListedPolicyValue[]> {
    const all = await this.all();
    return all.filter((v) => key === undefined || v.key === key);
  }

  /** Which value of each key (or of one key) was, is or will be in force on `date`. */
  async inForce(date: string, key?: PolicyKey): Promise<ListedPolicyValue[]> {
    const all = await this.all();
    const byEntry = new Map(all.map((v) => [`${v.key}|${v.effectiveFrom}`, v]));
    return policyInForce(date, all)
      .filter((v) => key === undefined || v.key === key)
      .map((v) => byEntry.get(`${v.key}|${v.effectiveFrom}`)!);
  }

  private async all(): Promise<ListedPolicyValue[]> {
    const added = await this.values.added(this.uow.reader);
    const rows: ListedPolicyValue[] = [
      ...DEFAULT_POLICY.map((v) => ({ key: v.key, value: v.value, effectiveFrom: v.effectiveFrom, source: v.source, origin: 'default' as const, id: null, setBy: null, setAt: null, assumption: isAssumption(v.source) })),
      ...added.map((v) => ({ key: v.key as PolicyKey, value: v.value, effectiveFrom: v.effectiveFrom, source: v.source, origin: 'added' as const, id: v.id, setBy: v.setBy, setAt: v.setAt, assumption: isAssumption(v.source) })),
    ];
    const order = new Map<string, number>(POLICY_KEYS.map((k, i) => [k, i]));
    return rows.sort((a, b) => (order.get(a.key) ?? 1e9) - (order.get(b.key) ?? 1e9) || a.key.localeCompare(b.key) || a.effectiveFrom.localeCompare(b.effectiveFrom));
  }
}
