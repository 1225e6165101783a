import { DEFAULT_POLICY, policyValueOrNull, type PolicyValue } from '@app/policy';
import { assertIsoDate, yearsBefore, type IsoDate } from './calendar-date';
import type { PersonFacts, RecordedExemption } from './facts';
import { describeAge, retirementGroupOf, statutoryRetirement } from './retirement';

export interface ExemptionStatus {
  exempt: boolean;
  /** human-readable: the HR officer's reason, or the retirement explanation */
  reason?: string;
  kind?: 'near_retirement' | 'hr_record';
  /** near_retirement: the day the teacher reaches the statutory retirement age */
  retirementDate?: IsoDate;
  /** hr_record: the last day of the recorded exemption */
  until?: IsoDate;
}

/**
 * Is the teacher exempt from rotation (R2 and R3 obligations, R1 eligibility) on `asOf`? The one rule the
 * scheduler and rotation both apply. Two grounds, checked in this order:
 * 1. near retirement: from the day exactly `exemption.years_before_retirement` (5) years before the
 *    teacher's statutory retirement date under the law in force on asOf (see statutoryRetirement: since
 *    2025 a function of birth date and gender, not a constant age) — inclusive: someone retiring on
 *    2030-03-10 is exempt from 2025-03-10, not on 2025-03-09. Moving someone who will retire before the
 *    move has paid off serves no one. A birth date of 29 February follows addYears (28 February in common
 *    years). Before the exemption rule took effect (2023-09-01) there is no age exemption.
 * 2. an exemption recorded by county HR for this teacher whose from ≤ asOf ≤ until (both inclusive); when
 *    several are in force, the one lasting longest is reported. Records naming another teacher are ignored.
 * An exempt teacher is never mandatory: the exemption suspends R2 and R3 (the scheduler raises nothing,
 * rotation does not move them).
 */
export function exemptionOn(person: PersonFacts, recorded: readonly RecordedExemption[], asOf: IsoDate, values: readonly PolicyValue[] = DEFAULT_POLICY): ExemptionStatus {
  assertIsoDate(asOf, 'asOf');
  assertIsoDate(person.birthDate, 'birthDate');
  const margin = policyValueOrNull('exemption.years_before_retirement', asOf, values);
  if (margin !== null) {
    const retirement = statutoryRetirement(person.birthDate, retirementGroupOf(person.gender), asOf, values);
    if (asOf >= yearsBefore(retirement.date, margin)) {
      return {
        exempt: true,
        kind: 'near_retirement',
        reason: `within ${margin} years of the statutory retirement age ${describeAge(retirement.age)}, reached on ${retirement.date}`,
        retirementDate: retirement.date,
      };
    }
  }
  let best: RecordedExemption | null = null;
  for (const e of recorded) {
    if (person.teacherId !== undefined && e.teacherId !== undefined && e.teacherId !== person.teacherId) continue;
    assertIsoDate(e.from, 'exemption from');
    assertIsoDate(e.until, 'exemption until');
    if (e.from <= asOf && asOf <= e.until && (!best || e.until > best.until)) best = e;
  }
  if (best) return { exempt: true, kind: 'hr_record', reason: best.reason, until: best.until };
  return { exempt: false };
}
