import { DEFAULT_POLICY, type PolicyValue } from '@app/policy';
import { InvalidDate } from './calendar-date';
import { exemptionOn } from './exemption';
import type { PersonFacts, RecordedExemption } from './facts';

const person = (gender: 'female' | 'male', birthDate: string, teacherId = 't1'): PersonFacts => ({ teacherId, gender, birthDate });

describe('exemptionOn', () => {
  it('exempts from 5 years before the statutory retirement date under the current law, from that day on', () => {
    // born 1975-03-10, a woman teacher: 55 on 2030-03-10 + 16 months of delay → retires 2031-07-10
    const woman = person('female', '1975-03-10');
    expect(exemptionOn(woman, [], '2026-07-09')).toEqual({ exempt: false });
    expect(exemptionOn(woman, [], '2026-07-10')).toEqual({
      exempt: true,
      kind: 'near_retirement',
      reason: 'within 5 years of the statutory retirement age 56 years 4 months, reached on 2031-07-10',
      retirementDate: '2031-07-10',
    });
    expect(exemptionOn(woman, [], '2032-01-01')).toMatchObject({ exempt: true, kind: 'near_retirement' });
  });

  it('exempts a man from 5 years before his retirement date (60 + the delay for his birth month)', () => {
    // born 1970-03-10: 60 on 2030-03-10, 16 months later → 2031-07-10 (61 years 4 months)
    const man = person('male', '1970-03-10');
    expect(exemptionOn(man, [], '2026-07-09')).toEqual({ exempt: false });
    expect(exemptionOn(man, [], '2026-07-10')).toMatchObject({ exempt: true, kind: 'near_retirement', retirementDate: '2031-07-10' });
    // a man of the woman's age is not exempt
    expect(exemptionOn(person('male', '1975-03-10'), [], '2026-07-10')).toEqual({ exempt: false });
  });

  it('used the old ages before 2025: some teachers exempt then are not exempt now', () => {
    const woman = person('female', '1970-06-01'); // old law: 55 on 2025-06-01, exempt from 2020-06-01
    expect(exemptionOn(woman, [], '2024-12-31')).toMatchObject({ exempt: true, retirementDate: '2025-06-01' });
    // new law: 2 months of delay → 2025-08-01 → still within 5 years on 2025-01-01
    expect(exemptionOn(woman, [], '2025-01-01')).toMatchObject({ exempt: true, retirementDate: '2025-08-01' });
    const younger = person('male', '1969-01-15'); // old: exempt from 2024-01-15; new: 13 months → 2030-02-15, exempt from 2025-02-15
    expect(exemptionOn(younger, [], '2024-12-31')).toMatchObject({ exempt: true, retirementDate: '2029-01-15' });
    expect(exemptionOn(younger, [], '2025-01-01')).toEqual({ exempt: false });
    expect(exemptionOn(younger, [], '2025-02-14')).toEqual({ exempt: false });
    expect(exemptionOn(younger, [], '2025-02-15')).toMatchObject({ exempt: true, retirementDate: '2030-02-15' });
  });

  it('handles a 29 February birth date', () => {
    const leap = person('female', '1964-02-29'); // old law: 55 on 2019-02-28, exempt from 2014-02-28
    expect(exemptionOn(leap, [], '2023-09-01')).toMatchObject({ exempt: true, retirementDate: '2019-02-28' });
    const man = person('male', '1968-02-29'); // 2028-02-29 + 10 months → 2028-12-29, exempt from 2023-12-29
    expect(exemptionOn(man, [], '2025-01-01')).toMatchObject({ exempt: true, retirementDate: '2028-12-29' });
    const leapWoman = person('female', '1976-02-29'); // 2031-02-28 + 19 months → 2032-09-29, exempt from 2027-09-29
    expect(exemptionOn(leapWoman, [], '2027-09-28')).toEqual({ exempt: false });
    expect(exemptionOn(leapWoman, [], '2027-09-29')).toMatchObject({ exempt: true, retirementDate: '2032-09-29' });
  });

  it('applies an HR-recorded exemption from its first to its last day, for that teacher only', () => {
    const teacher = person('male', '1985-06-01');
    const exemptions: RecordedExemption[] = [
      { teacherId: 't1', reason: 'serious illness (medical certificate)', from: '2026-01-01', until: '2026-06-30' },
      { teacherId: 'other', reason: 'secondment', from: '2025-01-01', until: '2027-12-31' },
    ];
    expect(exemptionOn(teacher, exemptions, '2025-12-31')).toEqual({ exempt: false });
    expect(exemptionOn(teacher, exemptions, '2026-01-01')).toEqual({ exempt: true, kind: 'hr_record', reason: 'serious illness (medical certificate)', until: '2026-06-30' });
    expect(exemptionOn(teacher, exemptions, '2026-06-30')).toMatchObject({ exempt: true, kind: 'hr_record' });
    expect(exemptionOn(teacher, exemptions, '2026-07-01')).toEqual({ exempt: false });
    // records without a teacher id are the caller's own (rotation passes a teacher's records only)
    expect(exemptionOn({ gender: 'male', birthDate: '1985-06-01' }, [{ reason: 'r', from: '2026-01-01', until: '2026-01-01' }], '2026-01-01')).toMatchObject({ kind: 'hr_record' });
    expect(exemptionOn({ gender: 'male', birthDate: '1985-06-01' }, exemptions, '2027-01-01')).toMatchObject({ reason: 'secondment' });
  });

  it('reports the longest of several HR exemptions in force, and age before HR', () => {
    const exemptions: RecordedExemption[] = [
      { teacherId: 't1', reason: 'short', from: '2026-01-01', until: '2026-03-31' },
      { teacherId: 't1', reason: 'long', from: '2025-09-01', until: '2027-08-31' },
      { teacherId: 't1', reason: 'same end', from: '2026-01-15', until: '2027-08-31' },
    ];
    expect(exemptionOn(person('male', '1985-06-01'), exemptions, '2026-02-01')).toMatchObject({ reason: 'long', until: '2027-08-31' });
    expect(exemptionOn(person('female', '1970-01-01'), exemptions, '2026-02-01')).toMatchObject({ kind: 'near_retirement' });
  });

  it('follows a change of the retirement age from its effective date', () => {
    const policy: PolicyValue[] = [...DEFAULT_POLICY, { key: 'exemption.years_before_retirement', value: 3, effectiveFrom: '2027-01-01', source: 'test' }];
    const man = person('male', '1971-01-01'); // 60 on 2031-01-01 + 19 months → 2032-08-01
    expect(exemptionOn(man, [], '2028-02-01', DEFAULT_POLICY)).toMatchObject({ exempt: true, retirementDate: '2032-08-01' });
    expect(exemptionOn(man, [], '2028-02-01', policy)).toEqual({ exempt: false });
    expect(exemptionOn(man, [], '2029-07-31', policy)).toEqual({ exempt: false });
    expect(exemptionOn(man, [], '2029-08-01', policy)).toMatchObject({ exempt: true, reason: 'within 3 years of the statutory retirement age 61 years 7 months, reached on 2032-08-01' });
  });

  it('gives no age exemption before the exemption rule took effect; HR records still apply', () => {
    const old = person('male', '1963-01-01');
    expect(exemptionOn(old, [], '2023-08-31')).toEqual({ exempt: false });
    expect(exemptionOn(old, [], '2023-09-01')).toMatchObject({ exempt: true, kind: 'near_retirement' });
    expect(exemptionOn(old, [{ teacherId: 't1', reason: 'r', from: '2023-01-01', until: '2023-12-31' }], '2023-08-31')).toMatchObject({ exempt: true, kind: 'hr_record' });
  });

  it('applies a record without a teacher id to a teacher with one (the caller passed that teacher\'s records)', () => {
    expect(exemptionOn(person('male', '1985-06-01'), [{ reason: 'maternity', from: '2026-01-01', until: '2026-06-30' }], '2026-03-01')).toEqual({ exempt: true, kind: 'hr_record', reason: 'maternity', until: '2026-06-30' });
  });

  it('names the malformed date in the error', () => {
    const invalid = (run: () => unknown, message: string) => {
      expect(run).toThrow(InvalidDate);
      expect(run).toThrow(expect.objectContaining({ code: 'RULES.INVALID_DATE', message }));
    };
    invalid(() => exemptionOn(person('male', '1985-02-01'), [], '2026-13-01'), `asOf must be a calendar date 'YYYY-MM-DD', got "2026-13-01"`);
    invalid(() => exemptionOn(person('male', '1985-02-30'), [], '2026-01-01'), `birthDate must be a calendar date 'YYYY-MM-DD', got "1985-02-30"`);
    invalid(() => exemptionOn(person('male', '1985-02-01'), [{ teacherId: 't1', reason: 'r', from: '2026-1-1', until: '2026-12-31' }], '2026-01-01'), `exemption from must be a calendar date 'YYYY-MM-DD', got "2026-1-1"`);
    invalid(() => exemptionOn(person('male', '1985-02-01'), [{ teacherId: 't1', reason: 'r', from: '2026-01-01', until: '2026-12-32' }], '2026-01-01'), `exemption until must be a calendar date 'YYYY-MM-DD', got "2026-12-32"`);
  });

  it('rejects malformed dates', () => {
    expect(() => exemptionOn(person('male', '1985-02-30'), [], '2026-01-01')).toThrow('calendar date');
    expect(() => exemptionOn(person('male', '1985-02-01'), [{ teacherId: 't1', reason: 'r', from: '2026-1-1', until: '2026-12-31' }], '2026-01-01')).toThrow('calendar date');
    expect(() => exemptionOn(person('male', '1985-02-01'), [{ teacherId: 't1', reason: 'r', from: '2026-01-01', until: '2026-12-32' }], '2026-01-01')).toThrow('calendar date');
    expect(() => exemptionOn(person('male', '1985-02-01'), [], '2026-13-01')).toThrow('calendar date');
  });
});
