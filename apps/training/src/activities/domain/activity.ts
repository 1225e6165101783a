import type { CREDIT_CATEGORIES } from '@app/contracts';
import { DomainError } from '@app/errors';
import { policyValue, type PolicyValue } from '@app/policy';
import type { IsoDate } from '../../calendar/domain/periods';

/**
 * What training records: county special trainings for rural teachers (R7), open or report classes
 * (公开课/汇报课, R7), regional collective teaching research (区域集体教研, R8), a researcher's guidance
 * visit to a school and stationing period (指导、蹲点, R6), and continuing-education courses.
 */
export const ACTIVITY_KINDS = ['county_special_training', 'open_class', 'regional_research', 'guidance_visit', 'stationing', 'continuing_education'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const ORGANISERS = ['county', 'district', 'school'] as const;
export const TARGET_TYPES = ['county_rural', 'district_small_scale', 'schools'] as const;
export type CreditCategory = (typeof CREDIT_CATEGORIES)[number];

/** Who an activity is for: the county's rural teachers, the small-scale schools of one district, or a list of schools. */
export interface TargetGroup {
  type: (typeof TARGET_TYPES)[number];
  districtCode: string | null;
  schoolIds: string[];
}

/** Sessions by length; converted to credit hours by the policy (a full day 6, half a day 3, a 45-minute period 1). */
export interface Sessions {
  fullDays: number;
  halfDays: number;
  periods: number;
}

export interface NewActivity extends Sessions {
  countyCode: string;
  code: string;
  title: string;
  kind: ActivityKind;
  organiser: (typeof ORGANISERS)[number];
  /** the organising district's code or school's id, when not the county */
  organiserCode: string | null;
  category: CreditCategory;
  startDate: IsoDate;
  endDate: IsoDate;
  target: TargetGroup;
  /** visits and stationing: the researcher and the school */
  researcherId: string | null;
  schoolId: string | null;
}

export interface Activity extends NewActivity {
  id: string;
  creditHours: number;
  confirmedAt: string | null;
  confirmedBy: string | null;
  version: number;
}

export const RESEARCHER_KINDS: ReadonlySet<ActivityKind> = new Set(['guidance_visit', 'stationing']);

export class ActivityInvalid extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('TRAINING.ACTIVITY_INVALID', 'invalid', message, details);
  }
}

export class ActivityNotFound extends DomainError {
  constructor(id: string) {
    super('TRAINING.ACTIVITY_NOT_FOUND', 'not_found', `no activity with id ${id} (没有这项活动)`, { id });
  }
}

export class ActivityCodeTaken extends DomainError {
  constructor(countyCode: string, code: string) {
    super('TRAINING.ACTIVITY_CODE_TAKEN', 'conflict', `county ${countyCode} already has an activity with code ${code}`, { countyCode, code });
  }
}

export class StaleActivity extends DomainError {
  constructor(id: string, expected: number, actual: number) {
    super('TRAINING.STALE_VERSION', 'conflict', `activity ${id} was changed by someone else (version ${actual}, you sent ${expected}); reload and try again`, { id, expected, actual });
  }
}

/** Credit hours of sessions under the conversion rules in force on the date. */
export function hoursOf(s: Sessions, date: IsoDate, values: readonly PolicyValue[]): number {
  return (
    s.fullDays * policyValue('credits.hours_per_full_day', date, values) +
    s.halfDays * policyValue('credits.hours_per_half_day', date, values) +
    s.periods * policyValue('credits.hours_per_period', date, values)
  );
}

/** Checks an activity and gives its credit hours (none for a researcher's visit or stationing). */
export function checkActivity(a: NewActivity, values: readonly PolicyValue[]): NewActivity & { creditHours: number } {
  if (a.endDate < a.startDate) throw new ActivityInvalid('the end date must not be before the start date (结束日期早于开始日期)', { endDate: a.endDate });
  if (RESEARCHER_KINDS.has(a.kind)) {
    if (!a.researcherId) throw new ActivityInvalid(`a ${a.kind} names the researcher (教研员)`, { researcherId: null });
    if (!a.schoolId) throw new ActivityInvalid(`a ${a.kind} names the school visited or stationed at`, { schoolId: null });
    if (a.kind === 'guidance_visit' && a.endDate !== a.startDate) throw new ActivityInvalid('a guidance visit is one day: start and end on the same date', { endDate: a.endDate });
    // The visited school is the group the visit is for; it confirms the visit.
    return { ...a, target: { type: 'schools', districtCode: null, schoolIds: [a.schoolId] }, fullDays: 0, halfDays: 0, periods: 0, creditHours: 0 };
  }
  if (a.researcherId || a.schoolId) throw new ActivityInvalid('only visits and stationing name a researcher and a school', { researcherId: a.researcherId, schoolId: a.schoolId });
  const creditHours = hoursOf(a, a.endDate, values);
  if (creditHours <= 0) throw new ActivityInvalid('an activity has at least one session (full day, half day or period)', { fullDays: a.fullDays });
  if (a.kind === 'county_special_training' && a.organiser !== 'county') throw new ActivityInvalid('a county special training is organised by the county (县教研室)', { organiser: a.organiser });
  if (a.organiser !== 'county' && !a.organiserCode) throw new ActivityInvalid(`a ${a.organiser} organiser is named by its code`, { organiserCode: null });
  if (a.target.type === 'district_small_scale' && !a.target.districtCode) throw new ActivityInvalid('a district target names the district', { districtCode: null });
  if (a.target.type === 'schools' && a.target.schoolIds.length === 0) throw new ActivityInvalid('a target list has at least one school', { schoolIds: [] });
  const target: TargetGroup = {
    type: a.target.type,
    districtCode: a.target.type === 'district_small_scale' ? a.target.districtCode : null,
    schoolIds: a.target.type === 'schools' ? [...new Set(a.target.schoolIds)] : [],
  };
  return { ...a, title: a.title.trim(), target, creditHours };
}

/** Where a teacher works as the rules see it. */
export interface TeacherPlace {
  schoolId: string | null;
  districtCode: string | null;
  rural: boolean;
  smallScale: boolean;
}

export function isTargeted(target: TargetGroup, t: TeacherPlace): boolean {
  switch (target.type) {
    case 'county_rural':
      return t.rural;
    case 'district_small_scale':
      return t.smallScale && t.districtCode === target.districtCode;
    case 'schools':
      return t.schoolId !== null && target.schoolIds.includes(t.schoolId);
  }
}
