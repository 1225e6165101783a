import { DomainError } from '@app/errors';

/**
 * Calendar-date arithmetic for every service's rules (one implementation: staffing, rotation, the scheduler,
 * subsidies and training all use this). Dates are 'YYYY-MM-DD' strings naming calendar days in
 * Asia/Shanghai (DESIGN.md §5); there is no time of day, so all arithmetic is done on day numbers in UTC,
 * where every day has exactly 24 hours and the server's time zone cannot shift a date.
 */
export type IsoDate = string;

export class InvalidDate extends DomainError {
  constructor(value: unknown, what = 'date') {
    super('RULES.INVALID_DATE', 'invalid', `${what} must be a calendar date 'YYYY-MM-DD', got ${JSON.stringify(value)}`, { value: String(value), what });
  }
}

const MS_PER_DAY = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: IsoDate, what?: string): [number, number, number] {
  const m = typeof date === 'string' ? ISO.exec(date) : null;
  if (!m) throw new InvalidDate(date, what);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new InvalidDate(date, what);
  return [y, mo, d];
}

/** Throws InvalidDate unless `date` is a real calendar date such as '2024-02-29' (not '2023-02-29'). */
export function assertIsoDate(date: unknown, what?: string): asserts date is IsoDate {
  parts(date as IsoDate, what);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function format(y: number, m: number, d: number): IsoDate {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/**
 * Today's date in Asia/Shanghai (DESIGN.md §5: dates are calendar days there), whatever the server's time
 * zone: 2026-12-01T17:00:00Z is already 2026-12-02 in Jiangmen.
 */
export const TIME_ZONE = 'Asia/Shanghai';

export function todayInShanghai(now: Date = new Date()): IsoDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Days since 1970-01-01. */
export function toDayNumber(date: IsoDate): number {
  const [y, m, d] = parts(date);
  if (y >= 100) return Date.UTC(y, m - 1, d) / MS_PER_DAY;
  // Date.UTC reads years 0–99 as 1900–1999
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getTime() / MS_PER_DAY;
}

export function fromDayNumber(day: number): IsoDate {
  const dt = new Date(day * MS_PER_DAY);
  return format(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * Signed number of days from `from` to `to`: daysBetween('2024-01-01', '2024-01-02') = 1. For a span whose
 * both ends are served days (inclusive), use daysInclusive.
 */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Number of days in the inclusive span [from, to]; 0 when `to` is before `from`. */
export function daysInclusive(from: IsoDate, to: IsoDate): number {
  return Math.max(0, daysBetween(from, to) + 1);
}

/**
 * The same month and day `years` later (or earlier, when negative). 29 February in a target year that is
 * not a leap year becomes 28 February: someone who started on 2016-02-29 completes a year of service on
 * 2017-02-28, not on 1 March, because anniversaries must never come later than a full calendar year.
 */
export function addYears(date: IsoDate, years: number): IsoDate {
  if (!Number.isInteger(years)) throw new DomainError('RULES.INVALID_YEARS', 'invalid', `addYears takes whole years, got ${years}`);
  const [y, m, d] = parts(date);
  const ty = y + years;
  return format(ty, m, Math.min(d, daysInMonth(ty, m)));
}

/**
 * The same day `months` later (or earlier): the day of the month is kept, or the month's last day when the
 * target month is shorter (2025-01-31 + 1 month = 2025-02-28; 2024-01-31 + 1 month = 2024-02-29).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new DomainError('RULES.INVALID_MONTHS', 'invalid', `addMonths takes whole months, got ${months}`);
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  return format(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

/** Months from the month of `from` to the month of `to` (days ignored): 2025-01-31 → 2025-05-01 is 4. */
export function monthsBetween(from: IsoDate, to: IsoDate): number {
  const [fy, fm] = parts(from);
  const [ty, tm] = parts(to);
  return (ty - fy) * 12 + (tm - fm);
}

/**
 * The date on which `years` years have passed since `since` (the anniversary). For whole years it is
 * addYears; a fractional part is taken of the following year's actual length (365 or 366 days), rounded up
 * to a whole day, so "11.5 years" is reached on the first day on which at least half of the 12th year has
 * passed.
 */
export function anniversary(since: IsoDate, years: number): IsoDate {
  if (!Number.isFinite(years) || years < 0) throw new DomainError('RULES.INVALID_YEARS', 'invalid', `a number of years must be finite and not negative, got ${years}`);
  const whole = Math.floor(years);
  const base = addYears(since, whole);
  const fraction = years - whole;
  if (fraction === 0) return base;
  const yearLength = daysBetween(base, addYears(since, whole + 1));
  return addDays(base, Math.ceil(fraction * yearLength - 1e-9));
}

/**
 * The date `years` years before `date` — the mirror of anniversary: the first day from which at most
 * `years` years remain until `date` (so "within 5 years of retirement" starts on yearsBefore(retirement, 5)).
 * Whole years use addYears (29 February → 28 February); a fractional part is taken of the preceding year's
 * actual length, rounded up to a whole day.
 */
export function yearsBefore(date: IsoDate, years: number): IsoDate {
  if (!Number.isFinite(years) || years < 0) throw new DomainError('RULES.INVALID_YEARS', 'invalid', `a number of years must be finite and not negative, got ${years}`);
  const whole = Math.floor(years);
  const base = addYears(date, -whole);
  const fraction = years - whole;
  if (fraction === 0) return base;
  const yearLength = daysBetween(addYears(date, -whole - 1), base);
  return addDays(base, -Math.ceil(fraction * yearLength - 1e-9));
}

/** True when at least `years` years have passed from `since` to `date` (on the anniversary itself: true). */
export function reachesYears(since: IsoDate, years: number, date: IsoDate): boolean {
  return anniversary(since, years) <= date;
}

/** Whole calendar years from `from` to `to` (age, years in post); 0 when `to` is before `from`. */
export function wholeYearsBetween(from: IsoDate, to: IsoDate): number {
  if (to < from) return 0;
  const [fy] = parts(from);
  const [ty] = parts(to);
  let n = ty - fy;
  while (n > 0 && addYears(from, n) > to) n--;
  return n;
}

/**
 * Exact years from `from` to `to`: whole years (by anniversary, see addYears) plus the fraction of the
 * following year, measured in that year's own length. Boundaries are exact: 2014-09-01 → 2026-09-01 is
 * exactly 12; 2014-09-02 → 2026-09-01 is 11 + 364/365, which is less than 12. Negative spans give 0.
 */
export function yearsBetween(from: IsoDate, to: IsoDate): number {
  const whole = wholeYearsBetween(from, to);
  const base = addYears(from, whole);
  if (to < base) return 0;
  const yearLength = daysBetween(base, addYears(from, whole + 1));
  return whole + daysBetween(base, to) / yearLength;
}

/**
 * Years for display in obligation facts: truncated (not rounded) to 2 decimals, so that 11 years and 364
 * days shows as 11.99 and never as a misleading 12.00 next to a 'warning'.
 */
export function displayYears(years: number): number {
  return Math.floor(years * 100 + 1e-9) / 100;
}

/**
 * The school year a date falls in, named by the calendar year it starts in (1 September – 31 August,
 * DESIGN.md §5): schoolYearOf('2026-08-31') = 2025, schoolYearOf('2026-09-01') = 2026.
 */
export function schoolYearOf(date: IsoDate): number {
  const [y, m] = parts(date);
  return m >= 9 ? y : y - 1;
}

/** 1 September of the school year named `schoolYear`: the date a rotation cycle of that year takes effect. */
export function schoolYearStart(schoolYear: number): IsoDate {
  return format(schoolYear, 9, 1);
}

/**
 * The effective date of the next rotation cycle after `date`: the first 1 September on or after the day
 * after `date` — i.e. strictly after `date`. On 1 September itself the cycle of that day has already taken
 * effect (moves approved for it start that morning), so the next one is a year later.
 */
export function nextCycleDate(date: IsoDate): IsoDate {
  return schoolYearStart(schoolYearOf(date) + 1);
}

/** The effective date of the cycle in force on `date`: the last 1 September on or before it. */
export function currentCycleDate(date: IsoDate): IsoDate {
  return schoolYearStart(schoolYearOf(date));
}

export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a <= b ? a : b);
export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a >= b ? a : b);
