import { policyValue, type PolicyValue } from '@app/policy';

/** What rotation knows of a teacher to say whether they must, may or need not move, and their points. */
export interface TeacherRecord {
  birthDate: string;
  gender: 'female' | 'male';
  backboneLevel: string;
  category: string;
}

export interface Stint {
  schoolId: string;
  rural: boolean;
  kind: string;
  startDate: string;
  endDate: string | null;
}

export interface OpenObligation {
  rule: string;
  severity: string;
  dueBy: string;
}

/** An HR-recorded exemption (health, maternity…), inclusive dates. */
export interface RecordedExemption {
  reason: string;
  from: string;
  until: string;
}

export type RotationStatus = 'mandatory' | 'eligible' | 'exempt' | 'not_eligible';

export interface Explained {
  status: RotationStatus;
  reasons: string[];
  yearsAtSchool: number;
  points: { total: number; breakdown: { factor: string; value: number; points: number }[] };
}

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
const years = (d: number) => Math.round((d / 365.25) * 100) / 100;
/** The same calendar day N years later (29 February → 28 February in a common year). */
function addYears(date: string, n: number): string {
  const y = Number(date.slice(0, 4)) + n;
  const md = date.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${y}-${md === '02-29' && !leap ? '02-28' : md}`;
}

/** Consecutive regular appointments at the teacher's current school, up to asOf (years to 2 decimals; the eligibility check itself uses exact anniversaries). */
export function yearsAtCurrentSchool(stints: readonly Stint[], asOf: string): { schoolId: string | null; since: string | null; years: number } {
  const regular = stints.filter((s) => s.kind === 'regular' && s.startDate <= asOf).sort((a, b) => (a.startDate < b.startDate ? 1 : -1));
  const current = regular.find((s) => s.endDate === null || s.endDate >= asOf);
  if (!current) return { schoolId: null, since: null, years: 0 };
  let since = current.startDate;
  for (const s of regular) {
    if (s === current || s.schoolId !== current.schoolId) continue;
    // an earlier appointment at the same school ending the day before continues the stay
    if (s.endDate !== null && days(s.endDate, since) <= 1 && s.startDate < since) since = s.startDate;
  }
  return { schoolId: current.schoolId, since, years: years(days(since, asOf)) };
}

/** Days served at rural schools (any kind of appointment), up to asOf; overlapping stints count once. */
export function ruralYears(stints: readonly Stint[], asOf: string): number {
  const spans = stints
    .filter((s) => s.rural && s.startDate <= asOf)
    .map((s) => [s.startDate, s.endDate !== null && s.endDate < asOf ? s.endDate : asOf] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  let total = 0;
  let end: string | null = null;
  for (const [from, to] of spans) {
    if (end === null || from > end) {
      total += days(from, to) + 1;
      end = to;
    } else if (to > end) {
      total += days(end, to);
      end = to;
    }
  }
  return years(total);
}

/**
 * Who moves in a cycle, and why: an open R2/R3 obligation (due or overdue) makes a teacher mandatory;
 * within N years of retirement age exempts; at least `R1.tenure_eligibility_years` at the same school makes
 * eligible. Points rank teachers for popular schools; every term is shown so a teacher can check it.
 */
export function explain(
  t: TeacherRecord,
  stints: readonly Stint[],
  obligations: readonly OpenObligation[],
  asOf: string,
  policy?: readonly PolicyValue[],
  exemptions: readonly RecordedExemption[] = [],
): Explained {
  const p = (key: Parameters<typeof policyValue>[0]) => policyValue(key, asOf, policy);
  const stay = yearsAtCurrentSchool(stints, asOf);
  const rural = ruralYears(stints, asOf);
  const backboneKey = ({ county: 'points.backbone_county', city: 'points.backbone_city', province: 'points.backbone_province' } as const)[t.backboneLevel as 'county'];
  const breakdown = [
    { factor: 'years at current school', value: stay.years, points: Math.round(stay.years * p('points.per_year_at_school') * 100) / 100 },
    { factor: 'years at rural schools', value: rural, points: Math.round(rural * p('points.per_year_rural') * 100) / 100 },
    { factor: `backbone level: ${t.backboneLevel}`, value: backboneKey ? 1 : 0, points: backboneKey ? p(backboneKey) : 0 },
  ];
  const points = { total: Math.round(breakdown.reduce((s, b) => s + b.points, 0) * 100) / 100, breakdown };

  const retirementAge = p(t.gender === 'female' ? 'retirement.age_female' : 'retirement.age_male');
  const age = years(days(t.birthDate, asOf));
  const recorded = exemptions.find((e) => e.from <= asOf && asOf <= e.until);
  if (recorded) return { status: 'exempt', reasons: [`exempted by HR until ${recorded.until}: ${recorded.reason}`], yearsAtSchool: stay.years, points };
  const binding = obligations.filter((o) => o.severity === 'due' || o.severity === 'overdue');
  if (binding.length) {
    return { status: 'mandatory', reasons: binding.map((o) => `${o.rule} obligation ${o.severity}, due by ${o.dueBy}`), yearsAtSchool: stay.years, points };
  }
  if (age >= retirementAge - p('exemption.years_before_retirement')) {
    return { status: 'exempt', reasons: [`within ${p('exemption.years_before_retirement')} years of retirement age ${retirementAge} (age ${Math.floor(age)})`], yearsAtSchool: stay.years, points };
  }
  const tenure = p('R1.tenure_eligibility_years');
  if (stay.since !== null && addYears(stay.since, tenure) <= asOf) return { status: 'eligible', reasons: [`${stay.years} years at the current school (${tenure} or more)`], yearsAtSchool: stay.years, points };
  return { status: 'not_eligible', reasons: [`${stay.years} years at the current school (fewer than ${tenure}); you may still volunteer`], yearsAtSchool: stay.years, points };
}
