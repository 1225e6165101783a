import { DEFAULT_POLICY, type PolicyValue } from '@app/policy';
import { InvalidDate } from '@app/rules';
import type { AppointmentFacts, TeacherFacts } from './facts';
import { evaluateR2 } from './r2';

const teacher: TeacherFacts = {
  teacherId: 't1',
  countyCode: 'taishan',
  gender: 'male',
  birthDate: '1980-05-01',
  firstServiceDate: '2002-09-01',
  category: 'principal',
  backboneLevel: 'county',
};

let seq = 0;
function appt(p: Partial<AppointmentFacts> & Pick<AppointmentFacts, 'startDate'>): AppointmentFacts {
  seq += 1;
  return { appointmentId: `a${seq}`, schoolId: 'S1', schoolType: 'township_central', kind: 'regular', role: 'principal', workloadShare: 1, endDate: null, ...p };
}
const principalSince = (startDate: string) => [appt({ startDate })];

describe('evaluateR2 — leader tenure', () => {
  it('is due at the cycle on which the tenure is exactly 12 years, and overdue from that day on', () => {
    const a = principalSince('2014-09-01');
    expect(evaluateR2(teacher, a, '2025-08-31')).toMatchObject({ severity: 'warning', dueBy: '2026-09-01' }); // 11 at cycle 2025-09-01
    expect(evaluateR2(teacher, a, '2025-09-01')).toEqual({
      rule: 'R2',
      severity: 'due',
      dueBy: '2026-09-01',
      facts: {
        schoolId: 'S1',
        schoolType: 'township_central',
        role: 'principal',
        since: '2014-09-01',
        years: 11,
        yearsAtCycle: 12,
        cycleDate: '2026-09-01',
        maxYears: 12,
        reachesMaxOn: '2026-09-01',
      },
    });
    expect(evaluateR2(teacher, a, '2026-08-31')).toMatchObject({ severity: 'due', dueBy: '2026-09-01' });
    // still in post on the anniversary, which is the cycle date the move was due
    expect(evaluateR2(teacher, a, '2026-09-01')).toMatchObject({ severity: 'overdue', dueBy: '2026-09-01', facts: { years: 12, cycleDate: '2027-09-01' } });
    expect(evaluateR2(teacher, a, '2027-03-01')).toMatchObject({ severity: 'overdue', dueBy: '2026-09-01' });
  });

  it('at 11 years and 364 days on the cycle date warns, is not due; due for the following cycle', () => {
    const a = principalSince('2014-09-02');
    const warning = evaluateR2(teacher, a, '2025-09-01');
    expect(warning).toMatchObject({ severity: 'warning', dueBy: '2026-09-02', facts: { yearsAtCycle: 11.99, cycleDate: '2026-09-01', reachesMaxOn: '2026-09-02' } });
    expect(evaluateR2(teacher, a, '2026-08-31')).toMatchObject({ severity: 'warning' });
    // on 2026-09-01 the cycle passed with 11y364d: not overdue, due for the next cycle
    expect(evaluateR2(teacher, a, '2026-09-01')).toMatchObject({ severity: 'due', dueBy: '2027-09-01' });
    // 12 years reached on 2026-09-02, after the last cycle: still only due
    expect(evaluateR2(teacher, a, '2026-09-02')).toMatchObject({ severity: 'due', dueBy: '2027-09-01', facts: { years: 12 } });
    expect(evaluateR2(teacher, a, '2027-09-01')).toMatchObject({ severity: 'overdue', dueBy: '2027-09-01' });
  });

  it('says nothing while the tenure at the next cycle is under 11 years', () => {
    const a = principalSince('2016-09-01');
    expect(evaluateR2(teacher, a, '2026-08-31')).toBeNull(); // 10 years at 2026-09-01
    expect(evaluateR2(teacher, a, '2026-09-01')).toMatchObject({ severity: 'warning', dueBy: '2028-09-01', facts: { yearsAtCycle: 11 } });
    expect(evaluateR2(teacher, principalSince('2016-09-02'), '2026-09-01')).toBeNull(); // 10y364d at 2027-09-01
  });

  it('says nothing for a teacher without a leadership post', () => {
    expect(evaluateR2(teacher, [appt({ startDate: '2005-09-01', role: 'teacher' })], '2026-01-01')).toBeNull();
    expect(evaluateR2(teacher, [], '2026-01-01')).toBeNull();
  });

  it('says nothing when the post is already known to end before the next cycle, unless already overdue', () => {
    expect(evaluateR2(teacher, [appt({ startDate: '2014-09-01', endDate: '2026-08-31' })], '2026-03-01')).toBeNull();
    const reappointed = [appt({ startDate: '2014-09-01', endDate: '2026-08-31' }), appt({ startDate: '2026-09-01' })];
    expect(evaluateR2(teacher, reappointed, '2026-03-01')).toMatchObject({ severity: 'due', dueBy: '2026-09-01' });
    expect(evaluateR2(teacher, [appt({ startDate: '2013-09-01', endDate: '2026-08-31' })], '2026-03-01')).toMatchObject({ severity: 'overdue', dueBy: '2025-09-01' });
  });

  it('is still due when the post is known to end on the cycle date or after it (the leader is in post on 1 September)', () => {
    // ends on the cycle date itself: in post on 2026-09-01, so no move is in place for that cycle
    expect(evaluateR2(teacher, [appt({ startDate: '2014-09-01', endDate: '2026-09-01' })], '2026-03-01')).toMatchObject({ severity: 'due', dueBy: '2026-09-01' });
    // ends a year after the cycle
    expect(evaluateR2(teacher, [appt({ startDate: '2014-09-01', endDate: '2027-08-31' })], '2026-03-01')).toMatchObject({ severity: 'due', dueBy: '2026-09-01' });
    // a known end after the cycle does not silence the warning either
    expect(evaluateR2(teacher, [appt({ startDate: '2015-09-01', endDate: '2027-08-31' })], '2026-03-01')).toMatchObject({ severity: 'warning', dueBy: '2027-09-01' });
  });

  it('gives no warning when no warning threshold is in force at the cycle, but is still due at the maximum', () => {
    const noWarning: PolicyValue[] = DEFAULT_POLICY.filter((v) => v.key !== 'R2.warning_tenure_years');
    expect(evaluateR2(teacher, principalSince('2014-09-01'), '2025-08-31', noWarning)).toBeNull(); // 11 years at 2025-09-01
    expect(evaluateR2(teacher, principalSince('2014-09-01'), '2025-09-01', noWarning)).toMatchObject({ severity: 'due', dueBy: '2026-09-01' });
  });

  it('rejects a malformed evaluation date, naming it', () => {
    const run = () => evaluateR2(teacher, principalSince('2014-09-01'), '2026-02-30');
    expect(run).toThrow(InvalidDate);
    expect(run).toThrow(expect.objectContaining({ code: 'RULES.INVALID_DATE', message: `asOf must be a calendar date 'YYYY-MM-DD', got "2026-02-30"` }));
  });

  it('restarts the count for a leader who moved away and came back', () => {
    const stayed = principalSince('2010-09-01');
    expect(evaluateR2(teacher, stayed, '2026-10-01')).toMatchObject({ severity: 'overdue' });
    const away = [
      appt({ startDate: '2010-09-01', endDate: '2016-08-31' }),
      appt({ startDate: '2016-09-01', endDate: '2017-01-31', schoolId: 'S2', schoolType: 'village_primary' }),
      appt({ startDate: '2017-02-01' }),
    ];
    expect(evaluateR2(teacher, away, '2026-10-01')).toBeNull(); // since 2017-02-01: 10.58 years at 2027-09-01
    expect(evaluateR2(teacher, away, '2027-10-01')).toMatchObject({ severity: 'warning', facts: { since: '2017-02-01', reachesMaxOn: '2029-02-01' } });
  });

  it('continues the count through a 10-day gap in the same post and restarts after a 365-day gap', () => {
    const tenDays = [appt({ startDate: '2014-09-01', endDate: '2020-08-31' }), appt({ startDate: '2020-09-11' })];
    expect(evaluateR2(teacher, tenDays, '2026-09-01')).toMatchObject({ severity: 'overdue', facts: { since: '2014-09-01' } });
    const yearGap = [appt({ startDate: '2014-09-01', endDate: '2019-08-31' }), appt({ startDate: '2020-08-31' })];
    expect(evaluateR2(teacher, yearGap, '2026-09-01')).toBeNull();
  });

  it('handles a tenure starting on 29 February', () => {
    const a = principalSince('2016-02-29');
    expect(evaluateR2(teacher, a, '2027-08-31')).toMatchObject({ severity: 'warning', dueBy: '2028-02-29', facts: { cycleDate: '2027-09-01', yearsAtCycle: 11.5 } });
    expect(evaluateR2(teacher, a, '2027-09-01')).toMatchObject({ severity: 'due', dueBy: '2028-09-01' });
    expect(evaluateR2(teacher, a, '2028-09-01')).toMatchObject({ severity: 'overdue', dueBy: '2028-09-01' });
    // with a maximum of 11 years the anniversary falls on 28 February of a common year
    const eleven: PolicyValue[] = [
      ...DEFAULT_POLICY,
      { key: 'R2.max_leader_tenure_years', value: 11, effectiveFrom: '2024-09-01', source: 'test' },
      { key: 'R2.warning_tenure_years', value: 10, effectiveFrom: '2024-09-01', source: 'test' },
    ];
    expect(evaluateR2(teacher, a, '2025-09-01', eleven)).toMatchObject({ severity: 'warning', dueBy: '2027-02-28', facts: { reachesMaxOn: '2027-02-28' } });
    expect(evaluateR2(teacher, a, '2026-09-01', eleven)).toMatchObject({ severity: 'due', dueBy: '2027-09-01' });
  });

  it('applies a lower maximum only from its effective date, never retroactively', () => {
    const policy: PolicyValue[] = [
      ...DEFAULT_POLICY,
      { key: 'R2.max_leader_tenure_years', value: 10, effectiveFrom: '2027-09-01', source: 'test' },
      { key: 'R2.warning_tenure_years', value: 9, effectiveFrom: '2027-09-01', source: 'test' },
    ];
    const a = principalSince('2017-09-01');
    expect(evaluateR2(teacher, a, '2026-08-31', policy)).toBeNull(); // cycle 2026-09-01: 9 years, old rule (warning at 11)
    expect(evaluateR2(teacher, a, '2026-08-31')).toBeNull();
    expect(evaluateR2(teacher, a, '2026-09-01', policy)).toMatchObject({ severity: 'due', dueBy: '2027-09-01', facts: { maxYears: 10, reachesMaxOn: '2027-09-01' } });
    expect(evaluateR2(teacher, a, '2026-09-01')).toBeNull(); // default rule: 10 years at 2027-09-01
    // 10.5 years at the 2026 cycle, when 12 was the maximum: not overdue under the later rule
    const longer = principalSince('2016-03-01');
    expect(evaluateR2(teacher, longer, '2027-08-31', policy)).toMatchObject({ severity: 'due', dueBy: '2027-09-01' });
    expect(evaluateR2(teacher, longer, '2027-09-01', policy)).toMatchObject({ severity: 'overdue', dueBy: '2027-09-01', facts: { maxYears: 10 } });
  });

  it('counts no cycle before R2 took effect', () => {
    // 12 years reached in 2017, but R2 applies from 2023-09-01: the first cycle it could be moved at
    expect(evaluateR2(teacher, principalSince('2005-09-01'), '2025-10-01')).toMatchObject({ severity: 'overdue', dueBy: '2023-09-01' });
    const later: PolicyValue[] = [
      ...DEFAULT_POLICY.filter((v) => v.key !== 'R2.max_leader_tenure_years' && v.key !== 'R2.warning_tenure_years'),
      { key: 'R2.max_leader_tenure_years', value: 12, effectiveFrom: '2030-09-01', source: 'test' },
      { key: 'R2.warning_tenure_years', value: 11, effectiveFrom: '2030-09-01', source: 'test' },
    ];
    const a = principalSince('2014-09-01');
    expect(evaluateR2(teacher, a, '2029-08-31', later)).toBeNull();
    expect(evaluateR2(teacher, a, '2029-09-01', later)).toMatchObject({ severity: 'due', dueBy: '2030-09-01' });
    expect(evaluateR2(teacher, a, '2030-09-01', later)).toMatchObject({ severity: 'overdue', dueBy: '2030-09-01' });
  });

  it('acts on the longest of several leadership posts held at once', () => {
    const a = [appt({ startDate: '2020-09-01', role: 'principal' }), appt({ startDate: '2014-09-01', role: 'secretary' })];
    expect(evaluateR2(teacher, a, '2026-01-01')).toMatchObject({ severity: 'due', facts: { role: 'secretary', since: '2014-09-01' } });
  });
});
