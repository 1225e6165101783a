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

  it('names the malformed date in the error', () => {
    const invalid = (run: () => unknown, message: string) => {
      expect(run).toThrow(InvalidDate);
      expect(run).toThrow(expect.objectContaining({ code: 'RULES.INVALID_DATE', message }));
    };
    invalid(() => leaderTenure([appt({ startDate: '2014-09-01' })], '2026/01/01'), `asOf must be a calendar date 'YYYY-MM-DD', got "2026/01/01"`);
    invalid(() => leaderTenure([appt({ appointmentId: 'p1', startDate: '2014-02-30' })], '2026-01-01'), `startDate of appointment p1 must be a calendar date 'YYYY-MM-DD', got "2014-02-30"`);
    invalid(() => leaderTenure([appt({ appointmentId: 'p2', startDate: '2014-09-01', endDate: '2020-9-1' })], '2026-01-01'), `endDate of appointment p2 must be a calendar date 'YYYY-MM-DD', got "2020-9-1"`);
    // any appointment is checked, also one that is not a leadership post
    invalid(() => leaderTenure([appt({ startDate: '2014-09-01' }), appt({ appointmentId: 't9', role: 'teacher', startDate: '2010-09-01', endDate: '2011-02-29' })], '2026-01-01'), `endDate of appointment t9 must be a calendar date 'YYYY-MM-DD', got "2011-02-29"`);
  });

  it('keeps the later end of overlapping appointments as the planned end, and an open end open', () => {
    const nested = [appt({ startDate: '2014-09-01', endDate: '2022-08-31' }), appt({ startDate: '2016-09-01', endDate: '2018-08-31' })];
    expect(leaderTenure(nested, '2017-01-01')).toMatchObject({ since: '2014-09-01', plannedEnd: '2022-08-31' });
    const openThenClosed = [appt({ startDate: '2014-09-01' }), appt({ startDate: '2016-09-01', endDate: '2018-08-31' })];
    expect(leaderTenure(openThenClosed, '2017-01-01')).toMatchObject({ since: '2014-09-01', plannedEnd: null });
    const closedThenOpen = [appt({ startDate: '2014-09-01', endDate: '2018-08-31' }), appt({ startDate: '2016-09-01' })];
    expect(leaderTenure(closedThenOpen, '2017-01-01')).toMatchObject({ since: '2014-09-01', plannedEnd: null });
  });

  it('continues a re-appointment without a gap even while an appointment elsewhere runs alongside', () => {
    const a = [
      appt({ startDate: '2014-09-01', endDate: '2018-08-31' }),
      appt({ startDate: '2016-09-01', schoolId: 'S2', kind: 'support', role: 'teacher' }), // taken during the tenure, still running
      appt({ startDate: '2018-09-01' }),
    ];
    expect(leaderTenure(a, '2026-01-01')).toMatchObject({ since: '2014-09-01' });
  });

  it('is interrupted only by another post held on a day of the gap', () => {
    const gap = (other: Partial<AppointmentFacts> & Pick<AppointmentFacts, 'startDate'>) => [
      appt({ startDate: '2010-09-01', endDate: '2016-08-31' }), // gap 2016-09-01 … 2016-12-31
      appt({ schoolId: 'S2', ...other }),
      appt({ startDate: '2017-01-01' }),
    ];
    // another post ended the day before the gap, or began the day the post resumed: no day of the gap
    expect(leaderTenure(gap({ startDate: '2012-09-01', endDate: '2016-08-31' }), '2026-01-01')!.since).toBe('2010-09-01');
    expect(leaderTenure(gap({ startDate: '2017-01-01', endDate: '2017-06-30' }), '2026-01-01')!.since).toBe('2010-09-01');
    // on the first or the last day of the gap: a move away
    expect(leaderTenure(gap({ startDate: '2012-09-01', endDate: '2016-09-01' }), '2026-01-01')!.since).toBe('2017-01-01');
    expect(leaderTenure(gap({ startDate: '2016-12-31', endDate: '2017-06-30' }), '2026-01-01')!.since).toBe('2017-01-01');
    // another post taken during the gap and not ended (open-ended): a move away
    expect(leaderTenure(gap({ startDate: '2016-10-01', role: 'teacher', kind: 'support' }), '2026-01-01')!.since).toBe('2017-01-01');
    // begun on the tenure's first day: a move away; begun the day before it: a side appointment
    expect(leaderTenure(gap({ startDate: '2010-09-01', endDate: '2016-10-31' }), '2026-01-01')!.since).toBe('2017-01-01');
    expect(leaderTenure(gap({ startDate: '2010-08-31', endDate: '2016-10-31' }), '2026-01-01')!.since).toBe('2010-09-01');
  });

  it('counts two leadership appointments in the same post held at once as one post', () => {
    const a = [appt({ startDate: '2014-09-01' }), appt({ startDate: '2020-09-01', endDate: '2026-08-31' })];
    const all = leaderTenures(a, '2025-01-01');
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ role: 'principal', schoolId: 'S1', since: '2014-09-01', plannedEnd: null, appointmentIds: [a[0].appointmentId, a[1].appointmentId] });
  });

  it('orders posts begun the same day by role (principal, vice-principal, secretary), then by school', () => {
    const sameDay = [
      appt({ startDate: '2014-09-01', role: 'secretary', appointmentId: 'x1' }),
      appt({ startDate: '2014-09-01', role: 'vice_principal', schoolId: 'S2', appointmentId: 'x2' }),
      appt({ startDate: '2014-09-01', role: 'principal', schoolId: 'S3', appointmentId: 'x3' }),
      appt({ startDate: '2014-09-01', role: 'principal', schoolId: 'S2', appointmentId: 'x4' }),
    ];
    const expected = [
      ['principal', 'S2'],
      ['principal', 'S3'],
      ['vice_principal', 'S2'],
      ['secretary', 'S1'],
    ];
    expect(leaderTenures(sameDay, '2020-01-01').map((t) => [t.role, t.schoolId])).toEqual(expected);
    expect(leaderTenures([...sameDay].reverse(), '2020-01-01').map((t) => [t.role, t.schoolId])).toEqual(expected);
    expect(leaderTenure([...sameDay].reverse(), '2020-01-01')).toMatchObject({ role: 'principal', schoolId: 'S2' });
    // the same, with the ids the other way round (ids say nothing about the order)
    const idsSwapped = sameDay.map((a, i) => ({ ...a, appointmentId: `y${4 - i}` }));
    expect(leaderTenures(idsSwapped, '2020-01-01').map((t) => [t.role, t.schoolId])).toEqual(expected);
    expect(leaderTenures([...idsSwapped].reverse(), '2020-01-01').map((t) => [t.role, t.schoolId])).toEqual(expected);
  });

  it('puts the post held longest first even when its current appointment began later', () => {
    const a = [
      appt({ startDate: '2014-09-01', role: 'principal', schoolId: 'S2' }),
      appt({ startDate: '2010-09-01', endDate: '2016-08-31', role: 'secretary' }),
      appt({ startDate: '2016-09-01', role: 'secretary' }), // re-appointed: secretary since 2010
    ];
    expect(leaderTenures(a, '2020-01-01').map((t) => [t.role, t.since])).toEqual([
      ['secretary', '2010-09-01'],
      ['principal', '2014-09-01'],
    ]);
    expect(leaderTenure(a, '2020-01-01')).toMatchObject({ role: 'secretary', since: '2010-09-01' });
  });

  it('holds the post on its first and on its last day', () => {
    expect(leaderTenure([appt({ startDate: '2026-09-01' })], '2026-09-01')).toMatchObject({ since: '2026-09-01', years: 0 });
    expect(leaderTenure([appt({ startDate: '2014-09-01', endDate: '2026-08-31' })], '2026-08-31')).toMatchObject({ since: '2014-09-01', plannedEnd: '2026-08-31' });
  });

  it('orders a post\'s appointments by start date whatever their ids, and by id on the same day', () => {
    const first = appt({ appointmentId: 'z-first', startDate: '2014-09-01', endDate: '2018-08-31' });
    const second = appt({ appointmentId: 'a-second', startDate: '2018-09-01', endDate: '2026-08-31' });
    for (const list of [
      [second, first],
      [first, second],
    ]) {
      expect(leaderTenure(list, '2020-01-01')).toMatchObject({ since: '2014-09-01', plannedEnd: '2026-08-31', appointmentIds: ['z-first', 'a-second'] });
    }
    const b = appt({ appointmentId: 'b', startDate: '2014-09-01', endDate: '2018-08-31' });
    const c = appt({ appointmentId: 'c', startDate: '2014-09-01', endDate: '2018-08-31' });
    expect(leaderTenure([b, c], '2016-01-01')!.appointmentIds).toEqual(['b', 'c']);
    expect(leaderTenure([c, b], '2016-01-01')!.appointmentIds).toEqual(['b', 'c']);
  });

  it('finds the tenure holding the date among three separate tenures in the same post', () => {
    const a = [
      appt({ startDate: '2005-09-01', endDate: '2006-08-31' }),
      appt({ startDate: '2006-09-01', endDate: '2007-08-31' }),
      appt({ startDate: '2010-09-01', endDate: '2011-08-31' }),
      appt({ startDate: '2011-09-01', endDate: '2012-08-31' }),
      appt({ startDate: '2015-09-01', endDate: '2016-08-31' }),
      appt({ startDate: '2016-09-01' }),
    ];
    const ids = a.map((x) => x.appointmentId);
    expect(leaderTenure(a, '2005-12-01')).toMatchObject({ since: '2005-09-01', plannedEnd: '2007-08-31', appointmentIds: ids.slice(0, 2) });
    expect(leaderTenure(a, '2006-12-01')).toMatchObject({ since: '2005-09-01', plannedEnd: '2007-08-31', appointmentIds: ids.slice(0, 2) });
    expect(leaderTenure(a, '2010-12-01')).toMatchObject({ since: '2010-09-01', plannedEnd: '2012-08-31', appointmentIds: ids.slice(2, 4) });
    expect(leaderTenure(a, '2011-12-01')).toMatchObject({ since: '2010-09-01', plannedEnd: '2012-08-31', appointmentIds: ids.slice(2, 4) });
    expect(leaderTenure(a, '2015-12-01')).toMatchObject({ since: '2015-09-01', plannedEnd: null, appointmentIds: ids.slice(4) });
    expect(leaderTenure(a, '2020-01-01')).toMatchObject({ since: '2015-09-01', plannedEnd: null, appointmentIds: ids.slice(4) });
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

  it('is not interrupted by another kind of appointment at the same school, but is by a regular post at another school', () => {
    const sameSchool = [
      teacher({ startDate: '2012-09-01', endDate: '2019-08-31' }),
      teacher({ startDate: '2019-09-01', endDate: '2019-12-31', kind: 'support' }),
      teacher({ startDate: '2020-01-01' }),
    ];
    expect(currentSchoolTenure(sameSchool, '2025-01-01')).toMatchObject({ schoolId: 'S1', since: '2012-09-01' });
    const otherSchool = [
      teacher({ startDate: '2012-09-01', endDate: '2019-08-31' }),
      teacher({ startDate: '2019-09-01', endDate: '2019-12-31', schoolId: 'S4' }),
      teacher({ startDate: '2020-01-01' }),
    ];
    expect(currentSchoolTenure(otherSchool, '2025-01-01')).toMatchObject({ schoolId: 'S1', since: '2020-01-01' });
  });

  it('counts only regular appointments at the school: a rotation there before the establishment post is not tenure', () => {
    const a = [teacher({ startDate: '2015-09-01', endDate: '2016-08-31', kind: 'rotation' }), teacher({ startDate: '2016-09-01' })];
    expect(currentSchoolTenure(a, '2025-01-01')).toMatchObject({ schoolId: 'S1', since: '2016-09-01' });
    expect(isEligibleByTenure(a, '2022-08-31')).toBe(false);
    expect(isEligibleByTenure(a, '2022-09-01')).toBe(true);
  });

  it('takes the longest tenure of two regular posts, even when its current appointment began later', () => {
    const a = [
      teacher({ startDate: '2014-09-01', schoolId: 'S2' }),
      teacher({ startDate: '2010-09-01', endDate: '2016-08-31' }),
      teacher({ startDate: '2016-09-01' }), // re-appointed at S1: there since 2010
    ];
    expect(currentSchoolTenure(a, '2020-01-01')).toMatchObject({ schoolId: 'S1', since: '2010-09-01' });
  });

  it('takes the longest of two regular posts held at once, whatever their order', () => {
    const two = [teacher({ startDate: '2018-09-01', schoolId: 'S2' }), teacher({ startDate: '2015-09-01', schoolId: 'S1' })];
    expect(currentSchoolTenure(two, '2025-01-01')).toMatchObject({ schoolId: 'S1', since: '2015-09-01' });
    expect(currentSchoolTenure([...two].reverse(), '2025-01-01')).toMatchObject({ schoolId: 'S1', since: '2015-09-01' });
    expect(yearsAtCurrentSchool(two, '2025-09-01')).toBe(10);
  });

  it('names the malformed date in the error', () => {
    const run = () => currentSchoolTenure([teacher({ startDate: '2019-09-01' })], '2025-02-29');
    expect(run).toThrow(InvalidDate);
    expect(run).toThrow(`asOf must be a calendar date 'YYYY-MM-DD', got "2025-02-29"`);
    expect(() => currentSchoolTenure([teacher({ appointmentId: 'r1', startDate: '2019-9-01' })], '2025-01-01')).toThrow(`startDate of appointment r1 must be a calendar date 'YYYY-MM-DD', got "2019-9-01"`);
    expect(() => yearsAtCurrentSchool([teacher({ startDate: '2019-09-01' }), teacher({ appointmentId: 'r2', startDate: '2012-09-01', endDate: '2019-08-32', schoolId: 'S2' })], '2025-01-01')).toThrow(
      `endDate of appointment r2 must be a calendar date 'YYYY-MM-DD', got "2019-08-32"`,
    );
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
