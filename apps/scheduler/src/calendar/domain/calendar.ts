import { TIME_ZONE } from '@app/rules';

/** Jiangmen's county codes; the scheduler keeps a calendar and runs jobs for each. */
export { JIANGMEN_COUNTY_CODES } from '@app/rules';

/** Cron patterns of the job schedulers are read in Jiangmen's time zone. */
export const SCHEDULER_TIME_ZONE = TIME_ZONE;

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
