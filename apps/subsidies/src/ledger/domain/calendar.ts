/** Calendar days and months of the ledger: the day arithmetic is the shared rules' (@app/rules). */
import { daysInclusive, fromDayNumber, toDayNumber, type IsoDate } from '@app/rules';

export { addDays, daysInclusive, fromDayNumber, toDayNumber, todayInShanghai, type IsoDate } from '@app/rules';

/** A calendar month: 'YYYY-MM', its first and last days (and their day numbers) and its length. */
export interface Month {
  month: string;
  firstDay: IsoDate;
  lastDay: IsoDate;
  first: number;
  last: number;
  days: number;
}

export function monthOf(month: string): Month {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const firstDay = `${month}-01`;
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const first = toDayNumber(firstDay);
  const last = toDayNumber(next) - 1;
  return { month, firstDay, lastDay: fromDayNumber(last), first, last, days: daysInclusive(firstDay, fromDayNumber(last)) };
}

/** The month a date falls in: '2026-11-30' → '2026-11'. */
export function monthContaining(date: IsoDate): string {
  return date.slice(0, 7);
}

/** Months from `from` to `to` inclusive, in order ('2026-11', '2027-01' → 3 months). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (let key = from; key <= to; ) {
    out.push(key);
    m = m === 12 ? 1 : m + 1;
    if (m === 1) y++;
    key = `${y}-${String(m).padStart(2, '0')}`;
  }
  return out;
}

export { JIANGMEN_COUNTY_CODES } from '@app/rules';
