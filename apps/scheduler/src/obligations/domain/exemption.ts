import { DEFAULT_POLICY } from '@app/policy';
import { anniversary, assertIsoDate, yearsBefore, type IsoDate } from './dates';
import type { Exemption, TeacherFacts } from './facts';
import { param, paramOrNull, type Policy } from './params';

export interface ExemptionStatus {
  exempt: boolean;
  /** human-readable: the HR officer's reason, or the retirement explanation */
  reason?: string;
  kind?: 'near_retirement' | 'hr_record';
  /** near_retirement: the day the teacher reaches retirement age */
  retirementDate?: IsoDate;
  /** hr_record: the last day of the recorded exemption */
  until?: IsoDate;
}

/**
 * Is the teacher exempt from rotation obligations (R2, R3) on `asOf`? Two grounds, checked in this order:
 * 1. near retirement: from the day exactly `exemption.years_before_retirement` (5) years before the
 *    teacher reaches the retirement age for their gender (`retirement.age_male` 60 /
 *    `retirement.age_female` 55) — inclusive: a woman born 1975-03-10 is exempt from 2025-03-10, not on
 *    2025-03-09. Moving someone who will retire before the move has paid off serves no one. Ages and the
 *    margin are read on asOf, so a retirement-age reform applies from its date. A birth date of 29 February
 *    follows addYears (its anniversaries in common years fall on 28 February). Before the exemption rule
 *    took effect there is no age exemption.
 * 2. an exemption recorded by county HR for this teacher whose from ≤ asOf ≤ until (both inclusive); when
 *    several are in force, the one lasting longest is reported.
 */
export function isExempt(teacher: TeacherFacts, exemptions: readonly Exemption[], asOf: IsoDate, policy: Policy = DEFAULT_POLICY): ExemptionStatus {
  assertIsoDate(asOf, 'asOf');
  assertIsoDate(teacher.birthDate, 'birthDate');
  const margin = paramOrNull('exemption.years_before_retirement', asOf, policy);
  if (margin !== null) {
    const age = param(teacher.gender === 'male' ? 'retirement.age_male' : 'retirement.age_female', asOf, policy);
    const retirementDate = anniversary(teacher.birthDate, age);
    const exemptFrom = yearsBefore(retirementDate, margin);
    if (asOf >= exemptFrom) {
      return {
        exempt: true,
        kind: 'near_retirement',
        reason: `within ${margin} years of the retirement age ${age}, reached on ${retirementDate}`,
        retirementDate,
      };
    }
  }
  let best: Exemption | null = null;
  for (const e of exemptions) {
    if (e.teacherId !== teacher.teacherId) continue;
    assertIsoDate(e.from, 'exemption from');
    assertIsoDate(e.until, 'exemption until');
    if (e.from <= asOf && asOf <= e.until && (!best || e.until > best.until)) best = e;
  }
  if (best) return { exempt: true, kind: 'hr_record', reason: best.reason, until: best.until };
  return { exempt: false };
}
