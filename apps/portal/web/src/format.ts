import i18n from './i18n';
import { monthLabel, yuan } from './money';

/** Dates and numbers in the reader's language; instants shown in Asia/Shanghai. */
const TZ = 'Asia/Shanghai';

/** A calendar date 'YYYY-MM-DD' (no time zone of its own). */
export function fmtDate(date: string | null | undefined): string {
  if (!date) return '—';
  const d = new Date(`${date.slice(0, 10)}T12:00:00Z`);
  return new Intl.DateTimeFormat(i18n.language, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
}

/** An instant (ISO timestamp), in Shanghai time. */
export function fmtTime(at: string | null | undefined): string {
  if (!at) return '—';
  return new Intl.DateTimeFormat(i18n.language, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: TZ }).format(new Date(at));
}

export function fmtNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return new Intl.NumberFormat(i18n.language, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}

export function fmtPercent(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '—';
  return new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits }).format(share);
}

/** Today's calendar date in Shanghai. */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Whole days from today (Shanghai) to a date; negative when past. */
export function daysUntil(date: string): number {
  const a = Date.parse(`${today()}T00:00:00Z`);
  const b = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  return Math.round((b - a) / 86400000);
}

/** The school year a date falls in, named by the year it starts (1 September). */
export function schoolYearOf(date: string): number {
  const y = Number(date.slice(0, 4));
  return date.slice(5) >= '09-01' ? y : y - 1;
}

/** Integer fen as yuan with two decimals, in the reader's language ("¥1,000.00"). */
export function fmtYuan(fen: number | null | undefined): string {
  return yuan(fen, i18n.language);
}

/** A month 'YYYY-MM' in the reader's language ("2026年11月", "Nov 2026"). */
export function fmtMonth(month: string | null | undefined): string {
  return month ? monthLabel(month, i18n.language) : '—';
}

/** This month in Shanghai, 'YYYY-MM'. */
export function thisMonth(): string {
  return today().slice(0, 7);
}

/** The words of a text the services give in both languages ({ zh, en }), in the reader's language. */
export function inLanguage(words: { zh: string; en: string } | null | undefined): string {
  if (!words) return '';
  return i18n.language === 'en' ? words.en : words.zh;
}

/** The calendar day (Asia/Shanghai) of an instant, in the reader's language. */
export function fmtDay(at: string | null | undefined): string {
  if (!at) return '—';
  return new Intl.DateTimeFormat(i18n.language, { year: 'numeric', month: 'short', day: 'numeric', timeZone: TZ }).format(new Date(at));
}

/** Items as a list in the reader's language ("甲、乙和丙", "a, b and c"). */
export function fmtList(items: readonly string[]): string {
  return new Intl.ListFormat(i18n.language, { style: 'long', type: 'conjunction' }).format(items);
}

/** Sentences or clauses one after another, with the reader's separator. */
export function joinClauses(items: readonly string[]): string {
  return items.join(i18n.language === 'en' ? '; ' : '；');
}
