import { explain, ruralYears, yearsAtCurrentSchool, type Stint, type TeacherRecord } from './eligibility';

const t: TeacherRecord = { birthDate: '1985-06-01', gender: 'female', backboneLevel: 'county', category: 'teacher' };
const stint = (p: Partial<Stint>): Stint => ({ schoolId: 's1', rural: true, kind: 'regular', startDate: '2015-09-01', endDate: null, ...p });

describe('rotation eligibility', () => {
  it('counts consecutive regular appointments at the current school, not a stay elsewhere before it', () => {
    const stints = [stint({ schoolId: 's0', startDate: '2010-09-01', endDate: '2015-08-31' }), stint({ startDate: '2015-09-01', endDate: '2019-08-31' }), stint({ startDate: '2019-09-01' })];
    expect(yearsAtCurrentSchool(stints, '2026-09-01')).toEqual({ schoolId: 's1', since: '2015-09-01', years: 11 });
    expect(yearsAtCurrentSchool([stint({ startDate: '2021-09-01', endDate: '2022-08-31' })], '2026-09-01')).toEqual({ schoolId: null, since: null, years: 0 });
  });

  it('counts overlapping rural stints once', () => {
    expect(ruralYears([stint({ startDate: '2020-09-01', endDate: '2022-08-31' }), stint({ kind: 'walking', startDate: '2021-09-01', endDate: '2022-08-31' })], '2026-09-01')).toBe(2);
  });

  it('makes an open due obligation mandatory, even near retirement', () => {
    const e = explain({ ...t, birthDate: '1970-01-01' }, [stint({})], [{ rule: 'R2', severity: 'due', dueBy: '2027-09-01' }], '2026-11-29');
    expect(e.status).toBe('mandatory');
    expect(e.reasons).toEqual(['R2 obligation due, due by 2027-09-01']);
  });

  it('exempts within 5 years of retirement age, and makes 6 years at one school eligible', () => {
    expect(explain({ ...t, birthDate: '1976-01-01' }, [stint({})], [], '2026-11-29').status).toBe('exempt');
    expect(explain(t, [stint({ startDate: '2020-09-01' })], [], '2026-11-29').status).toBe('eligible');
    expect(explain(t, [stint({ startDate: '2021-09-01' })], [], '2026-11-29').status).toBe('not_eligible');
    // exactly six years on the anniversary, not the day before
    expect(explain(t, [stint({ startDate: '2020-11-29' })], [], '2026-11-28').status).toBe('not_eligible');
    expect(explain(t, [stint({ startDate: '2020-11-29' })], [], '2026-11-29').status).toBe('eligible');
    expect(explain(t, [stint({ startDate: '2021-09-01' })], [{ rule: 'R3', severity: 'warning', dueBy: '2028-09-01' }], '2026-11-29').status).toBe('not_eligible');
  });

  it('exempts a teacher HR exempted on the date, whatever else applies', () => {
    const e = explain(t, [stint({ startDate: '2015-09-01' })], [{ rule: 'R2', severity: 'due', dueBy: '2027-09-01' }], '2027-09-01', undefined, [{ reason: '产假', from: '2027-03-01', until: '2027-12-31' }]);
    expect(e).toMatchObject({ status: 'exempt', reasons: ['exempted by HR until 2027-12-31: 产假'] });
    expect(explain(t, [stint({ startDate: '2015-09-01' })], [], '2028-01-01', undefined, [{ reason: '产假', from: '2027-03-01', until: '2027-12-31' }]).status).toBe('eligible');
  });

  it('shows how the points were computed', () => {
    const e = explain(t, [stint({ startDate: '2016-09-01' })], [], '2026-09-01');
    expect(e.points.breakdown).toEqual([
      { factor: 'years at current school', value: 10, points: 20 },
      { factor: 'years at rural schools', value: 10, points: 30 },
      { factor: 'backbone level: county', value: 1, points: 5 },
    ]);
    expect(e.points.total).toBe(55);
  });
});
