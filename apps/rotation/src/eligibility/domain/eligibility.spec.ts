import { DEFAULT_POLICY, type PolicyValue } from '@app/policy';
import { explain, ruralYears, yearsAtCurrentSchool, type Stint, type TeacherRecord } from './eligibility';

const t: TeacherRecord = { birthDate: '1985-06-01', gender: 'female', backboneLevel: 'county', category: 'teacher' };
let seq = 0;
const stint = (p: Partial<Stint>): Stint => ({
  appointmentId: `a${++seq}`,
  schoolId: 's1',
  schoolType: 'village_primary',
  role: 'teacher',
  rural: true,
  kind: 'regular',
  startDate: '2015-09-01',
  endDate: null,
  ...p,
});

describe('rotation eligibility', () => {
  it('counts consecutive regular appointments at the current school, not a stay elsewhere before it', () => {
    const stints = [stint({ schoolId: 's0', startDate: '2010-09-01', endDate: '2015-08-31' }), stint({ startDate: '2015-09-01', endDate: '2019-08-31' }), stint({ startDate: '2019-09-01' })];
    expect(yearsAtCurrentSchool(stints, '2026-09-01')).toEqual({ schoolId: 's1', since: '2015-09-01', years: 11 });
    expect(yearsAtCurrentSchool([stint({ startDate: '2021-09-01', endDate: '2022-08-31' })], '2026-09-01')).toEqual({ schoolId: null, since: null, years: 0 });
  });

  it('continues the stay over a gap shorter than a school year, as the scheduler does (one tenure rule)', () => {
    // a re-appointment two months late does not restart the count; a gap of a whole school year does
    const late = [stint({ startDate: '2015-09-01', endDate: '2019-08-31' }), stint({ startDate: '2019-11-01' })];
    expect(yearsAtCurrentSchool(late, '2026-09-01')).toMatchObject({ since: '2015-09-01', years: 11 });
    const away = [stint({ startDate: '2015-09-01', endDate: '2019-08-31' }), stint({ startDate: '2020-09-01' })];
    expect(yearsAtCurrentSchool(away, '2026-09-01')).toMatchObject({ since: '2020-09-01', years: 6 });
    // a rotation elsewhere in between restarts it
    const rotated = [stint({ startDate: '2015-09-01', endDate: '2019-08-31' }), stint({ schoolId: 's9', kind: 'rotation', startDate: '2019-09-01', endDate: '2019-10-31' }), stint({ startDate: '2019-11-01' })];
    expect(yearsAtCurrentSchool(rotated, '2026-09-01')).toMatchObject({ since: '2019-11-01' });
    // shown truncated: 5 years 364 days is 5.99, not 6.00
    expect(yearsAtCurrentSchool([stint({ startDate: '2020-09-02' })], '2026-09-01').years).toBe(5.99);
  });

  it('counts overlapping rural stints once, and only rural ones up to the date', () => {
    expect(ruralYears([stint({ startDate: '2020-09-01', endDate: '2022-08-31' }), stint({ kind: 'walking', startDate: '2021-09-01', endDate: '2022-08-31' })], '2026-09-01')).toBe(2);
    expect(ruralYears([stint({ rural: false, startDate: '2020-09-01' }), stint({ startDate: '2027-09-01' })], '2026-09-01')).toBe(0);
    expect(ruralYears([stint({ startDate: '2016-09-01', endDate: '2018-08-31' }), stint({ startDate: '2022-09-01' })], '2026-09-01')).toBe(6);
    expect(ruralYears([], '2026-09-01')).toBe(0);
    // the evaluation date itself counts, also when a stint starts that day: 2 days are 0.0055 years, shown 0.01
    expect(ruralYears([stint({ startDate: '2026-08-31', endDate: '2026-08-31' }), stint({ startDate: '2026-09-01' })], '2026-09-01')).toBe(0.01);
    expect(ruralYears([stint({ startDate: '2026-08-31', endDate: '2026-08-31' })], '2026-09-01')).toBe(0);
    // whatever order the stints come in: the earliest rural stint counts too
    expect(ruralYears([stint({ startDate: '2022-09-01' }), stint({ startDate: '2016-09-01', endDate: '2018-08-31' })], '2026-09-01')).toBe(6);
  });

  it('exempts near retirement before any obligation: the scheduler raises none for an exempt teacher', () => {
    const e = explain({ ...t, birthDate: '1970-01-01' }, [stint({})], [{ rule: 'R2', severity: 'due', dueBy: '2027-09-01' }], '2026-11-29');
    expect(e.status).toBe('exempt');
    expect(e.reasons).toEqual(['exempt: within 5 years of the statutory retirement age 55 years 1 month, reached on 2025-02-01']);
  });

  it('makes an open due or overdue obligation mandatory, a warning not', () => {
    const due = explain(t, [stint({ startDate: '2021-09-01' })], [{ rule: 'R2', severity: 'due', dueBy: '2027-09-01' }, { rule: 'R3', severity: 'overdue', dueBy: '2026-09-01' }], '2026-11-29');
    expect(due).toMatchObject({ status: 'mandatory', reasons: ['R2 obligation due, due by 2027-09-01', 'R3 obligation overdue, due by 2026-09-01'] });
    expect(explain(t, [stint({ startDate: '2021-09-01' })], [{ rule: 'R3', severity: 'warning', dueBy: '2028-09-01' }], '2026-11-29').status).toBe('not_eligible');
  });

  it('exempts within 5 years of the statutory retirement date (the 2025 law), and makes 6 years at one school eligible', () => {
    // a woman teacher born 1976-01-01 retires at 56 years 7 months → 2032-08-01 → exempt from 2027-08-01
    expect(explain({ ...t, birthDate: '1976-01-01' }, [stint({})], [], '2027-07-31').status).toBe('eligible');
    expect(explain({ ...t, birthDate: '1976-01-01' }, [stint({})], [], '2027-08-01').status).toBe('exempt');
    expect(explain(t, [stint({ startDate: '2020-09-01' })], [], '2026-11-29')).toMatchObject({ status: 'eligible', reasons: ['6.24 years at the current school (6 or more)'] });
    expect(explain(t, [stint({ startDate: '2021-09-01' })], [], '2026-11-29')).toMatchObject({ status: 'not_eligible', reasons: ['5.24 years at the current school (fewer than 6); you may still volunteer'] });
    // exactly six years on the anniversary, not the day before
    expect(explain(t, [stint({ startDate: '2020-11-29' })], [], '2026-11-28').status).toBe('not_eligible');
    expect(explain(t, [stint({ startDate: '2020-11-29' })], [], '2026-11-29').status).toBe('eligible');
  });

  it('exempts a teacher HR exempted on the date, whatever else applies', () => {
    const e = explain(t, [stint({ startDate: '2015-09-01' })], [{ rule: 'R2', severity: 'due', dueBy: '2027-09-01' }], '2027-09-01', undefined, [{ reason: '产假', from: '2027-03-01', until: '2027-12-31' }]);
    expect(e).toMatchObject({ status: 'exempt', reasons: ['exempted by HR until 2027-12-31: 产假'] });
    expect(explain(t, [stint({ startDate: '2015-09-01' })], [], '2028-01-01', undefined, [{ reason: '产假', from: '2027-03-01', until: '2027-12-31' }]).status).toBe('eligible');
  });

  it('uses the values in force on the date: a shorter tenure from a later date', () => {
    const values: PolicyValue[] = [...DEFAULT_POLICY, { key: 'R1.tenure_eligibility_years', value: 5, effectiveFrom: '2027-09-01', source: 'test' }];
    expect(explain(t, [stint({ startDate: '2022-06-01' })], [], '2027-08-31', values).status).toBe('not_eligible');
    expect(explain(t, [stint({ startDate: '2022-06-01' })], [], '2027-09-01', values)).toMatchObject({ status: 'eligible', reasons: ['5.25 years at the current school (5 or more)'] });
  });

  it('shows how the points were computed', () => {
    const e = explain(t, [stint({ startDate: '2016-09-01' })], [], '2026-09-01');
    expect(e.points.breakdown).toEqual([
      { factor: 'years at current school', value: 10, points: 20 },
      { factor: 'years at rural schools', value: 10, points: 30 },
      { factor: 'backbone level: county', value: 1, points: 5 },
    ]);
    expect(e.points.total).toBe(55);
    const none = explain({ ...t, backboneLevel: 'school' }, [stint({ startDate: '2016-09-01', rural: false })], [], '2026-09-01');
    expect(none.points).toEqual({
      total: 20,
      breakdown: [
        { factor: 'years at current school', value: 10, points: 20 },
        { factor: 'years at rural schools', value: 0, points: 0 },
        { factor: 'backbone level: school', value: 0, points: 0 },
      ],
    });
    expect(explain({ ...t, backboneLevel: 'province' }, [stint({ startDate: '2016-09-01', rural: false })], [], '2026-09-01').points.total).toBe(32);
    expect(explain({ ...t, backboneLevel: 'city' }, [stint({ startDate: '2016-09-01', rural: false })], [], '2026-09-01').points.total).toBe(28);
  });
});
