import { DEFAULT_POLICY, PolicyNotInForce, type PolicyValue } from '@app/policy';
import { describeAge, InvalidRetirementRule, retirementGroupOf, statutoryRetirement } from './retirement';

const onNewLaw = '2026-12-02';
const onOldLaw = '2024-12-31';

describe('statutoryRetirement', () => {
  it('gives the published cases of the 2025 reform', () => {
    // 人社部 table: a man born in January 1965 retires at 60 years 1 month; born in May 1965, 60 years 2 months
    expect(statutoryRetirement('1965-01-15', 'male', onNewLaw)).toEqual({ date: '2025-02-15', age: { years: 60, months: 1 }, delayMonths: 1, law: 'gradual_2025' });
    expect(statutoryRetirement('1965-05-20', 'male', onNewLaw)).toEqual({ date: '2025-07-20', age: { years: 60, months: 2 }, delayMonths: 2, law: 'gradual_2025' });
    // a woman teacher (55 group) born in October 1976: 56 years 9 months
    expect(statutoryRetirement('1976-10-08', 'female', onNewLaw)).toEqual({ date: '2033-07-08', age: { years: 56, months: 9 }, delayMonths: 21, law: 'gradual_2025' });
  });

  it('adds one month for every four months of birth, the first four months of 1965 getting one', () => {
    const delay = (birth: string) => statutoryRetirement(birth, 'male', onNewLaw).delayMonths;
    expect([delay('1965-01-01'), delay('1965-04-30'), delay('1965-05-01'), delay('1965-08-31'), delay('1965-09-01'), delay('1965-12-31')]).toEqual([1, 1, 2, 2, 3, 3]);
    expect(delay('1966-01-01')).toBe(4);
  });

  it('stops at 63 for men and 58 for women teachers (36 months), reached by those born from September 1976', () => {
    expect(statutoryRetirement('1976-08-31', 'male', onNewLaw).delayMonths).toBe(35);
    expect(statutoryRetirement('1976-09-01', 'male', onNewLaw)).toMatchObject({ age: { years: 63, months: 0 }, delayMonths: 36 });
    expect(statutoryRetirement('1990-03-01', 'male', onNewLaw)).toMatchObject({ date: '2053-03-01', age: { years: 63, months: 0 } });
    expect(statutoryRetirement('1981-08-31', 'female', onNewLaw).delayMonths).toBe(35);
    expect(statutoryRetirement('1981-09-01', 'female', onNewLaw)).toMatchObject({ age: { years: 58, months: 0 }, delayMonths: 36 });
  });

  it('adds one month for every two months for women workers (50 group), up to 55', () => {
    expect(statutoryRetirement('1975-01-10', 'female_worker', onNewLaw)).toMatchObject({ date: '2025-02-10', delayMonths: 1 });
    expect(statutoryRetirement('1975-03-10', 'female_worker', onNewLaw)).toMatchObject({ delayMonths: 2 });
    expect(statutoryRetirement('1984-10-31', 'female_worker', onNewLaw)).toMatchObject({ delayMonths: 59 });
    expect(statutoryRetirement('1984-11-01', 'female_worker', onNewLaw)).toMatchObject({ age: { years: 55, months: 0 }, delayMonths: 60 });
  });

  it('does not delay someone whose original retirement came before 2025', () => {
    expect(statutoryRetirement('1964-12-31', 'male', onNewLaw)).toEqual({ date: '2024-12-31', age: { years: 60, months: 0 }, delayMonths: 0, law: 'gradual_2025' });
    expect(statutoryRetirement('1969-12-31', 'female', onNewLaw).delayMonths).toBe(0);
    expect(statutoryRetirement('1970-01-01', 'female', onNewLaw).delayMonths).toBe(1);
    // long before the reform: still the old age, never earlier
    expect(statutoryRetirement('1960-06-01', 'male', onNewLaw)).toEqual({ date: '2020-06-01', age: { years: 60, months: 0 }, delayMonths: 0, law: 'gradual_2025' });
    expect(statutoryRetirement('1964-09-01', 'female', onNewLaw)).toMatchObject({ date: '2019-09-01', delayMonths: 0 });
  });

  it('keeps the old fixed ages for dates before 2025', () => {
    expect(statutoryRetirement('1976-10-08', 'female', onOldLaw)).toEqual({ date: '2031-10-08', age: { years: 55, months: 0 }, delayMonths: 0, law: 'fixed_age' });
    expect(statutoryRetirement('1965-05-20', 'male', onOldLaw)).toMatchObject({ date: '2025-05-20', delayMonths: 0, law: 'fixed_age' });
    expect(statutoryRetirement('1975-01-10', 'female_worker', onOldLaw)).toMatchObject({ date: '2025-01-10', law: 'fixed_age' });
    expect(statutoryRetirement('1965-05-20', 'male', '2025-01-01').law).toBe('gradual_2025');
  });

  it('clamps to the end of a shorter month', () => {
    expect(statutoryRetirement('1965-03-31', 'male', onNewLaw).date).toBe('2025-04-30'); // 60 years 1 month
    expect(statutoryRetirement('1968-02-29', 'male', onOldLaw).date).toBe('2028-02-29');
    expect(statutoryRetirement('1964-02-29', 'male', onOldLaw).date).toBe('2024-02-29');
    expect(statutoryRetirement('1963-02-28', 'female', onOldLaw).date).toBe('2018-02-28');
  });

  it('follows the policy values: a change of the maximum or the pace applies from its date', () => {
    const faster: PolicyValue[] = [...DEFAULT_POLICY, { key: 'retirement.birth_months_per_delay_month_male', value: 2, effectiveFrom: '2027-01-01', source: 'test' }];
    expect(statutoryRetirement('1966-01-01', 'male', '2026-12-31', faster).delayMonths).toBe(4);
    expect(statutoryRetirement('1966-01-01', 'male', '2027-01-01', faster).delayMonths).toBe(7);
    const none: PolicyValue[] = [...DEFAULT_POLICY, { key: 'retirement.delay_max_months_male', value: 0, effectiveFrom: '2027-01-01', source: 'test' }];
    expect(statutoryRetirement('1970-01-01', 'male', '2027-01-01', none)).toMatchObject({ date: '2030-01-01', delayMonths: 0, law: 'fixed_age' });
    // with no delay at all the pace is not consulted: a pace of 0 alongside is no error
    const ended: PolicyValue[] = [...none, { key: 'retirement.birth_months_per_delay_month_male', value: 0, effectiveFrom: '2027-01-01', source: 'test' }];
    expect(statutoryRetirement('1970-01-01', 'male', '2027-01-01', ended)).toMatchObject({ date: '2030-01-01', delayMonths: 0, law: 'fixed_age' });
    const broken: PolicyValue[] = [...DEFAULT_POLICY, { key: 'retirement.birth_months_per_delay_month_male', value: 0, effectiveFrom: '2027-01-01', source: 'test' }];
    expect(() => statutoryRetirement('1970-01-01', 'male', '2027-01-01', broken)).toThrow(InvalidRetirementRule);
    expect(() => statutoryRetirement('1970-01-01', 'male', '1970-01-01')).toThrow(PolicyNotInForce);
  });

  it('rejects a pace that is not a whole number of months above 0, naming the key and value', () => {
    const pace = (value: number): PolicyValue[] => [...DEFAULT_POLICY, { key: 'retirement.birth_months_per_delay_month_female', value, effectiveFrom: '2027-01-01', source: 'test' }];
    for (const value of [0, -4, 2.5]) {
      const run = () => statutoryRetirement('1980-01-01', 'female', '2027-01-01', pace(value));
      expect(run).toThrow(InvalidRetirementRule);
      expect(run).toThrow(
        expect.objectContaining({ code: 'RULES.INVALID_RETIREMENT_RULE', kind: 'invalid', message: `retirement.birth_months_per_delay_month_female must be a whole number of months above 0, is ${value}` }),
      );
    }
    expect(statutoryRetirement('1980-01-01', 'female', '2027-01-01', pace(1)).delayMonths).toBe(36); // one month per month of birth: the maximum
  });

  it('names the malformed date in the error', () => {
    expect(() => statutoryRetirement('1970-02-30', 'male', onNewLaw)).toThrow(`birthDate must be a calendar date 'YYYY-MM-DD', got "1970-02-30"`);
    expect(() => statutoryRetirement('1970-02-01', 'male', '2026-1-1')).toThrow(`asOf must be a calendar date 'YYYY-MM-DD', got "2026-1-1"`);
  });

  it('rejects malformed dates', () => {
    expect(() => statutoryRetirement('1970-02-30', 'male', onNewLaw)).toThrow('calendar date');
    expect(() => statutoryRetirement('1970-02-01', 'male', '2026-1-1')).toThrow('calendar date');
  });

  it('puts women teachers in the 55 group', () => {
    expect(retirementGroupOf('female')).toBe('female');
    expect(retirementGroupOf('male')).toBe('male');
    expect(describeAge({ years: 60, months: 1 })).toBe('60 years 1 month');
    expect(describeAge({ years: 60, months: 2 })).toBe('60 years 2 months');
    expect(describeAge({ years: 55, months: 0 })).toBe('55 years');
  });
});
