import { policyValue, type PolicyValue } from '@app/policy';
import type { AttendanceStatus } from '../../attendance/domain/attendance';
import { addDays, addYears, daysInclusive, type IsoDate } from '../../calendar/domain/periods';

/**
 * R6–R8 as pure functions of counted facts. Each gives a status, what was required and what was done,
 * so results can be stored, compared and shown the same way.
 */
export interface RuleResult {
  status: 'met' | 'shortfall' | 'in_progress';
  required: number;
  actual: number;
  facts: Record<string, string | number | boolean | null>;
}

/** R7 for a county and semester: special trainings for rural teachers (≥ 2) and open or report classes (≥ 1) organised. */
export function r7County(trainings: number, openClasses: number, periodEnd: IsoDate, values: readonly PolicyValue[]): RuleResult {
  const needTrainings = policyValue('R7.min_special_trainings_per_semester', periodEnd, values);
  const needOpen = policyValue('R7.min_open_classes_per_semester', periodEnd, values);
  const met = trainings >= needTrainings && openClasses >= needOpen;
  return { status: met ? 'met' : 'shortfall', required: needTrainings, actual: trainings, facts: { trainings, openClasses, requiredTrainings: needTrainings, requiredOpenClasses: needOpen } };
}

/**
 * R7 for a rural teacher and semester: the county special trainings offered to them, attended at least
 * the required number of times; each excused absence (approved leave) lowers what is required by one.
 */
export function r7Teacher(statuses: readonly (AttendanceStatus | null)[], periodEnd: IsoDate, values: readonly PolicyValue[]): RuleResult {
  const attended = statuses.filter((s) => s === 'attended').length;
  const excused = statuses.filter((s) => s === 'excused').length;
  const required = Math.max(0, policyValue('R7.min_special_trainings_per_semester', periodEnd, values) - excused);
  return { status: attended >= required ? 'met' : 'shortfall', required, actual: attended, facts: { offered: statuses.length, attended, excused } };
}

/**
 * R8 for a small-scale school's teacher and school year: attended ≥ 80% of the regional collective
 * research activities offered to them, excused absences taken out of the denominator. Nothing offered
 * (or all excused) is met.
 */
export function r8Teacher(statuses: readonly (AttendanceStatus | null)[], periodEnd: IsoDate, values: readonly PolicyValue[]): RuleResult {
  const share = policyValue('R8.min_research_attendance_share', periodEnd, values);
  const attended = statuses.filter((s) => s === 'attended').length;
  const excused = statuses.filter((s) => s === 'excused').length;
  const denominator = statuses.length - excused;
  // attended / denominator ≥ share, in integers so exactly 80% is met whatever the floating point says
  const required = Math.ceil(share * denominator - 1e-9);
  const met = attended >= required;
  return {
    status: met ? 'met' : 'shortfall',
    required,
    actual: attended,
    facts: { offered: statuses.length, attended, excused, denominator, share: denominator === 0 ? 1 : Math.round((attended / denominator) * 1000) / 1000, requiredShare: share },
  };
}

/**
 * R6 visits: confirmed guidance visits to rural schools in the 5-year window ending on `asOf`, at least
 * 30 — pro rata (rounded down) for a researcher in post for less than the whole window, so a new
 * researcher is judged on being on track.
 */
export function r6Visits(researcherSince: IsoDate, visitDates: readonly IsoDate[], asOf: IsoDate, values: readonly PolicyValue[]): RuleResult {
  const min = policyValue('R6.min_visits', asOf, values);
  const windowFrom = addDays(addYears(asOf, -policyValue('R6.visit_window_years', asOf, values)), 1);
  const from = researcherSince > windowFrom ? researcherSince : windowFrom;
  const share = Math.min(1, daysInclusive(from, asOf) / daysInclusive(windowFrom, asOf));
  const required = Math.floor(min * share + 1e-9);
  const visits = visitDates.filter((d) => d >= windowFrom && d <= asOf).length;
  return { status: visits >= required ? 'met' : 'shortfall', required, actual: visits, facts: { windowFrom, windowTo: asOf, fullWindowRequired: min, shareOfWindowInPost: Math.round(share * 1000) / 1000 } };
}

/**
 * R6 stationing: a new researcher spends at least 365 days in total stationed (蹲点) at schools within
 * the first 3 years as researcher. Overlapping periods count once. While the 3 years last and the
 * days can still be reached: in progress; after them: met or short. Null when the rule does not apply
 * (the researcher's first 3 years ended before the rule took effect).
 */
export function r6Stationing(researcherSince: IsoDate, periods: readonly { from: IsoDate; to: IsoDate }[], asOf: IsoDate, values: readonly PolicyValue[]): (RuleResult & { windowTo: IsoDate }) | null {
  let windowTo: IsoDate;
  let min: number;
  try {
    windowTo = addDays(addYears(researcherSince, policyValue('R6.stationing_window_years', asOf, values)), -1);
    min = policyValue('R6.min_stationing_days', windowTo, values);
  } catch {
    return null;
  }
  const until = asOf < windowTo ? asOf : windowTo;
  const clipped = periods
    .map((p) => ({ from: p.from > researcherSince ? p.from : researcherSince, to: p.to < until ? p.to : until }))
    .filter((p) => p.from <= p.to)
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let days = 0;
  let coveredTo: IsoDate | null = null;
  for (const p of clipped) {
    const start = coveredTo && p.from <= coveredTo ? addDays(coveredTo, 1) : p.from;
    if (start <= p.to) days += daysInclusive(start, p.to);
    if (!coveredTo || p.to > coveredTo) coveredTo = p.to;
  }
  const left = asOf < windowTo ? daysInclusive(addDays(asOf, 1), windowTo) : 0;
  const status = days >= min ? 'met' : days + left >= min && left > 0 ? 'in_progress' : 'shortfall';
  return { status, required: min, actual: days, windowTo, facts: { windowFrom: researcherSince, windowTo, daysLeftInWindow: left } };
}

/** Credit hours for a calendar year or a probation year: counted hours against what is owed. */
export function hoursResult(required: number, counted: number, periodOpen: boolean): RuleResult {
  const status = counted >= required ? 'met' : periodOpen ? 'in_progress' : 'shortfall';
  return { status, required, actual: counted, facts: { remaining: Math.max(0, Math.round((required - counted) * 10) / 10) } };
}
