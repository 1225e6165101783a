import { assessTeacher, evaluateTeacher } from './evaluate';
import type { AppointmentFacts, TeacherFacts } from './facts';

const teacher: TeacherFacts = {
  teacherId: 't1',
  countyCode: 'taishan',
  gender: 'male',
  birthDate: '1985-05-01',
  firstServiceDate: '2022-09-01',
  category: 'principal',
  backboneLevel: 'none',
};

// An unusual but possible history: first appointed as a teacher at a village school in 2022 (R3 window to
// 2027), while also recorded as that school's secretary since 2013 (R2 tenure of 12 years on 2025-09-01).
const appointments: AppointmentFacts[] = [
  { appointmentId: 'a1', schoolId: 'V1', schoolType: 'village_primary', kind: 'regular', role: 'secretary', workloadShare: 0.2, startDate: '2013-09-01', endDate: null },
  { appointmentId: 'a2', schoolId: 'V1', schoolType: 'village_primary', kind: 'regular', role: 'teacher', workloadShare: 0.8, startDate: '2022-09-01', endDate: null },
];

describe('evaluateTeacher', () => {
  it('returns the R2 then the R3 finding', () => {
    const findings = evaluateTeacher(teacher, appointments, [], '2026-01-01');
    expect(findings.map((f) => [f.rule, f.severity, f.dueBy])).toEqual([
      ['R2', 'overdue', '2025-09-01'],
      ['R3', 'due', '2027-09-01'],
    ]);
  });

  it('returns nothing for a teacher with no obligation', () => {
    const township: AppointmentFacts[] = [{ ...appointments[1], schoolType: 'township_central', startDate: '2022-09-01' }];
    expect(evaluateTeacher(teacher, township, [], '2026-01-01')).toEqual([]);
  });

  it('returns nothing for an exempt teacher, and says why', () => {
    const hr = [{ teacherId: 't1', reason: 'long-term sick leave', from: '2025-12-01', until: '2026-02-28' }];
    expect(evaluateTeacher(teacher, appointments, hr, '2026-01-01')).toEqual([]);
    expect(assessTeacher(teacher, appointments, hr, '2026-01-01')).toEqual({
      exemption: { exempt: true, kind: 'hr_record', reason: 'long-term sick leave', until: '2026-02-28' },
      findings: [],
    });
    expect(evaluateTeacher(teacher, appointments, hr, '2026-03-01')).toHaveLength(2);
    const nearRetirement = { ...teacher, birthDate: '1966-01-01' };
    expect(assessTeacher(nearRetirement, appointments, [], '2026-01-01')).toMatchObject({ exemption: { exempt: true, kind: 'near_retirement' }, findings: [] });
    expect(assessTeacher(teacher, appointments, [], '2026-01-01').exemption).toEqual({ exempt: false });
  });
});
