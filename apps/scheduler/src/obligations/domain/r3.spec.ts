import { DEFAULT_POLICY, type PolicyValue } from '@app/policy';
import { InvalidDate } from '@app/rules';
import type { AppointmentFacts, TeacherFacts } from './facts';
import { evaluateR3, firstAppointment } from './r3';

const newTeacher = (firstServiceDate: string): TeacherFacts => ({
  teacherId: 't1',
  countyCode: 'kaiping',
  gender: 'female',
  birthDate: '2000-04-01',
  firstServiceDate,
  category: 'teacher',
  backboneLevel: 'none',
});

let seq = 0;
function appt(p: Partial<AppointmentFacts> & Pick<AppointmentFacts, 'startDate'>): AppointmentFacts {
  seq += 1;
  return { appointmentId: `a${String(seq).padStart(3, '0')}`, schoolId: 'V1', schoolType: 'village_primary', kind: 'regular', role: 'teacher', workloadShare: 1, endDate: null, ...p };
}

describe('evaluateR3 — village teachers teach a year at a county-town or township-central school within 5 years', () => {
  const t = newTeacher('2022-09-01'); // window [2022-09-01, 2027-09-01)
  const village = appt({ startDate: '2022-09-01' });

  it('is silent until 2 years are left, then due, then overdue when the window has closed', () => {
    expect(evaluateR3(t, [village], '2023-01-01')).toBeNull();
    expect(evaluateR3(t, [village], '2025-08-31')).toBeNull();
    expect(evaluateR3(t, [village], '2025-09-01')).toEqual({
      rule: 'R3',
      severity: 'due',
      dueBy: '2027-09-01',
      facts: {
        firstSchoolId: 'V1',
        firstSchoolType: 'village_primary',
        windowStart: '2022-09-01',
        windowEnd: '2027-09-01',
        daysServed: 0,
        daysRequired: 365,
        daysScheduled: 0,
      },
    });
    expect(evaluateR3(t, [village], '2027-08-31')).toMatchObject({ severity: 'due' });
    expect(evaluateR3(t, [village], '2027-09-01')).toMatchObject({ severity: 'overdue', dueBy: '2027-09-01' });
    expect(evaluateR3(t, [village], '2031-01-01')).toMatchObject({ severity: 'overdue', dueBy: '2027-09-01' });
  });

  it('applies to teachers who started at a teaching point too', () => {
    expect(evaluateR3(t, [appt({ startDate: '2022-09-01', schoolType: 'teaching_point' })], '2026-01-01')).toMatchObject({ severity: 'due', facts: { firstSchoolType: 'teaching_point' } });
  });

  it('does not count a placement of 364 days, counts one of 365', () => {
    const short = [village, appt({ startDate: '2024-09-01', endDate: '2025-08-30', schoolId: 'T1', schoolType: 'township_central', kind: 'rotation' })];
    expect(evaluateR3(t, short, '2026-01-01')).toMatchObject({ severity: 'due', facts: { daysServed: 364, daysScheduled: 364 } });
    const year = [village, appt({ startDate: '2024-09-01', endDate: '2025-08-31', schoolId: 'C1', schoolType: 'county_town', kind: 'rotation' })];
    expect(evaluateR3(t, year, '2026-01-01')).toBeNull();
    expect(evaluateR3(t, year, '2030-01-01')).toBeNull();
  });

  it('counts only days already served; a scheduled placement shows as daysScheduled', () => {
    const placement = [village, appt({ startDate: '2025-09-01', endDate: '2026-08-31', schoolId: 'C1', schoolType: 'county_town', kind: 'rotation' })];
    expect(evaluateR3(t, placement, '2025-12-31')).toMatchObject({ severity: 'due', facts: { daysServed: 122, daysScheduled: 365 } });
    expect(evaluateR3(t, placement, '2026-08-30')).toMatchObject({ severity: 'due', facts: { daysServed: 364 } });
    expect(evaluateR3(t, placement, '2026-08-31')).toBeNull();
  });

  it('counts only days inside the window', () => {
    const late = [village, appt({ startDate: '2027-03-01', endDate: '2028-02-29', schoolId: 'T1', schoolType: 'township_central', kind: 'rotation' })];
    expect(evaluateR3(t, late, '2028-03-01')).toMatchObject({ severity: 'overdue', facts: { daysServed: 184 } }); // 2027-03-01 … 2027-08-31
  });

  it('counts a day once when placement appointments overlap, and whole whatever the workload share', () => {
    const overlapping = [
      village,
      appt({ startDate: '2024-09-01', endDate: '2025-03-31', schoolId: 'T1', schoolType: 'township_central', kind: 'walking', workloadShare: 0.5 }), // 212 days
      appt({ startDate: '2024-11-01', endDate: '2025-06-30', schoolId: 'C1', schoolType: 'county_town', kind: 'rotation', workloadShare: 0.5 }), // 242 days
    ];
    expect(evaluateR3(t, overlapping, '2026-01-01')).toMatchObject({ severity: 'due', facts: { daysServed: 303 } }); // not 454
    const halfAndHalf = [
      appt({ startDate: '2022-09-01', endDate: '2024-08-31' }),
      appt({ startDate: '2024-09-01', endDate: '2025-08-31', workloadShare: 0.5 }),
      appt({ startDate: '2024-09-01', endDate: '2025-08-31', schoolId: 'T1', schoolType: 'township_central', kind: 'walking', workloadShare: 0.5 }),
    ];
    expect(evaluateR3(t, halfAndHalf, '2026-01-01')).toBeNull(); // 365 whole days at T1
  });

  it('does not apply when the first appointment was at a township school, or at a county-town school', () => {
    expect(evaluateR3(t, [appt({ startDate: '2022-09-01', schoolType: 'township_central' })], '2028-01-01')).toBeNull();
    expect(evaluateR3(t, [appt({ startDate: '2022-09-01', schoolType: 'county_town' }), appt({ startDate: '2023-09-01' })], '2028-01-01')).toBeNull();
    expect(evaluateR3(t, [appt({ startDate: '2022-09-01', schoolType: 'junior_middle' })], '2028-01-01')).toBeNull();
  });

  it('takes the regular appointment as the first when several start on the same day', () => {
    const sameDay = [
      appt({ startDate: '2022-09-01', endDate: '2022-12-31', schoolId: 'T1', schoolType: 'township_central', kind: 'walking', workloadShare: 0.2 }),
      appt({ startDate: '2022-09-01', workloadShare: 0.8 }),
    ];
    expect(firstAppointment(sameDay)!.schoolId).toBe('V1');
    expect(evaluateR3(t, sameDay, '2026-01-01')).toMatchObject({ severity: 'due', facts: { firstSchoolId: 'V1', daysServed: 122 } });
    // among regular appointments of the same day: the larger share, then the id
    const twoRegular = [appt({ startDate: '2022-09-01', schoolId: 'T1', schoolType: 'township_central', workloadShare: 0.4 }), appt({ startDate: '2022-09-01', workloadShare: 0.6 })];
    expect(firstAppointment(twoRegular)!.schoolId).toBe('V1');
    const equalShares = [appt({ startDate: '2022-09-01', appointmentId: 'z', schoolId: 'V9' }), appt({ startDate: '2022-09-01', appointmentId: 'b', schoolId: 'V2' })];
    expect(firstAppointment(equalShares)!.schoolId).toBe('V2');
    expect(firstAppointment([])).toBeNull();
  });

  it('chooses the first appointment whatever order the appointments come in', () => {
    const permutations = <T>(xs: T[]): T[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest])));
    const cases: [AppointmentFacts[], string][] = [
      // the earliest start wins, whatever its kind or share
      [[appt({ startDate: '2022-09-02', appointmentId: 'a', schoolId: 'EARLY-NOT' }), appt({ startDate: '2022-09-01', appointmentId: 'b', kind: 'walking', workloadShare: 0.1, schoolId: 'EARLY' })], 'EARLY'],
      // same day: the regular appointment before another kind, even with a smaller share
      [[appt({ startDate: '2022-09-01', appointmentId: 'a', kind: 'support', workloadShare: 0.9, schoolId: 'SUPPORT' }), appt({ startDate: '2022-09-01', appointmentId: 'b', workloadShare: 0.1, schoolId: 'REGULAR' })], 'REGULAR'],
      // same day, same kind: the larger share
      [[appt({ startDate: '2022-09-01', appointmentId: 'a', workloadShare: 0.3, schoolId: 'SMALL' }), appt({ startDate: '2022-09-01', appointmentId: 'b', workloadShare: 0.7, schoolId: 'LARGE' })], 'LARGE'],
      // same day, kind and share: the smaller id
      [[appt({ startDate: '2022-09-01', appointmentId: 'b', schoolId: 'B' }), appt({ startDate: '2022-09-01', appointmentId: 'a', schoolId: 'A' }), appt({ startDate: '2022-09-01', appointmentId: 'c', schoolId: 'C' })], 'A'],
      // two other kinds the same day: neither is regular, so the share decides
      [[appt({ startDate: '2022-09-01', appointmentId: 'a', kind: 'walking', workloadShare: 0.2, schoolId: 'W' }), appt({ startDate: '2022-09-01', appointmentId: 'b', kind: 'support', workloadShare: 0.5, schoolId: 'S' })], 'S'],
    ];
    for (const [list, expected] of cases) {
      for (const order of permutations(list)) expect([expected, firstAppointment(order)!.schoolId]).toEqual([expected, expected]);
    }
  });

  it('computes a window from a 29 February first service date', () => {
    const leap = newTeacher('2024-02-29'); // window [2024-02-29, 2029-02-28)
    const a = [appt({ startDate: '2024-02-29' })];
    expect(evaluateR3(leap, a, '2027-02-27')).toBeNull();
    expect(evaluateR3(leap, a, '2027-02-28')).toMatchObject({ severity: 'due', dueBy: '2029-02-28', facts: { windowEnd: '2029-02-28' } });
    expect(evaluateR3(leap, a, '2029-02-27')).toMatchObject({ severity: 'due' });
    expect(evaluateR3(leap, a, '2029-02-28')).toMatchObject({ severity: 'overdue', dueBy: '2029-02-28' });
    // the window's last day is 2029-02-27: a placement ending then is inside
    const placed = [...a, appt({ startDate: '2028-02-29', endDate: '2029-02-27', schoolId: 'T1', schoolType: 'township_central', kind: 'rotation' })];
    expect(evaluateR3(leap, placed, '2029-03-01')).toBeNull(); // 365 days
  });

  it('does not apply to teachers whose window closed before R3 took effect, nor before service starts', () => {
    expect(evaluateR3(newTeacher('2015-09-01'), [appt({ startDate: '2015-09-01' })], '2026-01-01')).toBeNull(); // window ended 2020-09-01
    expect(evaluateR3(newTeacher('2018-09-02'), [appt({ startDate: '2018-09-02' })], '2026-01-01')).toMatchObject({ severity: 'overdue', dueBy: '2023-09-02' }); // last day 2023-09-01
    expect(evaluateR3(newTeacher('2026-09-01'), [appt({ startDate: '2026-09-01' })], '2026-08-31')).toBeNull();
    expect(evaluateR3(t, [], '2026-01-01')).toBeNull();
  });

  it('applies once the first appointment (at a village school) has started, not before, even when first service was earlier', () => {
    // first service 2022-09-01 (window to 2027-09-01), but the first appointment here starts on 2026-09-01
    const later = [appt({ startDate: '2026-09-01' })];
    expect(evaluateR3(t, later, '2026-08-31')).toBeNull();
    expect(evaluateR3(t, later, '2026-09-01')).toMatchObject({ severity: 'due', dueBy: '2027-09-01', facts: { windowStart: '2022-09-01', daysServed: 0 } });
  });

  it('counts from the first service date: nothing before it, even under a policy that makes the whole window due', () => {
    const wholeWindow = (years: number): PolicyValue[] => [...DEFAULT_POLICY, { key: 'R3.due_years_left', value: years, effectiveFrom: '2024-09-01', source: 'test' }];
    const starts = newTeacher('2026-09-01'); // window [2026-09-01, 2031-09-01)
    const a = [appt({ startDate: '2026-08-25' })]; // appointment recorded a week before the first service date
    // due for the whole 5-year window: due on the first day of service already
    expect(evaluateR3(starts, a, '2026-09-01', wholeWindow(5))).toMatchObject({ severity: 'due', dueBy: '2031-09-01', facts: { windowStart: '2026-09-01', daysServed: 0 } });
    // the day before the window opens nothing is due, even when the due period reaches back before it
    expect(evaluateR3(starts, a, '2026-08-31', wholeWindow(6))).toBeNull();
    expect(evaluateR3(starts, a, '2026-09-01', wholeWindow(6))).toMatchObject({ severity: 'due', dueBy: '2031-09-01' });
  });

  it('rejects a malformed date, naming which one', () => {
    const invalid = (run: () => unknown, message: string) => {
      expect(run).toThrow(InvalidDate);
      expect(run).toThrow(expect.objectContaining({ code: 'RULES.INVALID_DATE', message }));
    };
    invalid(() => evaluateR3(t, [village], '2026-02-30'), `asOf must be a calendar date 'YYYY-MM-DD', got "2026-02-30"`);
    invalid(() => evaluateR3(newTeacher('2022-9-1'), [village], '2026-01-01'), `firstServiceDate must be a calendar date 'YYYY-MM-DD', got "2022-9-1"`);
    invalid(() => evaluateR3(t, [village, appt({ appointmentId: 'x7', startDate: '2022-13-01' })], '2026-01-01'), `startDate of appointment x7 must be a calendar date 'YYYY-MM-DD', got "2022-13-01"`);
    // the end date of any appointment, even one R3 does not count (a village appointment)
    invalid(() => evaluateR3(t, [appt({ appointmentId: 'x8', startDate: '2022-09-01', endDate: '2024-02-30' })], '2026-01-01'), `endDate of appointment x8 must be a calendar date 'YYYY-MM-DD', got "2024-02-30"`);
  });

  it('applies a change of the required days from its effective date', () => {
    const policy: PolicyValue[] = [...DEFAULT_POLICY, { key: 'R3.min_placement_days', value: 180, effectiveFrom: '2026-09-01', source: 'test' }];
    const a = [village, appt({ startDate: '2024-09-01', endDate: '2025-02-28', schoolId: 'T1', schoolType: 'township_central', kind: 'support' })]; // 181 days
    expect(evaluateR3(t, a, '2026-08-31', policy)).toMatchObject({ severity: 'due', facts: { daysServed: 181, daysRequired: 365 } });
    expect(evaluateR3(t, a, '2026-09-01', policy)).toBeNull();
  });
});
