import { DEFAULT_POLICY, PolicyNotInForce, type PolicyValue } from '@app/policy';
import { InvalidDate } from './calendar-date';
import type { TenureAppointment as AppointmentFacts } from './facts';
import { currentSchoolTenure, isEligibleByTenure, leaderTenure, leaderTenures, yearsAtCurrentSchool } from './tenure';

let seq = 0;
function appt(p: Partial<AppointmentFacts> & Pick<AppointmentFacts, 'startDate'>): AppointmentFacts {
  seq += 1;
  return {
    appointmentId: `a${String(seq).padStart(3, '0')}`,
    schoolId: 'S1',
    schoolType: 'township_central',
    kind: 'regular',
    role: 'principal',
    endDate: null,
    ...p,
  };
}

describe('leaderTenure (R2)', () => {
  it('measures exact years in post: 12 on the anniversary, not the day before', () => {
    const a = [appt({ startDate: '2014-09-01' })];
    expect(leaderTenure(a, '2026-09-01')).toMatchObject({ schoolId: 'S1', role: 'principal', since: '2014-09-01', years: 12, plannedEnd: null });
    expect(leaderTenure(a, '2026-08-31')!.years).toBeLessThan(12);
    expect(leaderTenure(a, '2026-08-31')!.years).toBeCloseTo(11 + 364 / 365, 10);
  });

  it('counts a tenure from 29 February in exact years (28 February in common years)', () => {
    const a = [appt({ startDate: '2016-02-29' })];
    expect(leaderTenure(a, '2027-02-28')!.years).toBe(11);
    expect(leaderTenure(a, '2027-02-27')!.years).toBeLessThan(11);
    expect(leaderTenure(a, '2028-02-29')!.years).toBe(12);
    expect(leaderTenure(a, '2028-02-28')!.years).toBeLessThan(12);
  });

  it('is null for a teacher without a leadership post on the date', () => {
    expect(leaderTenure([appt({ startDate: '2010-09-01', role: 'teacher' })], '2026-01-01')).toBeNull();
    expect(leaderTenure([appt({ startDate: '2010-09-01', endDate: '2025-08-31' })], '2026-01-01')).toBeNull();
    expect(leaderTenure([appt({ startDate: '2026-09-01' })], '2026-01-01')).toBeNull();
    expect(leaderTenure([], '2026-01-01')).toBeNull();
  });

  it('counts vice-principals and secretaries as leaders too', () => {
    expect(leaderTenure([appt({ startDate: '2015-09-01', role: 'vice_principal' })], '2026-01-01')).toMatchObject({ role: 'vice_principal', since: '2015-09-01' });
    expect(leaderTenure([appt({ startDate: '2015-09-01', role: 'secretary' })], '2026-01-01')).toMatchObject({ role: 'secretary' });
    expect(leaderTenure([appt({ startDate: '2015-09-01', role: 'researcher' })], '2026-01-01')).toBeNull();
  });

  it('continues through a re-appointment without a gap, and knows a later continuation', () => {
    const first = appt({ startDate: '2014-09-01', endDate: '2018-08-31' });
    const second = appt({ startDate: '2018-09-01', endDate: '2026-08-31' });
    const third = appt({ startDate: '2026-09-01' });
    expect(leaderTenure([second, first], '2020-01-01')).toMatchObject({ since: '2014-09-01', plannedEnd: '2026-08-31', appointmentIds: [first.appointmentId, second.appointmentId] });
    expect(leaderTenure([third, second, first], '2020-01-01')).toMatchObject({ since: '2014-09-01', plannedEnd: null });
  });

  it('continues through overlapping appointments in the same post', () => {
    const a = [appt({ startDate: '2014-09-01', endDate: '2019-12-31' }), appt({ startDate: '2019-09-01', endDate: '2022-08-31' }), appt({ startDate: '2022-09-01' })];
    expect(leaderTenure(a, '2025-01-01')!.since).toBe('2014-09-01');
  });

  it('continues after a 10-day gap and a 364-day gap, restarts after a 365-day gap (R2.tenure_gap_reset_days)', () => {
    const tenDays = [appt({ startDate: '2014-09-01', endDate: '2020-08-31' }), appt({ startDate: '2020-09-11' })]; // 1–10 Sept not in post
    expect(leaderTenure(tenDays, '2025-01-01')!.since).toBe('2014-09-01');
    const days364 = [appt({ startDate: '2014-09-01', endDate: '2019-08-31' }), appt({ startDate: '2020-08-30' })]; // 2019-09-01 … 2020-08-29
    expect(leaderTenure(days364, '2025-01-01')!.since).toBe('2014-09-01');
    const days365 = [appt({ startDate: '2014-09-01', endDate: '2019-08-31' }), appt({ startDate: '2020-08-31' })]; // 2019-09-01 … 2020-08-30
    expect(leaderTenure(days365, '2025-01-01')!.since).toBe('2020-08-31');
    const schoolYear = [appt({ startDate: '2014-09-01', endDate: '2018-08-31' }), appt({ startDate: '2019-09-01' })];
    expect(leaderTenure(schoolYear, '2025-01-01')!.since).toBe('2019-09-01');
  });

  it('restarts when the leader moved away and came back, even after a short absence', () => {
    const away = [
      appt({ startDate: '2010-09-01', endDate: '2016-08-31', schoolId: 'S1' }),
      appt({ startDate: '2016-09-01', endDate: '2017-01-31', schoolId: 'S2' }),
      appt({ startDate: '2017-02-01', schoolId: 'S1' }),
    ];
    expect(leaderTenure(away, '2026-01-01')).toMatchObject({ schoolId: 'S1', since: '2017-02-01' });
    // asked during the stay at S2: that is its own, new tenure
    expect(leaderTenure(away, '2016-12-01')).toMatchObject({ schoolId: 'S2', since: '2016-09-01' });
    // a rotation as an ordinary teacher elsewhere is a move away too
    const rotated = [
      appt({ startDate: '2010-09-01', endDate: '2016-08-31' }),
      appt({ startDate: '2016-09-01', endDate: '2017-01-31', schoolId: 'S9', kind: 'rotation', role: 'teacher' }),
      appt({ startDate: '2017-02-01' }),
    ];
    expect(leaderTenure(rotated, '2026-01-01')!.since).toBe('2017-02-01');
  });

  it('starts a new count in another role at the same school, and when returning to the old role', () => {
    const promoted = [appt({ startDate: '2010-09-01', endDate: '2016-08-31', role: 'vice_principal' }), appt({ startDate: '2016-09-01', role: 'principal' })];
    expect(leaderTenure(promoted, '2026-01-01')).toMatchObject({ role: 'principal', since: '2016-09-01' });
    const backToVice = [
      appt({ startDate: '2010-09-01', endDate: '2015-08-31', role: 'vice_principal' }),
      appt({ startDate: '2015-09-01', endDate: '2016-01-31', role: 'principal' }),
      appt({ startDate: '2016-02-01', role: 'vice_principal' }),
    ];
    expect(leaderTenure(backToVice, '2026-01-01')).toMatchObject({ role: 'vice_principal', since: '2016-02-01' });
  });

  it('is not interrupted by walking teaching in the gap, nor by a side appointment running since before the tenure', () => {
    const walking = [
      appt({ startDate: '2010-09-01', endDate: '2015-08-31' }),
      appt({ startDate: '2015-09-01', endDate: '2015-09-10', schoolId: 'S3', kind: 'walking', role: 'teacher' }),
      appt({ startDate: '2015-09-11' }),
    ];
    expect(leaderTenure(walking, '2026-01-01')!.since).toBe('2010-09-01');
    const sideSince2008 = [
      appt({ startDate: '2008-09-01', schoolId: 'S1', kind: 'support', role: 'teacher' }),
      appt({ startDate: '2010-09-01', endDate: '2015-08-31' }),
      appt({ startDate: '2015-09-11' }),
    ];
    expect(leaderTenure(sideSince2008, '2026-01-01')!.since).toBe('2010-09-01');
  });

  it('keeps an earlier tenure separate from a later one in the same post', () => {
    const a = [appt({ startDate: '2010-09-01', endDate: '2012-08-31' }), appt({ startDate: '2014-09-01', endDate: '2016-08-31' })];
    expect(leaderTenure(a, '2011-01-01')).toMatchObject({ since: '2010-09-01', plannedEnd: '2012-08-31', appointmentIds: [a[0].appointmentId] });
    expect(leaderTenure(a, '2015-01-01')).toMatchObject({ since: '2014-09-01', appointmentIds: [a[1].appointmentId] });
  });

  it('reports every post held at once, the longest first', () => {
    const a = [appt({ startDate: '2018-09-01', role: 'principal' }), appt({ startDate: '2012-09-01', role: 'secretary' })];
    expect(leaderTenure(a, '2026-01-01')).toMatchObject({ role: 'secretary', since: '2012-09-01' });
    expect(leaderTenures(a, '2026-01-01').map((t) => t.role)).toEqual(['secretary', 'principal']);
  });

  it('judges gaps by the reset parameter in force on asOf', () => {
    const policy: PolicyValue[] = [...DEFAULT_POLICY, { key: 'R2.tenure_gap_reset_days', value: 30, effectiveFrom: '2026-01-01', source: 'test' }];
    const a = [appt({ startDate: '2014-09-01', endDate: '2020-08-31' }), appt({ startDate: '2020-10-11' })]; // 40-day gap
    expect(leaderTenure(a, '2025-12-31', policy)!.since).toBe('2014-09-01');
    expect(leaderTenure(a, '2026-01-01', policy)!.since).toBe('2020-10-11');
  });

  it('rejects malformed dates', () => {
    expect(() => leaderTenure([appt({ startDate: '2014-02-30' })], '2026-01-01')).toThrow(InvalidDate);
    expect(() => leaderTenure([appt({ startDate: '2014-09-01', endDate: '2020-9-1' })], '2026-01-01')).toThrow(InvalidDate);
    expect(() => leaderTenure([appt({ startDate: '2014-09-01' })], '2026/01/01')).toThrow(InvalidDate);
  });

  it('measures tenures before the gap parameter took effect with its first value, and only fails without any', () => {
    const a = [appt({ startDate: '2010-09-01', endDate: '2014-08-31' }), appt({ startDate: '2014-09-11' })];
    expect(leaderTenure(a, '2020-01-01')!.since).toBe('2010-09-01');
    const noGapRule = DEFAULT_POLICY.filter((v) => v.key !== 'R2.tenure_gap_reset_days');
    expect(() => leaderTenure(a, '2020-01-01', noGapRule)).toThrow(PolicyNotInForce);
  });
});

describe('yearsAtCurrentSchool and isEligibleByTenure (R1)', () => {
  const teacher = (p: Partial<AppointmentFacts> & Pick<AppointmentFacts, 'startDate'>) => appt({ role: 'teacher', ...p });

  it('counts consecutive years of regular appointments at the same school, any role', () => {
    const a = [teacher({ startDate: '2016-09-01', endDate: '2020-08-31' }), appt({ startDate: '2020-09-01', role: 'vice_principal' })];
    expect(yearsAtCurrentSchool(a, '2024-09-01')).toBe(8);
    expect(currentSchoolTenure(a, '2024-09-01')).toMatchObject({ schoolId: 'S1', since: '2016-09-01' });
  });

  it('is 0 without a regular appointment on the date', () => {
    expect(yearsAtCurrentSchool([], '2025-01-01')).toBe(0);
    expect(yearsAtCurrentSchool([teacher({ startDate: '2016-09-01', kind: 'rotation' })], '2025-01-01')).toBe(0);
    expect(currentSchoolTenure([teacher({ startDate: '2016-09-01', endDate: '2024-08-31' })], '2025-01-01')).toBeNull();
  });

  it('restarts at another school and after a rotation away; walking does not interrupt', () => {
    const moved = [teacher({ startDate: '2012-09-01', endDate: '2019-08-31', schoolId: 'S2' }), teacher({ startDate: '2019-09-01' })];
    expect(currentSchoolTenure(moved, '2025-01-01')!.since).toBe('2019-09-01');
    const rotated = [
      teacher({ startDate: '2012-09-01', endDate: '2019-08-31' }),
      teacher({ startDate: '2019-09-01', endDate: '2020-01-31', schoolId: 'S7', schoolType: 'village_primary', kind: 'rotation' }),
      teacher({ startDate: '2020-02-01' }),
    ];
    expect(currentSchoolTenure(rotated, '2025-01-01')!.since).toBe('2020-02-01');
    const walked = [
      teacher({ startDate: '2012-09-01', endDate: '2019-08-31' }),
      teacher({ startDate: '2019-09-01', endDate: '2019-09-20', schoolId: 'S7', kind: 'walking' }),
      teacher({ startDate: '2019-09-21' }),
    ];
    expect(currentSchoolTenure(walked, '2025-01-01')!.since).toBe('2012-09-01');
  });

  it('makes a teacher eligible on the 6-year anniversary, not the day before', () => {
    const a = [teacher({ startDate: '2019-09-01' })];
    expect(isEligibleByTenure(a, '2025-08-31')).toBe(false);
    expect(isEligibleByTenure(a, '2025-09-01')).toBe(true);
    expect(isEligibleByTenure([], '2025-09-01')).toBe(false);
    const leap = [teacher({ startDate: '2020-02-29' })];
    expect(isEligibleByTenure(leap, '2026-02-27')).toBe(false);
    expect(isEligibleByTenure(leap, '2026-02-28')).toBe(true);
  });
});
