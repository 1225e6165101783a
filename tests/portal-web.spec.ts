import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monthBefore, monthLabel, monthsBetween, parseYuan, yuan } from '../apps/portal/web/src/money';
import { subsidyAverages, trainingTallies, type SummaryRow } from '../apps/portal/web/src/pages/city/targets';

/**
 * The portal's pure pieces: money and months as people read them, the city dashboard's R6–R9 arithmetic,
 * and the locales — every namespace in both languages with the same keys and the same placeholders.
 */
const LOCALES = join(__dirname, '../apps/portal/web/src/locales');

describe('money and months', () => {
  it('shows integer fen as yuan with two decimals in the locale, exactly', () => {
    expect(yuan(100000, 'zh-CN')).toBe('¥1,000.00');
    expect(yuan(100000, 'en')).toBe('¥1,000.00');
    expect(yuan(1999, 'en')).toBe('¥19.99');
    expect(yuan(1, 'zh-CN')).toBe('¥0.01');
    expect(yuan(-2350, 'en')).toBe('-¥23.50');
    expect(yuan(123456789, 'en')).toBe('¥1,234,567.89');
    expect(yuan(null, 'en')).toBe('—');
  });

  it('names months in the locale and counts them across years', () => {
    expect(monthLabel('2026-11', 'zh-CN')).toBe('2026年11月');
    expect(monthLabel('2026-11', 'en')).toBe('Nov 2026');
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2027-02', '2026-11')).toEqual([]);
    expect(monthBefore('2027-01')).toBe('2026-12');
    expect(monthBefore('2026-12', 12)).toBe('2025-12');
  });

  it('reads yuan typed by a person as integer fen, or refuses it', () => {
    expect(parseYuan('1,100.5')).toBe(110050);
    expect(parseYuan('¥900')).toBe(90000);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('12.345')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
  });
});

describe('the city dashboard: R6–R8 from stored results, R9 from closed months', () => {
  const row = (key: string, rule: string, period: string, met: number, shortfall: number, inProgress = 0): SummaryRow => ({ key, rule, period, met, shortfall, inProgress });
  const rows = [
    row('taishan', 'R7.teacher', '2025-autumn', 10, 10),
    row('taishan', 'R7.teacher', '2025-spring', 15, 5),
    row('taishan', 'R7.county', '2025-spring', 0, 1),
    row('taishan', 'R7.teacher', '2026-autumn', 18, 2),
    row('taishan', 'R8', '2025-2026', 8, 2),
    row('taishan', 'R6.visits', '2025-2026', 3, 1),
    row('kaiping', 'R7.teacher', '2025-spring', 4, 0),
    row('kaiping', 'R7.county', '2025-spring', 1, 0),
    row('kaiping', 'R8', '2024-2025', 1, 1),
  ];

  it('takes the latest semester and school year evaluated up to the one chosen', () => {
    const y2025 = trainingTallies(rows, 2025);
    expect(y2025.periods).toEqual({ R6: '2025-2026', R7: '2025-spring', R8: '2025-2026' });
    expect(y2025.byCounty.get('taishan')).toMatchObject({ R7: { met: 15, total: 20 }, R7county: { met: 0, total: 1 }, R8: { met: 8, total: 10 }, R6: { met: 3, total: 4 } });
    // a county without results for the period counts nothing for it (kaiping's R8 is of an earlier year)
    expect(y2025.byCounty.get('kaiping')).toMatchObject({ R7: { met: 4, total: 4 }, R7county: { met: 1, total: 1 }, R8: { met: 0, total: 0 } });
    const y2026 = trainingTallies(rows, 2026);
    expect(y2026.periods.R7).toBe('2026-autumn'); // autumn comes before spring in a school year
    expect(y2026.byCounty.get('taishan')!.R7).toMatchObject({ met: 18, total: 20 });
    expect(trainingTallies(rows, 2024).periods).toEqual({ R6: null, R7: null, R8: '2024-2025' });
  });

  it('averages the living subsidy per teacher paid over closed months only, against the floor', () => {
    const months = [
      { countyCode: 'enping', month: '2026-09', accrued: true, paidTeachers: 100, totalFen: 9_000_000, floorFen: 100000 },
      { countyCode: 'enping', month: '2026-10', accrued: true, paidTeachers: 100, totalFen: 10_000_000, floorFen: 100000 },
      { countyCode: 'enping', month: '2026-11', accrued: false, paidTeachers: 0, totalFen: 123, floorFen: 100000 },
      { countyCode: 'heshan', month: '2026-10', accrued: true, paidTeachers: 50, totalFen: 6_000_000, floorFen: 100000 },
    ];
    const r9 = subsidyAverages(months);
    const enping = r9.byCounty.get('enping')!;
    expect(enping).toMatchObject({ months: 2, teacherMonths: 200, totalFen: 19_000_000 });
    expect(r9.average(enping)).toBe(95000); // below the 1,000-yuan floor
    expect(r9.average(r9.byCounty.get('heshan')!)).toBe(120000);
    expect(r9.city).toMatchObject({ teacherMonths: 250, totalFen: 25_000_000, averageFen: 100000, floorFen: 100000 });
    expect(subsidyAverages([]).city.averageFen).toBeNull();
  });
});

describe('locales', () => {
  const flatten = (o: unknown, prefix = ''): Record<string, string> =>
    Object.entries(o as Record<string, unknown>).reduce<Record<string, string>>((acc, [k, v]) => (typeof v === 'string' ? { ...acc, [`${prefix}${k}`]: v } : { ...acc, ...flatten(v, `${prefix}${k}.`) }), {});
  // i18next plural forms: English has _one and _other where Chinese has one form
  const base = (key: string) => key.replace(/_(one|other|zero|two|few|many)$/, '');
  const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
  const namespaces = readdirSync(join(LOCALES, 'zh-CN')).filter((f) => f.endsWith('.json'));

  it('has every namespace in both languages', () => {
    expect(readdirSync(join(LOCALES, 'en')).filter((f) => f.endsWith('.json')).sort()).toEqual([...namespaces].sort());
    expect(namespaces).toEqual(expect.arrayContaining(['common.json', 'subsidies.json', 'training.json', 'policy.json', 'city.json']));
  });

  it.each(namespaces)('%s: the same keys and placeholders in zh-CN and en, and no empty text', (ns) => {
    const zh = flatten(JSON.parse(readFileSync(join(LOCALES, 'zh-CN', ns), 'utf8')));
    const en = flatten(JSON.parse(readFileSync(join(LOCALES, 'en', ns), 'utf8')));
    expect([...new Set(Object.keys(en).map(base))].sort()).toEqual([...new Set(Object.keys(zh).map(base))].sort());
    for (const [key, text] of Object.entries(en)) {
      const zhText = zh[key] ?? zh[base(key)] ?? zh[`${base(key)}_other`];
      expect({ key, placeholders: placeholders(text) }).toEqual({ key, placeholders: placeholders(zhText) });
      expect({ key, empty: text.trim() === '' || zhText.trim() === '' }).toEqual({ key, empty: false });
    }
  });
});

describe('the pages’ words', () => {
  const WEB = join(__dirname, '../apps/portal/web/src');
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
  const keysOf = (lng: string, ns: string): Set<string> => {
    const flat = (o: unknown, prefix = ''): string[] => Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`.replace(/_(one|other)$/, '')] : flat(v, `${prefix}${k}.`)));
    return new Set(flat(JSON.parse(readFileSync(join(WEB, 'locales', lng, `${ns}.json`), 'utf8'))));
  };

  it('finds every literal key a page asks for in its namespace, in both languages', () => {
    const missing: string[] = [];
    for (const file of files(join(WEB, 'pages')).concat(files(join(WEB, 'components')))) {
      const source = readFileSync(file, 'utf8');
      const declared = /useTranslation\((?:\[\s*)?'([\w-]+)'/.exec(source)?.[1] ?? 'common';
      for (const m of source.matchAll(/\bt\('([\w.:-]+)'/g)) {
        const [ns, key] = m[1].includes(':') ? m[1].split(':') : [declared, m[1]];
        for (const lng of ['zh-CN', 'en']) if (!keysOf(lng, ns).has(key)) missing.push(`${file.slice(WEB.length + 1)}: ${lng} ${ns}:${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
