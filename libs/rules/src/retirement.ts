import { DomainError } from '@app/errors';
import { DEFAULT_POLICY, policyEntryOrNull, policyValue, type PolicyKey, type PolicyValue } from '@app/policy';
import { addMonths, assertIsoDate, monthsBetween, type IsoDate } from './calendar-date';
import type { Gender } from './facts';

/**
 * Statutory retirement (法定退休年龄), as the law in force on a date sets it.
 *
 * Until 31 December 2024: a fixed age — 60 for men, 55 for women cadres and professional staff (teachers),
 * 50 for women workers (`retirement.age_*`, 1978).
 *
 * From 1 January 2025 (Standing Committee of the NPC, decision of 13 September 2024): the age rises
 * gradually with the month in which the person would have retired under the old age. With M = months
 * from the reform's first month (the effective date of `retirement.delay_max_months_*`, 2025-01) to that
 * original retirement month, the delay is min(max, floor(M / N) + 1) months, where N is
 * `retirement.birth_months_per_delay_month_*` (4 for men and women of the 55 group, 2 for women workers)
 * and max `retirement.delay_max_months_*` (36 → 63 and 58; 60 → 55). Someone whose original
 * retirement month came before the reform is not delayed. Published cases: a man born in January 1965
 * retires at 60 years 1 month, born in May 1965 at 60 years 2 months; a woman teacher born in October
 * 1976 at 56 years 9 months. (The law also lets people retire up to 3 years early or later by agreement;
 * that is an individual decision, not modelled here.)
 *
 * The retirement date is the birth date plus that many years and months (the last day of the month when
 * the month is shorter: born 31 March, retiring 60 years 1 month later → 30 April).
 */
export type RetirementGroup = 'male' | 'female' | 'female_worker';

/** Teachers are professional staff: a woman teacher is in the 55 group (原法定退休年龄为五十五周岁的女职工). */
export function retirementGroupOf(gender: Gender): RetirementGroup {
  return gender === 'male' ? 'male' : 'female';
}

export interface Retirement {
  /** the day the person reaches the statutory retirement age */
  date: IsoDate;
  /** that age, e.g. 60 years 2 months */
  age: { years: number; months: number };
  /** months of delay under the gradual reform (0 under the old law) */
  delayMonths: number;
  /** which law gave the age: the fixed age, or the gradual rise from 2025 */
  law: 'fixed_age' | 'gradual_2025';
}

export class InvalidRetirementRule extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('RULES.INVALID_RETIREMENT_RULE', 'invalid', message, details);
  }
}

const SUFFIX: Record<RetirementGroup, string> = { male: 'male', female: 'female', female_worker: 'female_worker' };

export function statutoryRetirement(birthDate: IsoDate, group: RetirementGroup, asOf: IsoDate, values: readonly PolicyValue[] = DEFAULT_POLICY): Retirement {
  assertIsoDate(birthDate, 'birthDate');
  assertIsoDate(asOf, 'asOf');
  const key = (name: string) => `retirement.${name}_${SUFFIX[group]}` as PolicyKey;
  const baseYears = policyValue(key('age'), asOf, values);
  const maxDelay = policyEntryOrNull(key('delay_max_months'), asOf, values);
  let delayMonths = 0;
  if (maxDelay !== null && maxDelay.value > 0) {
    const perMonth = policyValue(key('birth_months_per_delay_month'), asOf, values);
    if (!(Number.isInteger(perMonth) && perMonth > 0)) throw new InvalidRetirementRule(`${key('birth_months_per_delay_month')} must be a whole number of months above 0, is ${perMonth}`);
    const originalRetirement = addMonths(birthDate, baseYears * 12);
    const sinceReform = monthsBetween(maxDelay.effectiveFrom, originalRetirement);
    if (sinceReform >= 0) delayMonths = Math.min(maxDelay.value, Math.floor(sinceReform / perMonth) + 1);
  }
  const totalMonths = baseYears * 12 + delayMonths;
  return {
    date: addMonths(birthDate, totalMonths),
    age: { years: Math.floor(totalMonths / 12), months: totalMonths % 12 },
    delayMonths,
    law: maxDelay !== null && maxDelay.value > 0 ? 'gradual_2025' : 'fixed_age',
  };
}

/** "60 years 2 months", "55 years" */
export function describeAge(age: { years: number; months: number }): string {
  return age.months === 0 ? `${age.years} years` : `${age.years} years ${age.months} month${age.months === 1 ? '' : 's'}`;
}
