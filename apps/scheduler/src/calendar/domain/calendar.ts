/** Jiangmen's county codes; the scheduler keeps a calendar and runs jobs for each. */
export const JIANGMEN_COUNTY_CODES = ['pengjiang', 'jianghai', 'xinhui', 'taishan', 'kaiping', 'heshan', 'enping'] as const;

export const SCHEDULER_TIME_ZONE = 'Asia/Shanghai';

export interface Term {
  countyCode: string;
  schoolYear: number;
  term: 'autumn' | 'spring';
  endsOn: string;
}

/** 'YYYY-MM' of the month before the given date's month, with its first and last days. */
export function previousMonth(date: string): { month: string; firstDay: string; lastDay: string } {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  const last = new Date(Date.UTC(py, pm, 0)).getUTCDate();
  const mm = String(pm).padStart(2, '0');
  return { month: `${py}-${mm}`, firstDay: `${py}-${mm}-01`, lastDay: `${py}-${mm}-${String(last).padStart(2, '0')}` };
}

/** The school year (named by its starting calendar year) a date falls in; it starts on 1 September. */
export function schoolYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= '09-01' ? year : year - 1;
}

/** Today in Asia/Shanghai, whatever the server's time zone. */
export function todayInShanghai(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: SCHEDULER_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
