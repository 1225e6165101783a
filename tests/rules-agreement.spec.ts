import { DEFAULT_POLICY, type PolicyValue } from '@app/policy';
import { currentSchoolTenure, displayYears, isEligibleByTenure } from '@app/rules';
import { explain, type Stint } from '../apps/rotation/src/eligibility/domain/eligibility';
import { assessTeacher, type AppointmentFacts, type Exemption, type TeacherFacts } from '../apps/scheduler/src/obligations/domain';
import { generateCounty, Prng } from '../seeds/county-generator';

/**
 * One rule, one place (issue #10): the same teachers fed to the scheduler's code path (assessTeacher and
 * isEligibleByTenure, as its county review calls them) and to rotation's (explain, as its planner input and
 * a teacher's status call it) get the same answer — exempt or not, eligible by tenure or not, the same years
 * at the school — on the seeded Taishan (6,000 teachers, 15 years of appointments), with HR-recorded
 * exemptions, on dates either side of the 2025 retirement reform, and under a changed policy value.
 */
describe('the scheduler and rotation agree on every seeded teacher', () => {
  const county = generateCounty({ countyCode: 'taishan', seed: '20261129', asOf: '2026-11-29' });
  const schools = new Map(county.schools.map((s) => [s.id, s]));
  const appointmentsOf = new Map<string, AppointmentFacts[]>();
  for (const a of county.appointments) {
    const list = appointmentsOf.get(a.teacherId) ?? [];
    list.push({ appointmentId: a.id, schoolId: a.schoolId, schoolType: schools.get(a.schoolId)!.type, kind: a.kind, role: a.role, workloadShare: a.workloadShare, startDate: a.startDate, endDate: a.endDate });
    appointmentsOf.set(a.teacherId, list);
  }
  // HR records an exemption for one teacher in forty (illness, maternity), over a year around the dates
  const rng = new Prng('rules-agreement');
  const exemptions = new Map<string, Exemption[]>();
  for (const t of county.teachers) if (rng.chance(0.025)) exemptions.set(t.id, [{ teacherId: t.id, reason: '病假 sick leave', from: '2026-03-01', until: '2027-02-28' }]);

  const cases: [string, readonly PolicyValue[]][] = [
    ['2024-09-01', DEFAULT_POLICY],
    ['2026-09-01', DEFAULT_POLICY],
    ['2026-12-02', DEFAULT_POLICY],
    ['2027-09-01', DEFAULT_POLICY],
    ['2027-09-01', [...DEFAULT_POLICY, { key: 'R1.tenure_eligibility_years', value: 5, effectiveFrom: '2027-09-01', source: 'test' }, { key: 'exemption.years_before_retirement', value: 3, effectiveFrom: '2027-09-01', source: 'test' }]],
  ];

  it.each(cases)('on %s', (asOf, values) => {
    const disagreements: string[] = [];
    let exempt = 0;
    let eligible = 0;
    for (const t of county.teachers) {
      const appointments = appointmentsOf.get(t.id) ?? [];
      const recorded = exemptions.get(t.id) ?? [];
      // the scheduler's county review
      const facts: TeacherFacts = { teacherId: t.id, countyCode: t.countyCode, gender: t.gender, birthDate: t.birthDate, firstServiceDate: t.firstServiceDate, category: t.category, backboneLevel: t.backboneLevel };
      const schedulerExempt = assessTeacher(facts, appointments, recorded, asOf, values).exemption.exempt;
      const schedulerEligible = !schedulerExempt && isEligibleByTenure(appointments, asOf, values);
      const schedulerYears = displayYears(currentSchoolTenure(appointments, asOf, values)?.years ?? 0);
      // rotation's planner input / a teacher's status (no open obligations: those come from the scheduler)
      const stints: Stint[] = appointments.map((a) => ({ ...a, rural: schools.get(a.schoolId)!.rural }));
      const status = explain({ birthDate: t.birthDate, gender: t.gender, backboneLevel: t.backboneLevel, category: t.category }, stints, [], asOf, values, recorded);
      if ((status.status === 'exempt') !== schedulerExempt || (status.status === 'eligible') !== schedulerEligible || status.yearsAtSchool !== schedulerYears) {
        disagreements.push(`${t.staffNo}: scheduler exempt=${schedulerExempt} eligible=${schedulerEligible} years=${schedulerYears}; rotation ${status.status} years=${status.yearsAtSchool}`);
      }
      if (schedulerExempt) exempt++;
      if (schedulerEligible) eligible++;
    }
    expect(disagreements).toEqual([]);
    // the comparison is about real teachers of both kinds, not an empty county
    expect(exempt).toBeGreaterThan(500);
    expect(eligible).toBeGreaterThan(1000);
  });
});
