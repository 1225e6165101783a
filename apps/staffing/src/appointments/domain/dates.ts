/** Calendar dates as 'YYYY-MM-DD' strings (Asia/Shanghai calendar days; no time of day). */
export type IsoDate = string;

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Today in Asia/Shanghai, whatever the server's time zone. */
export function todayInShanghai(now: Date = new Date()): IsoDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Whole years between two dates (age, years of service). */
export function wholeYearsBetween(from: IsoDate, to: IsoDate): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

/**
 * The school year a date falls in, named by the calendar year it starts in. A school year runs from
 * 1 September to 31 August (DESIGN.md §5); quotas are approved per school year.
 */
export function schoolYearOf(date: IsoDate): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= '09-01' ? year : year - 1;
}
