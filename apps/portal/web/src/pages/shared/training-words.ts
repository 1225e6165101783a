import { fmtNumber } from '../../format';
import i18n from '../../i18n';

/** Credit hours: whole numbers as they are, halves and tenths with one decimal. */
export function fmtHours(h: number | null | undefined): string {
  if (h === null || h === undefined) return '—';
  return fmtNumber(h, Number.isInteger(h) ? 0 : 1);
}

/** A training period key ('2026-autumn', '2026-spring', '2026-2027', '2026') in words (the page has the training namespace). */
export function periodLabel(key: string): string {
  const t = i18n.t.bind(i18n);
  const m = /^(\d{4})-(autumn|spring)$/.exec(key);
  if (m) return t(`training:periods.${m[2]}`, { from: m[1], to: Number(m[1]) + 1 });
  const y = /^(\d{4})-(\d{4})$/.exec(key);
  if (y) return t('training:periods.schoolYear', { from: y[1], to: y[2] });
  if (/^\d{4}$/.test(key)) return t('training:periods.calendarYear', { year: key });
  return key;
}

export const STATUS_COLOR: Record<string, string> = { met: 'green', shortfall: 'red', in_progress: 'gold' };
