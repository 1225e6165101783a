import { DEFAULT_POLICY, type PolicyValue } from '@app/policy';
import { BACKBONE_LEVEL_RANK, isCountedBackbone } from './backbone';

describe('isCountedBackbone', () => {
  it('counts county, city and province backbone teachers, not school level', () => {
    const counted = Object.keys(BACKBONE_LEVEL_RANK).filter((level) => isCountedBackbone(level, '2027-09-01'));
    expect(counted).toEqual(['county', 'city', 'province']);
    expect(isCountedBackbone('unknown', '2027-09-01')).toBe(false);
  });

  it('follows a change of the lowest counted level from its date', () => {
    const values: PolicyValue[] = [...DEFAULT_POLICY, { key: 'R1.backbone_min_level', value: 1, effectiveFrom: '2028-09-01', source: 'test' }];
    expect(isCountedBackbone('school', '2028-08-31', values)).toBe(false);
    expect(isCountedBackbone('school', '2028-09-01', values)).toBe(true);
    expect(isCountedBackbone('none', '2028-09-01', values)).toBe(false);
    // a teacher with no backbone level is never one, even if the lowest level were set to 0
    const zero: PolicyValue[] = [...DEFAULT_POLICY, { key: 'R1.backbone_min_level', value: 0, effectiveFrom: '2028-09-01', source: 'test' }];
    expect(['none', 'unknown', 'school'].map((l) => isCountedBackbone(l, '2028-09-01', zero))).toEqual([false, false, true]);
    const cityUp: PolicyValue[] = [...DEFAULT_POLICY, { key: 'R1.backbone_min_level', value: 3, effectiveFrom: '2028-09-01', source: 'test' }];
    expect(['county', 'city', 'province'].map((l) => isCountedBackbone(l, '2028-09-01', cityUp))).toEqual([false, true, true]);
  });
});
