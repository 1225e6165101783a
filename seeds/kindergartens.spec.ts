import { generateCounty } from './county-generator';
import { plannedPairings } from './kindergartens';

describe('R10 seed pairings', () => {
  const data = generateCounty({ countyCode: 'taishan', seed: 'r10', teachers: 600 });
  const plan = plannedPairings(data);
  const type = new Map(data.schools.map((s) => [s.id, s.type]));

  it('designates every urban kindergarten and pairs it only with village kindergartens', () => {
    expect(plan.length).toBe(data.schools.filter((s) => s.type === 'kindergarten_county_town').length);
    expect(plan.length).toBeGreaterThan(0);
    for (const p of plan) {
      expect(type.get(p.urbanId)).toBe('kindergarten_county_town');
      for (const v of p.villageIds) expect(type.get(v)).toBe('kindergarten_village');
    }
  });

  it('leaves some kindergartens short of 3 partners and some at 3 or more, the same way every time', () => {
    const counts = plan.map((p) => p.villageIds.length);
    if (plan.length >= 3) {
      expect(counts.some((n) => n < 3)).toBe(true);
      expect(counts.some((n) => n >= 3)).toBe(true);
    }
    expect(plannedPairings(data)).toEqual(plan);
  });
});
