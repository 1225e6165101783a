import { DEFAULT_POLICY, policyValue, type PolicyKey, type PolicyValue } from '@app/policy';
import {
  currentSchoolTenure,
  daysCovered,
  displayYears,
  exemptionOn,
  isEligibleByTenure,
  type Gender,
  type IsoDate,
  type RecordedExemption,
  type TenureAppointment,
} from '@app/rules';

/**
 * Who must, may or need not move in a cycle, and their priority points. The rules behind the status are the
 * shared ones (@app/rules) the scheduler applies too: the near-retirement and HR exemptions, and continuous
 * tenure at the current school — so a teacher's status here and the scheduler's counts agree.
 */

/** What rotation knows of a teacher to say whether they must, may or need not move, and their points. */
export interface TeacherRecord {
  birthDate: IsoDate;
  gender: Gender;
  backboneLevel: string;
  category: string;
}

/** One of the teacher's appointments (rotation's read model), with whether its school is rural. */
export interface Stint extends TenureAppointment {
  rural: boolean;
}

export interface OpenObligation {
  rule: string;
  severity: string;
  dueBy: string;
}

export type { RecordedExemption };

export type RotationStatus = 'mandatory' | 'eligible' | 'exempt' | 'not_eligible';

export interface Explained {
  status: RotationStatus;
  reasons: string[];
  yearsAtSchool: number;
  points: { total: number; breakdown: { factor: string; value: number; points: number }[] };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Consecutive years at the teacher's current school up to asOf: the shared continuous-tenure rule (a gap of
 * less than a school year continues the stay, a move away and back restarts it), in exact calendar years,
 * shown to 2 decimals (truncated, so 5 years 364 days never shows as 6.00).
 */
export function yearsAtCurrentSchool(stints: readonly Stint[], asOf: IsoDate, values: readonly PolicyValue[] = DEFAULT_POLICY): { schoolId: string | null; since: string | null; years: number } {
  const tenure = currentSchoolTenure(stints, asOf, values);
  if (!tenure) return { schoolId: null, since: null, years: 0 };
  return { schoolId: tenure.schoolId, since: tenure.since, years: displayYears(tenure.years) };
}

/** Years served at rural schools (any kind of appointment) up to asOf, overlapping stints counted once (days ÷ 365.25). */
export function ruralYears(stints: readonly Stint[], asOf: IsoDate): number {
  const rural = stints.filter((s) => s.rural && s.startDate <= asOf);
  if (rural.length === 0) return 0;
  const first = rural.reduce((min, s) => (s.startDate < min ? s.startDate : min), rural[0].startDate);
  return round2(daysCovered(rural, first, asOf) / 365.25);
}

const BACKBONE_POINTS: Readonly<Record<string, PolicyKey>> = { county: 'points.backbone_county', city: 'points.backbone_city', province: 'points.backbone_province' };

/**
 * Who moves in a cycle, and why, on `asOf` (the cycle's effective date), in this order:
 * 1. exempt — within `exemption.years_before_retirement` of the statutory retirement date, or exempted by
 *    HR on the date (exemptionOn; an exempt teacher is never mandatory, as the scheduler raises nothing for
 *    them);
 * 2. mandatory — an open R2/R3 obligation of the scheduler that is due or overdue;
 * 3. eligible — at least `R1.tenure_eligibility_years` of continuous tenure at the current school
 *    (isEligibleByTenure, reached on the anniversary);
 * 4. otherwise not eligible (the teacher may still volunteer).
 * Points rank teachers for popular schools; every term is shown so a teacher can check it.
 */
export function explain(
  t: TeacherRecord,
  stints: readonly Stint[],
  obligations: readonly OpenObligation[],
  asOf: IsoDate,
  values: readonly PolicyValue[] = DEFAULT_POLICY,
  exemptions: readonly RecordedExemption[] = [],
): Explained {
  const p = (key: PolicyKey) => policyValue(key, asOf, values);
  const stay = yearsAtCurrentSchool(stints, asOf, values);
  const rural = ruralYears(stints, asOf);
  const backboneKey = BACKBONE_POINTS[t.backboneLevel];
  const breakdown = [
    { factor: 'years at current school', value: stay.years, points: round2(stay.years * p('points.per_year_at_school')) },
    { factor: 'years at rural schools', value: rural, points: round2(rural * p('points.per_year_rural')) },
    { factor: `backbone level: ${t.backboneLevel}`, value: backboneKey ? 1 : 0, points: backboneKey ? p(backboneKey) : 0 },
  ];
  const points = { total: round2(breakdown.reduce((s, b) => s + b.points, 0)), breakdown };
  const result = (status: RotationStatus, reasons: string[]): Explained => ({ status, reasons, yearsAtSchool: stay.years, points });

  const exemption = exemptionOn(t, exemptions, asOf, values);
  if (exemption.exempt) {
    return result('exempt', [exemption.kind === 'hr_record' ? `exempted by HR until ${exemption.until}: ${exemption.reason}` : `exempt: ${exemption.reason}`]);
  }
  const binding = obligations.filter((o) => o.severity === 'due' || o.severity === 'overdue');
  if (binding.length) return result('mandatory', binding.map((o) => `${o.rule} obligation ${o.severity}, due by ${o.dueBy}`));
  const tenure = p('R1.tenure_eligibility_years');
  if (isEligibleByTenure(stints, asOf, values)) return result('eligible', [`${stay.years} years at the current school (${tenure} or more)`]);
  return result('not_eligible', [`${stay.years} years at the current school (fewer than ${tenure}); you may still volunteer`]);
}
