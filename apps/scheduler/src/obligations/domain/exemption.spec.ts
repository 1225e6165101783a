import { DEFAULT_POLICY, type PolicyValue } from '@app/policy';
import { isExempt } from './exemption';
import type { Exemption, TeacherFacts } from './facts';

const person = (gender: 'female' | 'male', birthDate: string, teacherId = 't1'): TeacherFacts => ({
  teacherId,
  countyCode: 'enping',
  gender,
  birthDate,
  firstServiceDate: '1998-09-01',
  category: 'teacher',
  backboneLevel: 'none',
});

describe('isExempt', () => {
  it('exempts a woman from 5 years before retirement at 55, from that day on', () => {
    const woman = person('female', '1975-03-10');
    expect(isExempt(woman, [], '2025-03-09')).toEqual({ exempt: false });
    expect(isExempt(woman, [], '2025-03-10')).toEqual({
      exempt: true,
      kind: 'near_retirement',
      reason: 'within 5 years of the retirement age 55, reached on 2030-03-10',
      retirementDate: '2030-03-10',
    });
    expect(isExempt(woman, [], '2031-01-01')).toMatchObject({ exempt: true, kind: 'near_retirement' });
  });

  it('exempts a man from 5 years before retirement at 60', () => {
    const man = person('male', '1970-03-10');
    expect(isExempt(man, [], '2025-03-09')).toEqual({ exempt: false });
    expect(isExempt(man, [], '2025-03-10')).toMatchObject({ exempt: true, kind: 'near_retirement', retirementDate: '2030-03-10' });
    // a man of the woman's age is not exempt yet
    expect(isExempt(person('male', '1975-03-10'), [], '2025-03-10')).toEqual({ exempt: false });
  });

  it('handles a 29 February birth date', () => {
    const leap = person('female', '1976-02-29'); // 55 on 2031-02-28
    expect(isExempt(leap, [], '2026-02-27')).toEqual({ exempt: false });
    expect(isExempt(leap, [], '2026-02-28')).toMatchObject({ exempt: true, retirementDate: '2031-02-28' });
  });

  it('applies an HR-recorded exemption from its first to its last day, for that teacher only', () => {
    const teacher = person('male', '1985-06-01');
    const exemptions: Exemption[] = [
      { teacherId: 't1', reason: 'serious illness (medical certificate)', from: '2026-01-01', until: '2026-06-30' },
      { teacherId: 'other', reason: 'secondment', from: '2025-01-01', until: '2027-12-31' },
    ];
    expect(isExempt(teacher, exemptions, '2025-12-31')).toEqual({ exempt: false });
    expect(isExempt(teacher, exemptions, '2026-01-01')).toEqual({ exempt: true, kind: 'hr_record', reason: 'serious illness (medical certificate)', until: '2026-06-30' });
    expect(isExempt(teacher, exemptions, '2026-06-30')).toMatchObject({ exempt: true, kind: 'hr_record' });
    expect(isExempt(teacher, exemptions, '2026-07-01')).toEqual({ exempt: false });
  });

  it('reports the longest of several HR exemptions in force, and age before HR', () => {
    const exemptions: Exemption[] = [
      { teacherId: 't1', reason: 'short', from: '2026-01-01', until: '2026-03-31' },
      { teacherId: 't1', reason: 'long', from: '2025-09-01', until: '2027-08-31' },
    ];
    expect(isExempt(person('male', '1985-06-01'), exemptions, '2026-02-01')).toMatchObject({ reason: 'long', until: '2027-08-31' });
    expect(isExempt(person('female', '1970-01-01'), exemptions, '2026-02-01')).toMatchObject({ kind: 'near_retirement' });
  });

  it('follows a change of the retirement age from its effective date', () => {
    const policy: PolicyValue[] = [...DEFAULT_POLICY, { key: 'retirement.age_female', value: 58, effectiveFrom: '2026-01-01', source: 'test' }];
    const woman = person('female', '1974-06-01'); // exempt from 2024-06-01 at 55; from 2027-06-01 at 58
    expect(isExempt(woman, [], '2025-12-31', policy)).toMatchObject({ exempt: true, retirementDate: '2029-06-01' });
    expect(isExempt(woman, [], '2026-01-01', policy)).toEqual({ exempt: false });
    expect(isExempt(woman, [], '2027-06-01', policy)).toMatchObject({ exempt: true, retirementDate: '2032-06-01' });
  });

  it('gives no age exemption before the exemption rule took effect; HR records still apply', () => {
    const old = person('male', '1965-01-01');
    expect(isExempt(old, [], '2023-08-31')).toEqual({ exempt: false });
    expect(isExempt(old, [], '2023-09-01')).toMatchObject({ exempt: true, kind: 'near_retirement' });
    expect(isExempt(old, [{ teacherId: 't1', reason: 'r', from: '2023-01-01', until: '2023-12-31' }], '2023-08-31')).toMatchObject({ exempt: true, kind: 'hr_record' });
  });

  it('rejects malformed dates', () => {
    expect(() => isExempt(person('male', '1985-02-30'), [], '2026-01-01')).toThrow('calendar date');
    expect(() => isExempt(person('male', '1985-02-01'), [{ teacherId: 't1', reason: 'r', from: '2026-1-1', until: '2026-12-31' }], '2026-01-01')).toThrow('calendar date');
  });
});
