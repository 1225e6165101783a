import { EXAMPLE_SCHEME_RULES, type SchemeRules, type SchemeVersion } from '../../scheme/domain/scheme';
import { accrueCounty, accrueTeacherMonths, roundHalfUp, ruralDaysBefore, SchoolIndex, type SchoolHistory, type TeacherFacts } from './accrual';
import { monthOf, toDayNumber } from './calendar';

// Rates of the example scheme, in fen: tier 1: 700 / 900 / 1,100 yuan; tier 2: 900 / 1,100 / 1,300; tier 3: 1,100 / 1,300 / 1,500.
const scheme = (rules: Partial<SchemeRules> = {}, version = 1, effectiveFrom = '2018-01-01'): SchemeVersion => ({
  countyCode: 'taishan',
  version,
  effectiveFrom,
  source: 'test',
  rules: { ...EXAMPLE_SCHEME_RULES, ...rules },
  createdBy: 'test',
  createdAt: '2026-01-01T00:00:00Z',
});
const school = (schoolId: string, remoteTier: number, extra: Partial<SchoolHistory['facts'][number]> = {}, more: SchoolHistory['facts'] = []): SchoolHistory => ({
  schoolId,
  facts: [{ effectiveFrom: '1900-01-01', remoteTier, rural: true, type: 'village_primary', ...extra }, ...more],
});
const SCHOOLS = [school('s1', 1), school('s2', 2), school('s3', 3), school('town', 0, { rural: false, type: 'county_town' })];
const onEstablishment = [{ type: 'on_establishment' as const, effectiveFrom: '2010-09-01' }];
/** A teacher with `years` full years at a rural school before 2016-09-01 (so their band is known). */
const teacher = (appointments: TeacherFacts['appointments'], extra: Partial<TeacherFacts> = {}): TeacherFacts => ({
  teacherId: 't1',
  appointments,
  establishment: onEstablishment,
  absences: [],
  ...extra,
});
const appt = (appointmentId: string, schoolId: string, startDate: string, endDate: string | null = null, workloadShare = 1) => ({ appointmentId, schoolId, workloadShare, startDate, endDate });
const run = (t: TeacherFacts, month: string, schools = SCHOOLS, versions = [scheme()]) => accrueCounty([t], monthOf(month), schools, versions);

describe('monthly accrual (R9)', () => {
  it('pays a full month at the rate of the tier × band, with its trace', () => {
    // 2022-09-01 → 2026-11: 4 years at a rural school, band 0-5, tier 2: 900 yuan
    const { lines, exceptions } = run(teacher([appt('a1', 's2', '2022-09-01')]), '2026-11');
    expect(exceptions).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ schoolId: 's2', month: '2026-11', amountFen: 90000, daysCounted: 30, tier: 2, band: '0-5', rateFen: 90000, shareMilli: 1000 });
    expect(lines[0].trace.counted).toEqual([{ from: '2026-11-01', to: '2026-11-30', days: 30, appointmentId: 'a1', tier: 2, band: '0-5', shareMilli: 1000, rateFen: 90000, schemeVersion: 1 }]);
    expect(lines[0].trace.excluded).toEqual([]);
  });

  it('splits a move in the middle of a month between the two schools by days', () => {
    // tier 1 until 15 November, tier 3 from the 16th; both in band 0-5
    const t = teacher([appt('a1', 's1', '2024-09-01', '2026-11-15'), appt('a2', 's3', '2026-11-16')]);
    const { lines } = run(t, '2026-11');
    const bySchool = Object.fromEntries(lines.map((l) => [l.schoolId, l]));
    expect(bySchool.s1).toMatchObject({ daysCounted: 15, amountFen: 35000 }); // 70000 × 15 / 30
    expect(bySchool.s3).toMatchObject({ daysCounted: 15, amountFen: 55000 }); // 110000 × 15 / 30
    expect(bySchool.s3.trace.counted[0]).toMatchObject({ from: '2026-11-16', to: '2026-11-30', appointmentId: 'a2' });
  });

  it('divides by the 29 days of February in a leap year', () => {
    const t = teacher([appt('a1', 's1', '2023-09-01', '2024-02-10'), appt('a2', 'town', '2024-02-11')]);
    const { lines } = run(t, '2024-02');
    // 10 days of 29 at 700 yuan: 70000 × 10 / 29 = 24137.93… → 24138
    expect(lines).toEqual([expect.objectContaining({ schoolId: 's1', daysCounted: 10, amountFen: 24138 })]);
    expect(lines[0].trace.daysInMonth).toBe(29);
    const common = run(teacher([appt('a1', 's1', '2022-09-01')]), '2023-02').lines[0];
    expect([common.trace.daysInMonth, common.amountFen]).toEqual([28, 70000]);
  });

  it('pays two half-time shares at two eligible schools pro rata, each on its own line', () => {
    const t = teacher([appt('a1', 's1', '2025-09-01', null, 0.5), appt('a2', 's2', '2025-09-01', null, 0.5)]);
    const { lines } = run(t, '2026-03');
    expect(lines.map((l) => [l.schoolId, l.amountFen, l.shareMilli])).toEqual([
      ['s1', 35000, 500],
      ['s2', 45000, 500],
    ]);
  });

  it('pays nothing where a part-time share is under the threshold, when the scheme says so', () => {
    const t = teacher([appt('a1', 's1', '2025-09-01', null, 0.3), appt('a2', 's2', '2025-09-01', null, 0.7)]);
    const { lines } = run(t, '2026-03', SCHOOLS, [scheme({ partTime: { mode: 'threshold', minShare: 0.5 } })]);
    expect(lines.map((l) => [l.schoolId, l.amountFen])).toEqual([
      ['s1', 0],
      ['s2', 63000],
    ]);
    expect(lines[0].trace.excluded).toEqual([expect.objectContaining({ reason: 'share_below_threshold', days: 31 })]);
  });

  it('moves to the next band on the day five years of rural service are complete', () => {
    // rural service from 2021-11-11: 5 × 365 days are complete before 2026-11-10 (1,826 days incl. 2024-02-29)
    const t = teacher([appt('a1', 's1', '2021-11-11')]);
    const schools = new SchoolIndex(SCHOOLS);
    const start = toDayNumber('2021-11-11');
    const crossing = start + 5 * 365; // the first day with 1,825 days served before it
    expect(ruralDaysBefore(t.appointments, schools, crossing)).toBe(5 * 365);
    const { lines } = run(t, '2026-11');
    const [before, after] = lines[0].trace.counted;
    expect(before).toMatchObject({ band: '0-5', rateFen: 70000, from: '2026-11-01' });
    expect(after).toMatchObject({ band: '5-10', rateFen: 90000, to: '2026-11-30' });
    expect(toDayNumber(after.from)).toBe(crossing);
    // 70000 × 9 + 90000 × 21 over 30 days
    expect(lines[0].amountFen).toBe(roundHalfUp(70000 * 1000 * before.days + 90000 * 1000 * after.days, 30000));
    expect(before.days + after.days).toBe(30);
  });

  it('counts only rural service towards the band', () => {
    const t = teacher([appt('a0', 'town', '2010-09-01', '2024-08-31'), appt('a1', 's1', '2024-09-01')]);
    expect(run(t, '2026-11').lines[0].band).toBe('0-5');
  });

  it('stops for ten days of unpaid leave and says so in the trace', () => {
    const t = teacher([appt('a1', 's2', '2022-09-01')], { absences: [{ absenceId: 'x', kind: 'unpaid_leave', startDate: '2026-11-11', endDate: '2026-11-20' }] });
    const { lines } = run(t, '2026-11');
    expect(lines[0]).toMatchObject({ daysCounted: 20, amountFen: 60000 }); // 90000 × 20 / 30
    expect(lines[0].trace.excluded).toEqual([{ from: '2026-11-11', to: '2026-11-20', days: 10, appointmentId: 'a1', reason: 'absence', detail: 'unpaid_leave' }]);
    expect(lines[0].trace.counted.map((s) => [s.from, s.to])).toEqual([
      ['2026-11-01', '2026-11-10'],
      ['2026-11-21', '2026-11-30'],
    ]);
  });

  it('keeps paying paid leave for the scheme’s number of days, counted from the start of the leave', () => {
    // 30 days allowed; the leave began on 20 October, so 19 November is its 31st day
    const t = teacher([appt('a1', 's2', '2022-09-01')], { absences: [{ absenceId: 'x', kind: 'paid_leave', startDate: '2026-10-20', endDate: null }] });
    const { lines } = run(t, '2026-11');
    expect(lines[0].daysCounted).toBe(18);
    expect(lines[0].trace.excluded).toEqual([expect.objectContaining({ from: '2026-11-19', to: '2026-11-30', reason: 'paid_leave_beyond_limit' })]);
  });

  it('pays only the establishment types the scheme names, and reports a teacher without one', () => {
    const contract = run(teacher([appt('a1', 's2', '2022-09-01')], { establishment: [{ type: 'contract', effectiveFrom: '2022-09-01' }] }), '2026-11');
    expect(contract.lines[0]).toMatchObject({ amountFen: 0, daysCounted: 0 });
    expect(contract.lines[0].trace.excluded[0]).toMatchObject({ reason: 'establishment_not_paid', detail: 'contract', days: 30 });
    const changed = run(teacher([appt('a1', 's2', '2022-09-01')], { establishment: [{ type: 'contract', effectiveFrom: '2022-09-01' }, { type: 'special_post', effectiveFrom: '2026-11-16' }] }), '2026-11');
    expect(changed.lines[0]).toMatchObject({ amountFen: 45000, daysCounted: 15 });
    const none = run(teacher([appt('a1', 's2', '2022-09-01')], { establishment: [] }), '2026-11');
    expect(none.lines[0].amountFen).toBe(0);
    expect(none.exceptions).toEqual([expect.objectContaining({ code: 'NO_ESTABLISHMENT', teacherId: 't1', schoolId: 's2', days: 30 })]);
  });

  it('pays nothing at schools outside the scheme: not rural, no tier, an excluded type', () => {
    const schools = [...SCHOOLS, school('nt', 0), school('kg', 2, { type: 'kindergarten_county_town' })];
    const t = teacher([appt('a1', 'town', '2022-09-01', null, 0.4), appt('a2', 'nt', '2022-09-01', null, 0.3), appt('a3', 'kg', '2022-09-01', null, 0.3)]);
    const { lines, exceptions } = run(t, '2026-11', schools);
    expect(lines).toEqual([]);
    expect(exceptions).toEqual([expect.objectContaining({ code: 'SCHOOL_WITHOUT_TIER', schoolId: 'nt' })]);
  });

  it('reports shares over 1 on a day', () => {
    const t = teacher([appt('a1', 's1', '2025-09-01', null, 0.8), appt('a2', 's2', '2026-11-25', null, 0.5)]);
    expect(run(t, '2026-11').exceptions).toEqual([expect.objectContaining({ code: 'SHARES_OVER_ONE', firstDay: '2026-11-25', days: 6, detail: '1.3' })]);
  });

  it('applies the scheme version and the school tier in force on each day', () => {
    const v2 = scheme({ amountsFen: { '1': [80000, 100000, 120000], '2': [100000, 120000, 140000], '3': [120000, 140000, 160000] } }, 2, '2026-11-21');
    const schools = [school('s1', 1, {}, [{ effectiveFrom: '2026-11-11', remoteTier: 2, rural: true, type: 'village_primary' }])];
    const { lines, schemeVersions } = run(teacher([appt('a1', 's1', '2024-09-01')]), '2026-11', schools, [scheme(), v2]);
    expect(schemeVersions).toEqual([1, 2]);
    expect(lines[0].trace.counted.map((s) => [s.from, s.tier, s.rateFen, s.schemeVersion])).toEqual([
      ['2026-11-01', 1, 70000, 1],
      ['2026-11-11', 2, 90000, 1],
      ['2026-11-21', 2, 100000, 2],
    ]);
    expect(lines[0].amountFen).toBe(roundHalfUp((70000 * 10 + 90000 * 10 + 100000 * 10) * 1000, 30000));
    expect(lines[0].tier).toBe(2);
  });

  it('reports a month with days before the first scheme version', () => {
    const { lines, exceptions } = run(teacher([appt('a1', 's1', '2016-09-01')]), '2017-12');
    expect(lines).toEqual([]);
    expect(exceptions).toEqual([expect.objectContaining({ code: 'NO_SCHEME', days: 31 })]);
  });

  it('rounds half up once per line, never per day or per run', () => {
    expect(roundHalfUp(5, 10)).toBe(1);
    expect(roundHalfUp(4, 10)).toBe(0);
    expect(roundHalfUp(15, 10)).toBe(2);
    expect(roundHalfUp(-15, 10)).toBe(-2);
    // 1/3 share for 31 days at 1,100 yuan: 110000 × 333 / 1000 = 36630 exactly
    const third = run(teacher([appt('a1', 's3', '2025-09-01', null, 0.333)]), '2026-12');
    expect(third.lines[0].amountFen).toBe(36630);
    // 7 days of 31 at 700 yuan: 70000 × 7 / 31 = 15806.45… → 15806; 16 days: 36129.03… → 36129. Per-day rounding
    // (2258.06… → 2258 × 7 = 15806, × 16 = 36128) would lose a fen on the second.
    const short = (days: number) => run(teacher([appt('a1', 's1', '2024-09-01', `2026-12-${String(days).padStart(2, '0')}`)]), '2026-12').lines[0].amountFen;
    expect(short(7)).toBe(15806);
    expect(short(16)).toBe(36129);
  });

  it('recomputes one teacher over several months with the same rules', () => {
    const t = teacher([appt('a1', 's2', '2022-09-01')]);
    const lines = accrueTeacherMonths(t, [monthOf('2026-10'), monthOf('2026-11')], SCHOOLS, [scheme()]);
    expect(lines.map((l) => [l.month, l.amountFen])).toEqual([
      ['2026-10', 90000],
      ['2026-11', 90000],
    ]);
  });
});
