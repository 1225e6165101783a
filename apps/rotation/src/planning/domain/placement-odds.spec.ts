import { placementOdds } from './placement-odds';
import { planRotation } from './planner';
import { county, school, teacher } from './planning.fixtures';
import { randomCounty } from './random-county.fixture';

const moves = (ms: readonly { teacherId: string; toSchoolId: string }[]) => ms.map((m) => `${m.teacherId}→${m.toSchoolId}`).sort();

describe('placementOdds', () => {
  it('has the base plan planRotation gives on the same input, feasible or not, for 60 random counties', async () => {
    let infeasible = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const input = randomCounty(seed);
      const odds = await placementOdds(input, { scenarios: 2, seed: String(seed) });
      const plan = await planRotation(input);
      if (plan.status === 'infeasible') infeasible++;
      expect([seed, odds.plan.status, moves(odds.plan.moves)]).toEqual([seed, plan.status, moves(plan.moves)]);
      // each teacher's candidate flagged `base` is the base plan's move
      odds.candidates.forEach((list, ti) => {
        const placed = odds.plan.moves.find((m) => m.teacherId === input.teachers[ti].id);
        expect([seed, ti, list.filter((c) => c.base).map((c) => c.schoolId)]).toEqual([seed, ti, placed ? [placed.toSchoolId] : []]);
      });
    }
    // the fixture's counties bind now and then: both kinds were compared
    expect(infeasible).toBeGreaterThan(0);
    expect(infeasible).toBeLessThan(60);
  });

  it("prices a move the model has a column for at HiGHS's own reduced cost (the duals are read the right way round)", async () => {
    let compared = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const input = randomCounty(seed);
      const odds = await placementOdds(input, { scenarios: 0 });
      if (odds.plan.status === 'infeasible') continue;
      odds.candidates.forEach((list, ti) => {
        for (const c of list) {
          const price = odds.price(ti, c.schoolId, c.rank);
          // a move the plan makes is basic (0) or at its upper bound (≥ 0, shown as 0); one it leaves out is ≤ 0
          expect([seed, ti, c.schoolId, Math.min(0, price!)]).toEqual([seed, ti, c.schoolId, expect.closeTo(c.reducedCost, 6)]);
          if (!c.base) expect(c.reducedCost).toBeLessThanOrEqual(1e-9);
          compared++;
        }
      });
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('is deterministic for a seed, and the scenarios share out places among near ties', async () => {
    // Two volunteers want the one mathematics place at R with the same score: either may get it.
    const input = county(
      [school('T', 'county_town', 'A'), school('U', 'county_town', 'A'), school('R', 'village_primary', 'A')],
      [
        teacher('a', 'T', ['mathematics'], { volunteer: true, preferences: ['R'] }),
        teacher('b', 'U', ['mathematics'], { volunteer: true, preferences: ['R'] }),
        teacher('c', 'T', ['chinese'], { volunteer: true, preferences: ['R'] }),
      ],
      { vacancies: { 'R|mathematics': 1 } },
    );
    const one = await placementOdds(input, { scenarios: 16, seed: 'x' });
    const two = await placementOdds(input, { scenarios: 16, seed: 'x' });
    expect(one.candidates).toEqual(two.candidates);
    expect(one.scenarios).toBe(16);
    const [a, b, c] = one.candidates;
    expect(a[0].scenarioShare + b[0].scenarioShare).toBeCloseTo(1, 6);
    expect(a[0].scenarioShare).toBeGreaterThan(0);
    expect(b[0].scenarioShare).toBeGreaterThan(0);
    // the tie: the one left out is at reduced cost 0 (an alternative optimum)
    expect(Math.max(a[0].reducedCost, b[0].reducedCost)).toBeCloseTo(0, 9);
    // c's listed school has no chinese post: no candidate, no price
    expect(c).toEqual([]);
    expect(one.price(2, 'R', 1)).toBeNull();
    // R's mathematics post: quota 1, nobody holds it, no place left after the plan
    expect(one.room(0, 'R')).toEqual({ quota: 1, current: 0, left: 0, arrivals: 1 });
    // U's mathematics post frees a place when b (its holder) is the one who moves
    const bMoved = one.plan.moves.some((m) => m.teacherId === 'b');
    expect(one.room(0, 'U')).toEqual({ quota: 1, current: 1, left: bMoved ? 1 : 0, arrivals: 0 });
  });

  it('visits every destination priced at least the minimum, near ones first, each by price, at the single-move price', async () => {
    let visited = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const input = randomCounty(seed);
      const odds = await placementOdds(input, { scenarios: 0 });
      input.teachers.forEach((t, ti) => {
        const rank = t.preferences.length + 1;
        const seen: { schoolId: string; price: number; near: boolean }[] = [];
        odds.eachDestination(ti, rank, -1, (schoolId, price, near) => {
          seen.push({ schoolId, price, near });
          return true;
        });
        const expected = input.schools
          .map((s) => ({ schoolId: s.id, price: odds.price(ti, s.id, rank) }))
          .filter((x): x is { schoolId: string; price: number } => x.price !== null && x.price >= -1);
        expect([seed, ti, seen.map((x) => x.schoolId).sort()]).toEqual([seed, ti, expected.map((x) => x.schoolId).sort()]);
        for (const x of seen) expect(x.price).toBeCloseTo(expected.find((e) => e.schoolId === x.schoolId)!.price, 6);
        const home = input.schools.find((s) => s.id === t.currentSchoolId)!.districtCode;
        for (const x of seen) expect(x.near).toBe(input.schools.find((s) => s.id === x.schoolId)!.districtCode === home);
        for (let i = 1; i < seen.length; i++) {
          expect(seen[i - 1].near || !seen[i].near).toBe(true);
          if (seen[i - 1].near === seen[i].near) expect(seen[i - 1].price).toBeGreaterThanOrEqual(seen[i].price - 1e-9);
        }
        visited += seen.length;
      });
    }
    expect(visited).toBeGreaterThan(100);
  });

  it('stops starting scenarios when its time budget is spent', async () => {
    const input = randomCounty(7);
    const odds = await placementOdds(input, { scenarios: 50, budgetMs: 0 });
    expect(odds.scenarios).toBe(0);
    expect(odds.candidates.flat().every((c) => c.scenarioShare === 0)).toBe(true);
  });
});
