import type { CalendarDay, CalendarYear } from '@app/policy';
import { addDays, assertIsoDate, todayInShanghai, TIME_ZONE, type IsoDate } from './calendar-date';

/**
 * Working days in mainland China, the one implementation every service uses for a period counted in working
 * days (an appeal period, a decision period). A day is a working day when
 * - it is not a listed public holiday (放假), and
 * - it is a listed adjusted working day (调休上班, always a Saturday or Sunday), or a Monday to Friday.
 * The holidays and adjusted days come from a calendar (@app/policy DEFAULT_HOLIDAY_CALENDAR, or what the
 * city administrator entered): data, never code. A year the calendar does not cover is counted Monday to
 * Friday, and every answer that relied on such a year says so (`assumed`), so nobody reads a guess as law.
 *
 * A deadline counted in working days ends at 23:59:59 Asia/Shanghai of its last working day (never at 00:00
 * of it): something done on that day, at any time, is in time; from 00:00 of the next day it is late.
 */
export interface WorkingCalendar {
  readonly holidays: ReadonlyMap<IsoDate, string>;
  readonly workdays: ReadonlyMap<IsoDate, string>;
  /** years the calendar has an entry for */
  readonly years: ReadonlySet<number>;
  /** years whose entry is itself an assumption (entered before the State Council's notice) */
  readonly assumedYears: ReadonlySet<number>;
}

/** The calendar of these years (one entry per year; a later entry for the same year replaces an earlier one). */
export function workingCalendar(years: readonly CalendarYear[]): WorkingCalendar {
  const byYear = new Map<number, CalendarYear>();
  for (const y of years) byYear.set(y.year, y);
  const holidays = new Map<IsoDate, string>();
  const workdays = new Map<IsoDate, string>();
  const assumedYears = new Set<number>();
  for (const y of byYear.values()) {
    for (const d of y.holidays) holidays.set(d.date, d.name);
    for (const d of y.workdays) workdays.set(d.date, d.name);
    if (y.status === 'assumption') assumedYears.add(y.year);
  }
  return { holidays, workdays, years: new Set(byYear.keys()), assumedYears };
}

const yearOf = (date: IsoDate) => Number(date.slice(0, 4));

/** 0 = Sunday … 6 = Saturday, for a calendar date (no time zone involved). */
export function weekday(date: IsoDate): number {
  assertIsoDate(date);
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isWorkingDay(date: IsoDate, cal: WorkingCalendar): boolean {
  if (cal.holidays.has(date)) return false;
  if (cal.workdays.has(date)) return true;
  const d = weekday(date);
  return d !== 0 && d !== 6;
}

/** What a day is, in words for people (zh / en). */
export function describeDay(date: IsoDate, cal: WorkingCalendar): { working: boolean; kind: 'holiday' | 'adjusted_workday' | 'weekend' | 'weekday'; name: string | null; assumed: boolean } {
  const assumed = !cal.years.has(yearOf(date)) || cal.assumedYears.has(yearOf(date));
  const holiday = cal.holidays.get(date);
  if (holiday !== undefined) return { working: false, kind: 'holiday', name: holiday, assumed };
  const workday = cal.workdays.get(date);
  if (workday !== undefined) return { working: true, kind: 'adjusted_workday', name: workday, assumed };
  const d = weekday(date);
  return d === 0 || d === 6 ? { working: false, kind: 'weekend', name: null, assumed } : { working: true, kind: 'weekday', name: null, assumed };
}

export class WorkingDaysOutOfRange extends Error {
  constructor(n: number) {
    super(`a period counts 0 to 366 working days, not ${n}`);
  }
}

/**
 * The n-th working day after `date` (day 1 is the first working day after it, whatever `date` itself is);
 * n = 0 is `date` itself. An appeal period of 5 working days from a plan approved on Wednesday 2027-07-07
 * ends on Wednesday 2027-07-14.
 */
export function addWorkingDays(date: IsoDate, n: number, cal: WorkingCalendar): IsoDate {
  assertIsoDate(date);
  if (!Number.isInteger(n) || n < 0 || n > 366) throw new WorkingDaysOutOfRange(n);
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

/** The instant a deadline on this day ends: 23:59:59 Asia/Shanghai (UTC+8, no daylight saving). */
export function endOfDayInShanghai(date: IsoDate): string {
  assertIsoDate(date);
  return `${date}T23:59:59+08:00`;
}

/** True from 00:00 Asia/Shanghai of the day after the deadline's last day. */
export function deadlinePassed(lastDay: IsoDate, now: Date): boolean {
  return todayInShanghai(now) > lastDay;
}

/** "2027-07-14 23:59 (Asia/Shanghai)": how a deadline is written wherever people read it. */
export function formatDeadline(lastDay: IsoDate): string {
  return `${lastDay} 23:59 (${TIME_ZONE})`;
}

/** "2027年07月14日23:59（北京时间）" */
export function formatDeadlineZh(lastDay: IsoDate): string {
  return `${lastDay.slice(0, 4)}年${lastDay.slice(5, 7)}月${lastDay.slice(8, 10)}日23:59（北京时间）`;
}

export interface WorkingDayDeadline {
  /** the last working day of the period */
  date: IsoDate;
  /** when it ends: 23:59:59 Asia/Shanghai of that day */
  endsAt: string;
  /** the period crosses a year the calendar does not cover, or covers only by assumption */
  assumed: boolean;
  /** those years */
  assumedYears: number[];
}

/** A period of n working days counted from `from` (the day something was told, filed…), and how sure it is. */
export function workingDayDeadline(from: IsoDate, n: number, cal: WorkingCalendar): WorkingDayDeadline {
  const date = addWorkingDays(from, n, cal);
  const assumedYears: number[] = [];
  for (let y = yearOf(from); y <= yearOf(date); y++) if (!cal.years.has(y) || cal.assumedYears.has(y)) assumedYears.push(y);
  return { date, endsAt: endOfDayInShanghai(date), assumed: assumedYears.length > 0, assumedYears };
}

/**
 * What is wrong with a year's calendar as an administrator entered it, each problem in a sentence; empty
 * when nothing is. Dates must be real days of that year, listed once; a day cannot be both a holiday and
 * an adjusted working day; an adjusted working day is a Saturday or Sunday (a weekday is a working day
 * anyway); every day has a name and the year a source.
 */
export function calendarYearProblems(y: CalendarYear): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(y.year) || y.year < 2000 || y.year > 2100) problems.push(`year ${y.year} is not between 2000 and 2100`);
  if (y.source.trim().length < 10) problems.push('the source must name the notice (title, number, date)');
  const seen = new Map<string, string>();
  const check = (d: CalendarDay, kind: 'holiday' | 'workday') => {
    try {
      assertIsoDate(d.date);
    } catch {
      problems.push(`${kind} ${JSON.stringify(d.date)} is not a calendar date`);
      return;
    }
    if (yearOf(d.date) !== y.year) problems.push(`${kind} ${d.date} is not in ${y.year}`);
    if (d.name.trim().length === 0) problems.push(`${kind} ${d.date} has no name`);
    const before = seen.get(d.date);
    if (before) problems.push(before === kind ? `${d.date} is listed twice` : `${d.date} is listed both as a holiday and as an adjusted working day`);
    seen.set(d.date, kind);
    if (kind === 'workday') {
      const wd = new Date(`${d.date}T00:00:00Z`).getUTCDay();
      if (wd !== 0 && wd !== 6) problems.push(`adjusted working day ${d.date} is a weekday, a working day anyway: only a Saturday or Sunday can be one`);
    }
  };
  for (const d of y.holidays) check(d, 'holiday');
  for (const d of y.workdays) check(d, 'workday');
  return problems;
}
