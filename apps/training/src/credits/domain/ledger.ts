import { CREDIT_CATEGORIES } from '@app/contracts';
import { policyValue, type PolicyValue } from '@app/policy';
import type { CreditCategory } from '../../activities/domain/activity';
import { addDays, addYears, type IsoDate } from '../../calendar/domain/periods';

/**
 * The credit ledger is append-only: a posting is never changed, a wrong one is reversed by an entry of
 * the opposite sign that names it. Hours count in the calendar year they were earned in (Guangdong
 * closes each year on 31 December, nothing carries over); online hours count up to a yearly cap.
 */
export interface LedgerEntry {
  id: string;
  activityId: string;
  earnedOn: IsoDate;
  creditYear: number;
  category: CreditCategory;
  hours: number;
  reversesId: string | null;
}

export interface Posting {
  activityId: string;
  earnedOn: IsoDate;
  category: CreditCategory;
  hours: number;
}

/**
 * What to append so that a teacher's entries for one activity say `wanted`: nothing when they already
 * do; otherwise a reversal of each live posting, then the new posting (if any hours).
 */
export function ledgerChanges(entries: readonly LedgerEntry[], wanted: Posting | null): { reverse: LedgerEntry[]; post: Posting | null } {
  const reversed = new Set(entries.filter((e) => e.reversesId).map((e) => e.reversesId));
  const live = entries.filter((e) => !e.reversesId && !reversed.has(e.id));
  const want = wanted && wanted.hours > 0 ? wanted : null;
  if (live.length === 1 && want && live[0].hours === want.hours && live[0].category === want.category && live[0].earnedOn === want.earnedOn) return { reverse: [], post: null };
  if (live.length === 0 && !want) return { reverse: [], post: null };
  return { reverse: live, post: want };
}

export interface YearHours {
  year: number;
  byCategory: Record<CreditCategory, number>;
  /** every hour posted in the year */
  total: number;
  /** what counts toward the requirement: online hours only up to the cap */
  counted: number;
  /** online hours over the cap (not counted) */
  onlineOverCap: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function yearTotals(entries: readonly Pick<LedgerEntry, 'creditYear' | 'category' | 'hours'>[], values: readonly PolicyValue[]): YearHours[] {
  const years = new Map<number, Record<CreditCategory, number>>();
  for (const e of entries) {
    let row = years.get(e.creditYear);
    if (!row) years.set(e.creditYear, (row = Object.fromEntries(CREDIT_CATEGORIES.map((c) => [c, 0])) as Record<CreditCategory, number>));
    row[e.category] += e.hours;
  }
  return [...years.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, raw]) => {
      const byCategory = Object.fromEntries(CREDIT_CATEGORIES.map((c) => [c, round1(raw[c])])) as Record<CreditCategory, number>;
      const total = round1(CREDIT_CATEGORIES.reduce((s, c) => s + byCategory[c], 0));
      const cap = policyValue('credits.online_max_hours_per_year', `${year}-12-31`, values);
      const online = Math.min(byCategory.online, cap);
      return { year, byCategory, total, counted: round1(total - byCategory.online + online), onlineOverCap: round1(byCategory.online - online) };
    });
}

/** The 5-year cycle a year falls in, counted from the policy's first cycle year. */
export function cycleOf(year: number, values: readonly PolicyValue[]): { from: number; to: number } {
  const date = `${year}-12-31`;
  const start = policyValue('credits.cycle_start_year', date, values);
  const length = policyValue('credits.cycle_years', date, values);
  const from = start + Math.floor((year - start) / length) * length;
  return { from, to: from + length - 1 };
}

/** Hours one teacher owes for a calendar year: the annual hours if in service on 1 January, else none (the probation rule covers a first year). */
export function annualRequirement(firstServiceDate: IsoDate, year: number, values: readonly PolicyValue[]): number {
  return firstServiceDate < `${year}-01-01` ? policyValue('credits.annual_hours', `${year}-12-31`, values) : 0;
}

export interface CycleProgress {
  cycle: { from: number; to: number };
  /** 360, or the annual hours of the cycle's years in service for a teacher who started inside it */
  required: number;
  counted: number;
  remaining: number;
  thisYear: { year: number; required: number; counted: number; remaining: number; met: boolean };
}

export function cycleProgress(firstServiceDate: IsoDate, years: readonly YearHours[], asOf: IsoDate, values: readonly PolicyValue[]): CycleProgress {
  const year = Number(asOf.slice(0, 4));
  const cycle = cycleOf(year, values);
  let owed = 0;
  for (let y = cycle.from; y <= cycle.to; y++) owed += annualRequirement(firstServiceDate, y, values);
  const required = Math.min(owed, policyValue('credits.cycle_hours', asOf, values));
  const counted = round1(years.filter((y) => y.year >= cycle.from && y.year <= cycle.to).reduce((s, y) => s + y.counted, 0));
  const now = years.find((y) => y.year === year)?.counted ?? 0;
  const yearRequired = annualRequirement(firstServiceDate, year, values);
  return {
    cycle,
    required,
    counted,
    remaining: round1(Math.max(0, required - counted)),
    thisYear: { year, required: yearRequired, counted: now, remaining: round1(Math.max(0, yearRequired - now)), met: now >= yearRequired },
  };
}

/** The probation (first) year of service, [first service date, one year later). */
export function probationYear(firstServiceDate: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: firstServiceDate, to: addDays(addYears(firstServiceDate, 1), -1) };
}

/** Hours earned in the probation year (online hours capped like any year's). */
export function probationHours(firstServiceDate: IsoDate, entries: readonly LedgerEntry[], values: readonly PolicyValue[]): { from: IsoDate; to: IsoDate; required: number; counted: number } {
  const p = probationYear(firstServiceDate);
  const inYear = entries.filter((e) => e.earnedOn >= p.from && e.earnedOn <= p.to).map((e) => ({ ...e, creditYear: Number(p.to.slice(0, 4)) }));
  const counted = yearTotals(inYear, values)[0]?.counted ?? 0;
  return { ...p, required: policyValue('credits.probation_hours', p.to, values), counted };
}
