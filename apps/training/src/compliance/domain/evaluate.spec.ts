import { DEFAULT_POLICY } from '@app/policy';
import type { ActivityFacts, TeacherFacts } from './evaluate';
import { evaluateCreditYear, evaluateSchoolYear, evaluateSemester } from './evaluate';

const teacher = (id: string, patch: Partial<TeacherFacts> = {}): TeacherFacts => ({
  teacherId: id, countyCode: 'taishan', category: 'teacher', firstServiceDate: '2010-09-01', researcherSince: null, schoolId: 's1', districtCode: 'd1', rural: true, smallScale: true, ...patch,
});
const activity = (id: string, patch: Partial<ActivityFacts> = {}): ActivityFacts => ({
  id, kind: 'county_special_training', organiser: 'county', startDate: '2026-10-10', endDate: '2026-10-10', target: { type: 'county_rural', districtCode: null, schoolIds: [] }, researcherId: null, schoolId: null, confirmed: false, ...patch,
});

describe('term-end evaluation', () => {
  it('judges the county and each rural teacher on the special trainings of the semester only', () => {
    const activities = [activity('a1'), activity('a2', { startDate: '2027-02-10' }), activity('oc', { kind: 'open_class' })];
    const attendance = new Map([['t1', new Map([['a1', 'attended' as const]])]]);
    const out = evaluateSemester({ countyCode: 'taishan', schoolYear: 2026, term: 'autumn', activities, teachers: [teacher('t1'), teacher('t2', { rural: false })], attendance }, DEFAULT_POLICY);
    expect(out.map((o) => [o.rule, o.subjectId, o.status, o.actual])).toEqual([
      ['R7.county', 'taishan', 'shortfall', 1],
      ['R7.teacher', 't1', 'shortfall', 1],
    ]);
    expect(out[1]).toMatchObject({ period: '2026-autumn', schoolId: 's1', districtCode: 'd1' });
  });

  it("counts a district's research for its small-scale teachers, and a researcher's confirmed visits to rural schools", () => {
    const research = Array.from({ length: 5 }, (_, i) => activity(`r${i}`, { kind: 'regional_research', organiser: 'district', target: { type: 'district_small_scale', districtCode: 'd1', schoolIds: [] } }));
    const visits = Array.from({ length: 30 }, (_, i) => activity(`v${i}`, { kind: 'guidance_visit', researcherId: 'res', schoolId: i < 29 ? 'rural' : 'town', confirmed: true, startDate: `2026-0${1 + (i % 8)}-1${i % 9}` }));
    const attendance = new Map([['t1', new Map(research.slice(0, 4).map((a) => [a.id, 'attended' as const]))]]);
    const out = evaluateSchoolYear(
      { countyCode: 'taishan', schoolYear: 2026, asOf: '2027-07-10', activities: [...research, ...visits], teachers: [teacher('t1'), teacher('res', { category: 'researcher', researcherSince: '2015-09-01', smallScale: false })], attendance, ruralSchoolIds: new Set(['rural']) },
      DEFAULT_POLICY,
    );
    expect(out.map((o) => [o.rule, o.subjectId, o.status, o.actual])).toEqual([
      ['R8', 't1', 'met', 4],
      ['R6.visits', 'res', 'shortfall', 29], // the visit to a town school does not count
    ]);
  });

  it('closes a calendar year: 72 hours owed by those in service on 1 January, 120 in a probation year that ended in it', () => {
    const teachers = [teacher('old'), teacher('new', { firstServiceDate: '2025-09-01' })];
    const out = evaluateCreditYear({ countyCode: 'taishan', year: 2026, teachers, countedByTeacher: new Map([['old', 72], ['new', 80]]), probationCounted: new Map([['new', 119]]) }, DEFAULT_POLICY);
    expect(out.map((o) => [o.rule, o.subjectId, o.status, o.required, o.actual])).toEqual([
      ['hours.year', 'old', 'met', 72, 72],
      ['hours.year', 'new', 'met', 72, 80],
      ['hours.probation', 'new', 'shortfall', 120, 119],
    ]);
  });
});
