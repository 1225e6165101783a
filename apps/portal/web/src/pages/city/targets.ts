/**
 * The arithmetic of the city dashboard's R6–R9, pure so it is tested beside the rules: which stored
 * training results count for a school year, and the living-subsidy average over its accrued months.
 */
export interface SummaryRow {
  key: string | null;
  rule: string;
  period: string;
  met: number;
  shortfall: number;
  inProgress: number;
}
export interface MonthSummary {
  countyCode: string;
  month: string;
  accrued: boolean;
  paidTeachers: number;
  totalFen: number;
  floorFen: number;
}

/** Counts of one rule's results: met of all evaluated. */
export interface Tally {
  met: number;
  total: number;
  period: string | null;
}
export const emptyTally = (): Tally => ({ met: 0, total: 0, period: null });

/**
 * What each county's stored training results say for a school year: for R6 (researchers' visits) and R8
 * the latest school year evaluated up to it, for R7 the latest semester (the county's own trainings and
 * open classes, and its rural teachers' attendance).
 */
export function trainingTallies(rows: readonly SummaryRow[], schoolYear: number) {
  const yearKey = (y: number) => `${y}-${y + 1}`;
  const latest = (rule: string, ok: (period: string) => boolean) => rows.filter((r) => r.rule === rule && ok(r.period)).map((r) => r.period).sort().at(-1) ?? null;
  const schoolYears = (p: string) => /^\d{4}-\d{4}$/.test(p) && p <= yearKey(schoolYear);
  // autumn sorts before spring within a school year, as it comes first
  const semesters = (p: string) => /^\d{4}-(autumn|spring)$/.test(p) && p <= `${schoolYear}-spring`;
  const periods = { R6: latest('R6.visits', schoolYears), R7: latest('R7.teacher', semesters) ?? latest('R7.county', semesters), R8: latest('R8', schoolYears) };
  const by = new Map<string, { R6: Tally; R7: Tally; R7county: Tally; R8: Tally }>();
  const get = (county: string) => by.get(county) ?? (by.set(county, { R6: emptyTally(), R7: emptyTally(), R7county: emptyTally(), R8: emptyTally() }), by.get(county)!);
  const add = (t: Tally, r: SummaryRow) => {
    t.met += r.met;
    t.total += r.met + r.shortfall + r.inProgress;
    t.period = r.period;
  };
  for (const r of rows) {
    if (!r.key) continue;
    const c = get(r.key);
    if (r.rule === 'R6.visits' && r.period === periods.R6) add(c.R6, r);
    if (r.rule === 'R7.teacher' && r.period === periods.R7) add(c.R7, r);
    if (r.rule === 'R7.county' && r.period === periods.R7) add(c.R7county, r);
    if (r.rule === 'R8' && r.period === periods.R8) add(c.R8, r);
  }
  return { periods, byCounty: by };
}

/** R9 over a school year's accrued months: the average per teacher paid per month (Σ paid ÷ Σ teacher-months). */
export function subsidyAverages(months: readonly MonthSummary[]) {
  const by = new Map<string, { totalFen: number; teacherMonths: number; months: number; floorFen: number }>();
  for (const m of months) {
    if (!m.accrued) continue;
    const c = by.get(m.countyCode) ?? { totalFen: 0, teacherMonths: 0, months: 0, floorFen: m.floorFen };
    c.totalFen += m.totalFen;
    c.teacherMonths += m.paidTeachers;
    c.months += 1;
    c.floorFen = Math.max(c.floorFen, m.floorFen);
    by.set(m.countyCode, c);
  }
  const average = (x: { totalFen: number; teacherMonths: number }) => (x.teacherMonths > 0 ? Math.round(x.totalFen / x.teacherMonths) : null);
  const all = [...by.values()];
  const city = { totalFen: all.reduce((s, x) => s + x.totalFen, 0), teacherMonths: all.reduce((s, x) => s + x.teacherMonths, 0), floorFen: Math.max(0, ...all.map((x) => x.floorFen)) };
  return { byCounty: by, average, city: { ...city, averageFen: average(city) } };
}

