/**
 * Money and months as people read them, pure (no i18n state), so they can be tested beside the rules:
 * amounts are integer fen from the services, shown as yuan with two decimals in the reader's locale.
 */

/** 100000 fen → "¥1,000.00" (zh-CN and en alike); negative for a recovery: "-¥23.50". */
export function yuan(fen: number | null | undefined, locale: string): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  // the digits from integer arithmetic, so 1999 fen is exactly 19.99 whatever binary floating point does
  const sign = fen < 0 ? -1 : 1;
  const abs = Math.abs(Math.round(fen));
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return format.format(sign * (whole + cents / 100));
}

/** A month 'YYYY-MM' as a label: "2026年11月" / "Nov 2026". */
export function monthLabel(month: string, locale: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 15)));
}

/** The months from `from` to `to` ('YYYY-MM', both included), oldest first. */
export function monthsBetween(from: string, to: string): string[] {
  const index = (s: string) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7)) - 1;
  const out: string[] = [];
  for (let i = index(from); i <= index(to); i++) out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return out;
}

/** The month `back` months before `month` ('YYYY-MM'). */
export function monthBefore(month: string, back = 1): string {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 - back;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** Yuan typed by a person ("1,100.5", "1100") → integer fen, or null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const clean = text.replace(/[,，\s¥元]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  const [whole, frac = ''] = clean.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}
