import { DomainError } from '@app/errors';
import { DEFAULT_POLICY, policyValue as param, type PolicyValue } from '@app/policy';
import { assertIsoDate, schoolYearStart, type IsoDate } from '@app/rules';

type Policy = readonly PolicyValue[];

export interface ExchangeQuotaInput {
  /** teachers on the county's census for the school year (the denominator of R1) */
  teachersOnCensus: number;
  /** teachers with an approved move effective in the school year; may repeat a teacher (counted once) */
  movedTeacherIds: readonly string[];
  /** teachers eligible for exchange by tenure (see isEligibleByTenure) */
  eligibleByTenure: number;
  asOf: IsoDate;
  countyCode: string;
  /** named by the calendar year it starts in (2025 = 2025-09-01 … 2026-08-31) */
  schoolYear: number;
}

/** Field for field the data of scheduler.QuotaShortfall, so a shortfall can be published as it is. */
export interface ExchangeQuota {
  countyCode: string;
  schoolYear: number;
  asOf: IsoDate;
  moved: number;
  teachers: number;
  ratio: number;
  requiredRatio: number;
  required: number;
  shortfall: number;
  eligibleByTenure: number;
  nationalBaseRequired: number;
}

export class InvalidQuotaInput extends DomainError {
  constructor(field: string, value: unknown) {
    super('SCHEDULER.INVALID_QUOTA_INPUT', 'invalid', `${field} must be a whole number not below 0, got ${JSON.stringify(value)}`, { field, value: String(value) });
  }
}

/**
 * ceil(share × n) for a count of people, immune to binary floating point: 0.07 × 100 is
 * 7.000000000000001 in doubles, which a bare Math.ceil would turn into 8. The product is rounded to 1e-6 of
 * a person first (policy shares have far fewer decimals).
 */
export function peopleRequired(share: number, n: number): number {
  return Math.ceil(Math.round(share * n * 1e6) / 1e6);
}

/**
 * R1 (seed 二.10): each school year a county exchanges at least `R1.min_exchange_share` (5%) of its
 * teachers. required = ceil(share × teachers) (a share of people rounds up: 5% of 101 is 6 people, not
 * 5.05); shortfall = max(0, required − moved), moved counting distinct teachers. Alongside, the national
 * base inspectors also check: `R1.national_base_share` (10%) of the teachers eligible by tenure, rounded up.
 * Both shares are read on the school year's 1 September: the rule in force when the year began governs the
 * whole year. With zero teachers nothing is required and the ratio is 0.
 */
export function exchangeQuota(input: ExchangeQuotaInput, policy: Policy = DEFAULT_POLICY): ExchangeQuota {
  const { teachersOnCensus: teachers, movedTeacherIds, eligibleByTenure, asOf, countyCode, schoolYear } = input;
  for (const [field, value] of [['teachersOnCensus', teachers], ['eligibleByTenure', eligibleByTenure], ['schoolYear', schoolYear]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new InvalidQuotaInput(field, value);
  }
  assertIsoDate(asOf, 'asOf');
  const yearStart = schoolYearStart(schoolYear);
  const requiredRatio = param('R1.min_exchange_share', yearStart, policy);
  const nationalBaseShare = param('R1.national_base_share', yearStart, policy);
  const moved = new Set(movedTeacherIds).size;
  const required = peopleRequired(requiredRatio, teachers);
  return {
    countyCode,
    schoolYear,
    asOf,
    moved,
    teachers,
    ratio: teachers === 0 ? 0 : moved / teachers,
    requiredRatio,
    required,
    shortfall: Math.max(0, required - moved),
    eligibleByTenure,
    nationalBaseRequired: peopleRequired(nationalBaseShare, eligibleByTenure),
  };
}
