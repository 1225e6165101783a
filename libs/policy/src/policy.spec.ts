import { DEFAULT_POLICY, policyValue, PolicyNotInForce, type PolicyValue } from './policy';

describe('policyValue', () => {
  it('gives the plan defaults from their effective date', () => {
    expect(policyValue('R1.min_exchange_share', '2026-11-29')).toBe(0.05);
    expect(policyValue('R2.max_leader_tenure_years', '2027-07-10')).toBe(12);
    expect(() => policyValue('R1.min_exchange_share', '2020-01-01')).toThrow(PolicyNotInForce);
  });

  it('takes the latest entry in force on the date, so a change applies from its date only', () => {
    const values: PolicyValue[] = [...DEFAULT_POLICY, { key: 'R1.min_exchange_share', value: 0.08, effectiveFrom: '2027-09-01', source: 'test' }];
    expect(policyValue('R1.min_exchange_share', '2027-08-31', values)).toBe(0.05);
    expect(policyValue('R1.min_exchange_share', '2027-09-01', values)).toBe(0.08);
  });
});
