import { deferredAcceptancePlan, greedyPlan } from './baselines';
import { checkPlan } from './checker';
import type { Plan } from './plan';
import { planRotation } from './planner';
import { county, school, teacher } from './planning.fixtures';
import { randomCounty } from './random-county.fixture';

const moved = (plan: Plan) => Object.fromEntries(plan.moves.map((m) => [m.teacherId, m.toSchoolId]));
/** what a baseline may leave unmet: nothing in them aims at R2/R3, R1 beyond a top-up, or the backbone share */
const UNGUARANTEED = new Set(['mandatory_move', 'min_movers', 'backbone_share']);

/** The county of planner.spec.ts, whose optimum (objective 5) moves a, b, c, d and e. */
function threeSchools() {
  return county(
    [school('T', 'county_town', 'A'), school('R', 'village_primary', 'A', { weak: true }), school('V', 'village_primary', 'B')],
    [
      teacher('a', 'T', ['mathematics'], { backbone: true, points: 10 }),
      teacher('b', 'T', ['mathematics'], { volunteer: true, preferences: ['R'], points: 20 }),
      teacher('c', 'R', ['mathematics'], { volunteer: true, preferences: ['T'], points: 30 }),
      teacher('d', 'V', ['chinese'], { mandatory: { rule: 'R3' }, points: 3 }),
      teacher('e', 'T', ['chinese'], { points: 5 }),
      teacher('f', 'V', ['mathematics'], { points: 1 }),
    ],
    { vacancies: { 'R|mathematics': 1, 'T|chinese': 1 }, parameters: { subjectFloor: 1 } },
  );
}

describe('greedy by points', () => {
  it('serves applicants in points order; the R3 teacher, last by points, is blocked by the floor at V', () => {
    const input = threeSchools();
    const plan = greedyPlan(input);
    // c (30) finds T full; b (20) takes R; d (3) cannot leave V's only chinese post with nobody coming
    expect(plan).toMatchObject({ method: 'greedy', status: 'heuristic', objective: 9, bound: null });
    expect(moved(plan)).toEqual({ b: 'R' });
    expect(checkPlan(input, plan.moves)).toEqual([expect.objectContaining({ constraint: 'mandatory_move', teacherId: 'd' })]);
  });

  it('tops up to R1 with non-applicants by points, each taking their best feasible candidate', () => {
    const schools = [school('T', 'county_town', 'A'), school('R', 'village_primary', 'A', { weak: true }), school('U', 'county_town', 'B')];
    const teachers = [teacher('x', 'T', ['art'], { points: 9 }), teacher('y', 'T', ['art'], { points: 8 }), teacher('z', 'T', ['art'], { points: 1 })];
    const input = county(schools, teachers, { vacancies: { 'R|art': 1, 'U|art': 1 }, parameters: { minMoverShare: 0.5 } }); // 2 movers
    const plan = greedyPlan(input);
    expect(moved(plan)).toEqual({ x: 'R', y: 'U' }); // x first takes the best (R: 3 + 3 + 1 − 4 = 3), y what is left (U: −4)
    expect(checkPlan(input, plan.moves)).toEqual([]);
  });

  it('applies forced pins first and never uses a forbidden move', () => {
    const input = { ...threeSchools(), pins: [{ teacherId: 'c', schoolId: 'T', kind: 'forbid' as const }, { teacherId: 'f', schoolId: 'R', kind: 'force' as const }] };
    const plan = greedyPlan(input);
    expect(moved(plan).f).toBe('R');
    expect(moved(plan).c).toBeUndefined();
    expect(plan.moves.find((m) => m.teacherId === 'f')!.pinned).toBe(true);
  });
});

describe('teacher-proposing deferred acceptance', () => {
  it('follows vacancy chains: a place freed by another applicant goes to the higher-priority proposer', () => {
    // X is full; its holder c wants Z. a (10 points) lists X first, then Y.
    const schools = [school('T', 'county_town', 'A'), school('X', 'county_town', 'A'), school('Y', 'county_town', 'A'), school('Z', 'county_town', 'A')];
    const teachers = [
      teacher('a', 'T', ['chinese'], { volunteer: true, preferences: ['X', 'Y'], points: 10 }),
      teacher('c', 'X', ['chinese'], { volunteer: true, preferences: ['Z'], points: 1 }),
    ];
    const input = county(schools, teachers, { vacancies: { 'Y|chinese': 1, 'Z|chinese': 1 } });
    // greedy serves a first, while X is still full: a gets her 2nd choice
    expect(moved(greedyPlan(input))).toEqual({ a: 'Y', c: 'Z' });
    // deferred acceptance sees c leave X and gives a her 1st choice
    const da = deferredAcceptancePlan(input);
    expect(da).toMatchObject({ method: 'deferred_acceptance', status: 'heuristic' });
    expect(moved(da)).toEqual({ a: 'X', c: 'Z' });
    expect(checkPlan(input, da.moves)).toEqual([]);
  });

  it('holds the highest-points proposers at a post and rejects the rest, whatever the order of proposals', () => {
    const schools = [school('T', 'county_town', 'A'), school('R', 'village_primary', 'A')];
    const teachers = [1, 2, 3, 4].map((p) => teacher(`t${p}`, 'T', ['pe'], { volunteer: true, preferences: ['R'], points: p }));
    const input = county(schools, teachers, { vacancies: { 'R|pe': 2 } });
    expect(Object.keys(moved(deferredAcceptancePlan(input))).sort()).toEqual(['t3', 't4']);
  });

  it('on the three-school county: c rides the chain b opens at T; d is still left unplaced', () => {
    const input = threeSchools();
    const plan = deferredAcceptancePlan(input);
    expect(moved(plan)).toEqual({ b: 'R', c: 'T' });
    expect(plan.objective).toBe(6);
    expect(checkPlan(input, plan.moves).map((v) => v.constraint)).toEqual(['mandatory_move']);
  });
});

describe('both baselines on random counties', () => {
  it('keep capacity, floors, leadership caps, volunteers, exemptions and R3 destinations; the optimizer beats every clean baseline plan', async () => {
    let compared = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const input = randomCounty(seed);
      const optimal = await planRotation(input);
      for (const plan of [greedyPlan(input), deferredAcceptancePlan(input)]) {
        const violations = checkPlan(input, plan.moves);
        for (const v of violations) expect(UNGUARANTEED.has(v.constraint) ? 'allowed' : `seed ${seed}, ${plan.method}: ${v.message}`).toBe('allowed');
        if (violations.length === 0 && optimal.status !== 'infeasible') {
          compared++;
          expect(optimal.objective).toBeGreaterThanOrEqual(plan.objective - 1e-9);
        }
      }
    }
    expect(compared).toBeGreaterThan(5);
  });
});
