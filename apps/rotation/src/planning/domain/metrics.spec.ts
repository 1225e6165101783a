import { planMetrics } from './metrics';
import { county, school, teacher } from './planning.fixtures';

describe('planMetrics', () => {
  it('reads movers, R1, backbone, flows, ranks, obligations, net change and objective off a plan', () => {
    const input = county(
      [school('T', 'county_town', 'A'), school('R', 'village_primary', 'A', { weak: true }), school('V', 'village_primary', 'B')],
      [
        teacher('a', 'T', ['mathematics'], { backbone: true }),
        teacher('b', 'T', ['mathematics'], { volunteer: true, preferences: ['R'] }),
        teacher('c', 'R', ['mathematics'], { volunteer: true, preferences: ['V', 'T'] }),
        teacher('d', 'V', ['chinese'], { mandatory: { rule: 'R3' } }),
        teacher('e', 'T', ['chinese']),
        teacher('f', 'V', ['mathematics'], { volunteer: true, preferences: ['T'] }),
      ],
      { vacancies: { 'R|mathematics': 1, 'T|chinese': 1 }, parameters: { minMoverShare: 0.5 } },
    );
    const moves = ['a:R', 'b:R', 'c:T', 'd:T', 'e:V'].map((s) => ({ teacherId: s.split(':')[0], toSchoolId: s.split(':')[1] }));
    const m = planMetrics(input, moves);
    expect(m).toMatchObject({
      movers: 5,
      moverRatio: 5 / 6,
      requiredRatio: 0.5,
      requiredMovers: 3,
      backboneMovers: 1,
      backboneShare: 0.2,
      flows: { urbanToRural: 3, ruralToUrban: 2, strongToWeak: 2, weakToStrong: 1, backboneStrongToWeak: 1, backboneWeakToStrong: 0, sameDistrict: 3 },
      preferenceRanks: [1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
      unlisted: 3,
      volunteers: 3,
      volunteersPlaced: 2,
      mandatory: { R2: { required: 0, met: 0 }, R3: { required: 1, met: 1 } },
    });
    expect(m.netChange).toEqual([
      { schoolId: 'R', subject: 'mathematics', category: 'teacher', net: 1 },
      { schoolId: 'T', subject: 'mathematics', category: 'teacher', net: -1 },
    ]);
    // a 7, b 9, c (2nd choice: 6 × 9/10 = 5.4) − 3 − 3 + 1 − 4 = −3.6, d −7, e −1
    expect(m.objective).toBeCloseTo(7 + 9 - 3.6 - 7 - 1, 9);
  });
});
