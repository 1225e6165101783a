/**
 * Calendar dates ('YYYY-MM-DD', Asia/Shanghai days) and the periods training rules are counted in:
 * semesters (R7), school years (R8, R6), calendar years (credit hours: Guangdong closes each year on
 * 31 December without carry-over). A school year runs 1 September – 31 August and is named by the year
 * it starts in; its autumn semester runs to 31 January, its spring semester from 1 February.
 */
export type IsoDate = string;
export type Term = 'autumn' | 'spring';

export interface Period {
  /** '2026-autumn', '2026-spring', '2026-2027' (school year) or '2026' (calendar year) */
  key: string;
  from: IsoDate;
  to: IsoDate;
}

const DAY = 86_400_000;
const toMs = (d: IsoDate) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromMs(toMs(date) + days * DAY);
}

/** The same month and day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '02-28' : md}`;
}

/** Days from `from` to `to`, both counted (0 when `to` is before `from`). */
export function daysInclusive(from: IsoDate, to: IsoDate): number {
  return Math.max(0, Math.round((toMs(to) - toMs(from)) / DAY) + 1);
}

export function todayInShanghai(now: Date = new Date()): IsoDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function schoolYearOf(date: IsoDate): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= '09-01' ? year : year - 1;
}

export function semester(schoolYear: number, term: Term): Period {
  return term === 'autumn'
    ? { key: `${schoolYear}-autumn`, from: `${schoolYear}-09-01`, to: `${schoolYear + 1}-01-31` }
    : { key: `${schoolYear}-spring`, from: `${schoolYear + 1}-02-01`, to: `${schoolYear + 1}-08-31` };
}

export function semesterOf(date: IsoDate): { schoolYear: number; term: Term } {
  const schoolYear = schoolYearOf(date);
  return { schoolYear, term: date.slice(5) >= '09-01' || date.slice(5) < '02-01' ? 'autumn' : 'spring' };
}

export function schoolYearPeriod(schoolYear: number): Period {
  return { key: `${schoolYear}-${schoolYear + 1}`, from: `${schoolYear}-09-01`, to: `${schoolYear + 1}-08-31` };
}

export function calendarYearPeriod(year: number): Period {
  return { key: String(year), from: `${year}-01-01`, to: `${year}-12-31` };
}

export const within = (date: IsoDate, p: Pick<Period, 'from' | 'to'>) => date >= p.from && date <= p.to;
