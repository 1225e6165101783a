import { DEFAULT_POLICY, type PolicyValue } from '@app/policy';
import { checkNewPolicyValue, PolicyValueExists, PolicyValueInvalid } from './policy-value';

const today = '2026-12-02';
const ok = { key: 'R1.min_exchange_share', value: 0.08, effectiveFrom: '2027-09-01', source: '江门市教育局 2026 年第 3 号通知' };

describe('checkNewPolicyValue', () => {
  it('accepts a value from today or a later date, trimming its source', () => {
    expect(checkNewPolicyValue({ ...ok, source: '  notice  ' }, today, DEFAULT_POLICY)).toEqual({ ...ok, source: 'notice' });
    expect(checkNewPolicyValue({ ...ok, effectiveFrom: today }, today, DEFAULT_POLICY).effectiveFrom).toBe(today);
  });

  it('refuses a date in the past, an unknown key, a missing source', () => {
    expect(() => checkNewPolicyValue({ ...ok, effectiveFrom: '2026-12-01' }, today, DEFAULT_POLICY)).toThrow(/takes effect today \(2026-12-02\) or later, not on 2026-12-01/);
    expect(() => checkNewPolicyValue({ ...ok, key: 'R1.min_share' }, today, DEFAULT_POLICY)).toThrow(/R1.min_share is not a policy parameter/);
    expect(() => checkNewPolicyValue({ ...ok, source: '   ' }, today, DEFAULT_POLICY)).toThrow(PolicyValueInvalid);
    expect(() => checkNewPolicyValue({ ...ok, effectiveFrom: '2027-02-30' }, today, DEFAULT_POLICY)).toThrow('calendar date');
  });

  it('checks the value against what the parameter is', () => {
    expect(() => checkNewPolicyValue({ ...ok, value: 5 }, today, DEFAULT_POLICY)).toThrow('R1.min_exchange_share is a share: a number from 0 to 1 (0.05 is 5%)');
    expect(() => checkNewPolicyValue({ ...ok, value: -0.01 }, today, DEFAULT_POLICY)).toThrow(PolicyValueInvalid);
    expect(checkNewPolicyValue({ ...ok, value: 1 }, today, DEFAULT_POLICY).value).toBe(1);
    expect(checkNewPolicyValue({ ...ok, value: 0 }, today, DEFAULT_POLICY).value).toBe(0);
    expect(() => checkNewPolicyValue({ ...ok, key: 'R2.max_leader_tenure_years', value: 10.5 }, today, DEFAULT_POLICY)).toThrow('R2.max_leader_tenure_years is a whole number, 0 or more');
    expect(() => checkNewPolicyValue({ ...ok, key: 'R2.max_leader_tenure_years', value: -1 }, today, DEFAULT_POLICY)).toThrow(PolicyValueInvalid);
    expect(checkNewPolicyValue({ ...ok, key: 'R2.max_leader_tenure_years', value: 10 }, today, DEFAULT_POLICY).value).toBe(10);
    expect(checkNewPolicyValue({ ...ok, key: 'planner.weight.disruption', value: -100 }, today, DEFAULT_POLICY).value).toBe(-100);
    expect(() => checkNewPolicyValue({ ...ok, key: 'planner.weight.disruption', value: 100.5 }, today, DEFAULT_POLICY)).toThrow('from -100 to 100');
    expect(checkNewPolicyValue({ ...ok, key: 'points.per_year_rural', value: 2.5 }, today, DEFAULT_POLICY).value).toBe(2.5);
    expect(() => checkNewPolicyValue({ ...ok, key: 'points.per_year_rural', value: -2 }, today, DEFAULT_POLICY)).toThrow('0 or more');
    expect(() => checkNewPolicyValue({ ...ok, value: Number.NaN }, today, DEFAULT_POLICY)).toThrow('must be a number');
  });

  it('never edits a value: the same key and date again is a conflict', () => {
    const existing: PolicyValue[] = [...DEFAULT_POLICY, { ...ok, key: 'R1.min_exchange_share', value: 0.06 }];
    expect(() => checkNewPolicyValue(ok, today, existing)).toThrow(PolicyValueExists);
    expect(() => checkNewPolicyValue(ok, today, existing)).toThrow(/already has a value from 2027-09-01 \(0.06\)/);
    expect(checkNewPolicyValue({ ...ok, effectiveFrom: '2027-09-02' }, today, existing).effectiveFrom).toBe('2027-09-02');
    expect(checkNewPolicyValue({ ...ok, key: 'R1.national_base_share' }, today, existing).key).toBe('R1.national_base_share');
  });
});
