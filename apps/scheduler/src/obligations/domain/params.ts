import { DEFAULT_POLICY, PolicyNotInForce, policyValue, type PolicyKey, type PolicyValue } from '@app/policy';
import type { IsoDate } from './dates';

/** The dated policy parameters a rule reads; tests and the city administrator's overrides pass their own. */
export type Policy = readonly PolicyValue[];

/** The value in force on `date` (throws PolicyNotInForce when the rule had not yet taken effect). */
export function param(key: PolicyKey, date: IsoDate, policy: Policy = DEFAULT_POLICY): number {
  return policyValue(key, date, policy);
}

/**
 * The value in force on `date`, or null when the rule had not yet taken effect then. Used where a date
 * before the rule's start simply means "the rule did not apply" (a cycle of 2019 under a rule of 2023),
 * rather than a mistake.
 */
export function paramOrNull(key: PolicyKey, date: IsoDate, policy: Policy = DEFAULT_POLICY): number | null {
  try {
    return policyValue(key, date, policy);
  } catch (e) {
    if (e instanceof PolicyNotInForce) return null;
    throw e;
  }
}

/**
 * The value in force on `date`, or — for a date before the first entry — the first value the parameter
 * took. Only for definitions rather than obligations: what counts as "continuous" tenure is a way of
 * measuring facts, and a tenure measured as of 2016 must not fail because the plan that wrote the
 * definition down dates from 2023. Obligations themselves use param/paramOrNull.
 */
export function paramOrEarliest(key: PolicyKey, date: IsoDate, policy: Policy = DEFAULT_POLICY): number {
  const inForce = paramOrNull(key, date, policy);
  if (inForce !== null) return inForce;
  let first: PolicyValue | undefined;
  for (const v of policy) if (v.key === key && (!first || v.effectiveFrom < first.effectiveFrom)) first = v;
  if (!first) throw new PolicyNotInForce(key, date);
  return first.value;
}
