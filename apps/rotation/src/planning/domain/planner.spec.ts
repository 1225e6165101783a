import { DEFAULT_POLICY, PolicyNotInForce } from '@app/policy';
import { checkPlan } from './checker';
import type { Plan } from './plan';
import type { PlannerInput, PlannerTeacher } from './plan-input';
import { InvalidPlannerInput } from './plan-input';
import { planRotation } from './planner';
import { plannerParameters } from './planner-parameters';
import { bruteForce, county, leader, school, teacher } from './planning.fixtures';
import { randomCounty } from './random-county.fixture';

/** Every plan a test makes goes through the independent checker: clean when feasible, else only what is explained. */
async function solved(input: PlannerInput): Promise<Plan> {
  const plan = await planRotation(input);
  const violations = checkPlan(input, plan.moves);
  if (plan.status === 'infeasible') {
    expect(plan.infeasibilities.length).toBeGreaterThan(0);
    const explained = new Set(plan.infeasibilities.map((i) => (i.constraint === 'r3_places' || i.constraint === 'no_candidate' ? 'mandatory_move' : i.constraint)));
    for (const v of violations) expect(explained).toContain(v.constraint);
  } else {
    expect(violations).toEqual([]);
  }
  return plan;
}

const moved = (plan: Plan) => Object.fromEntries(plan.moves.map((m) => [m.teacherId, m.toSchoolId]));

/**
 * T: county-town school (district A); R: rural and weak village school (A); V: village school (B).
 * Weights (fixtures): toward rural 3, toward weak 3, backbone toward weak 4, 1st preference 6, same district 1, move −4.
 *
 *   a  T maths, backbone      T→R  3+3+4+1−4 = 7
 *   b  T maths, volunteer [R] T→R  3+3+6+1−4 = 9
 *   c  R maths, volunteer [T] R→T −3−3+6+1−4 = −3
 *   d  V chinese, R3          V→T −3−4 = −7 (the only county-town / township-central school)
 *   e  T chinese              T→V  3−4 = −1
 *   f  V maths
 * Places: R maths 1 vacancy, T chinese 1 vacancy; subject floor 1.
 * d must go to T; V then has no chinese teacher, so e must go to V (−8 together). R can take a and b only if c
 * leaves for T (7 + 9 − 3 = 13 beats b alone, 9). Optimum 13 − 8 = 5.
 */
function threeSchools(extra: Partial<Parameters<typeof county>[2]> = {}) {
  const T = school('T', 'county_town', 'A');
  const R = school('R', 'village_primary', 'A', { weak: true });
  const V = school('V', 'village_primary', 'B');
  return county(
    [T, R, V],
    [
      teacher('a', 'T', ['mathematics'], { backbone: true, points: 10 }),
      teacher('b', 'T', ['mathematics'], { volunteer: true, preferences: ['R'], points: 20 }),
      teacher('c', 'R', ['mathematics'], { volunteer: true, preferences: ['T'], points: 30 }),
      teacher('d', 'V', ['chinese'], { mandatory: { rule: 'R3' }, points: 3 }),
      teacher('e', 'T', ['chinese'], { points: 5 }),
      teacher('f', 'V', ['mathematics'], { points: 1 }),
    ],
    { vacancies: { 'R|mathematics': 1, 'T|chinese': 1 }, ...extra, parameters: { subjectFloor: 1, ...extra.parameters } },
  );
}

describe('planRotation on a county small enough to solve by hand', () => {
  it('finds the optimum: a and b to R, c to T, d (R3) to T, e to V to keep chinese at V — objective 5', async () => {
    const input = threeSchools();
    const plan = await solved(input);
    expect(plan.status).toBe('optimal');
    expect(moved(plan)).toEqual({ a: 'R', b: 'R', c: 'T', d: 'T', e: 'V' });
    expect(plan.objective).toBe(5);
    expect(plan.bound).toMatchObject({ lpBound: 5, gap: 0, integralLp: true, mip: null });
    expect(bruteForce(input)!.objective).toBe(5);
    const d = plan.moves.find((m) => m.teacherId === 'd')!;
    expect(d).toMatchObject({ mandatory: 'R3', fromSchoolId: 'V', toSchoolId: 'T', subject: 'chinese', preferenceRank: null, score: -7 });
  });

  it('agrees with enumeration on random small counties, and calls infeasible exactly what enumeration cannot solve', async () => {
    let feasible = 0;
    let infeasible = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const input = randomCounty(seed);
      const best = bruteForce(input);
      const plan = await solved(input);
      if (best === null) {
        infeasible++;
        expect({ seed, status: plan.status }).toEqual({ seed, status: 'infeasible' });
      } else {
        feasible++;
        expect({ seed, status: plan.status }).toEqual({ seed, status: 'optimal' });
        expect(plan.objective).toBeCloseTo(best.objective, 6);
      }
    }
    expect(feasible).toBeGreaterThan(10);
    expect(infeasible).toBeGreaterThan(2);
  });
});

describe('hard rules', () => {
  it('places an R3 teacher at a county-town or township-central school even when a village school scores more', async () => {
    const input = county(
      [school('V1', 'village_primary', 'A'), school('V2', 'village_primary', 'A', { weak: true }), school('C', 'township_central', 'A', { rural: false })],
      [teacher('r', 'V1', ['mathematics'], { mandatory: { rule: 'R3' } })],
      { vacancies: { 'V2|mathematics': 1, 'C|mathematics': 1 } },
    );
    const plan = await solved(input);
    expect(moved(plan)).toEqual({ r: 'C' });
    expect(plan.moves[0].score).toBe(-3 + 1 - 4); // town-ward −3, same district +1, move −4
  });

  it('moves a young village principal for R3 onto a teacher post of their subject', async () => {
    const input = county(
      [school('V', 'village_primary', 'A', { team: 1 }), school('C', 'township_central', 'A', { rural: false })],
      [leader('p', 'V', 'principal', { subjects: ['mathematics'], mandatory: { rule: 'R3' } }), teacher('m', 'V', ['mathematics'])],
      { vacancies: { 'C|mathematics': 1 }, parameters: { maxLeadershipMoveShare: 1 } },
    );
    const plan = await solved(input);
    expect(plan.moves).toEqual([expect.objectContaining({ teacherId: 'p', toSchoolId: 'C', subject: 'mathematics', category: 'teacher', mandatory: 'R3' })]);
  });

  it('moves an R2 leader to another school with a leadership place', async () => {
    const input = county(
      [school('S1', 'junior_middle', 'A', { team: 4 }), school('S2', 'junior_middle', 'B', { team: 1 })],
      [leader('p', 'S1', 'principal', { mandatory: { rule: 'R2' } }), leader('q', 'S1', 'vice_principal'), leader('r', 'S2', 'principal')],
      { vacancies: { 'S2|principal': 1 } },
    );
    const plan = await solved(input);
    expect(moved(plan)).toEqual({ p: 'S2' });
  });

  it('never places a volunteer at a school they did not list, even when R1 needs a mover', async () => {
    const base = [school('T', 'county_town', 'A'), school('X', 'county_town', 'A'), school('Y', 'village_primary', 'A', { weak: true })];
    const v = teacher('v', 'T', ['mathematics'], { volunteer: true, preferences: ['X'] });
    const h = teacher('h', 'X', ['mathematics'], { exempt: true });
    // X is full (h is exempt), Y has a place and would score 3 + 3 + 1 − 4 = 3 for v
    const alone = await solved(county(base, [v, h], { vacancies: { 'Y|mathematics': 1 } }));
    expect(alone.moves).toEqual([]);
    // R1 needs ceil(0.2 × 3) = 1 mover: it has to be n, not the volunteer
    const n = teacher('n', 'T', ['mathematics']);
    const withR1 = await solved(county(base, [v, h, n], { vacancies: { 'Y|mathematics': 1 }, parameters: { minMoverShare: 0.2 } }));
    expect(moved(withR1)).toEqual({ n: 'Y' });
  });

  it('moves a teacher who is not eligible (R1 tenure) only as a volunteer, under R2/R3 or by a pin', async () => {
    const schools = [school('T', 'county_town', 'A'), school('R', 'village_primary', 'A', { weak: true }), school('C', 'township_central', 'A', { rural: false })];
    const vacancies = { 'R|music': 3, 'C|music': 1 };
    const young = teacher('y', 'T', ['music'], { eligible: false, backbone: true }); // T→R would score 3 + 3 + 4 + 1 − 4 = 7
    expect((await solved(county(schools, [young], { vacancies }))).moves).toEqual([]);
    expect(moved(await solved(county(schools, [{ ...young, volunteer: true, preferences: ['R'] }], { vacancies })))).toEqual({ y: 'R' });
    const village = teacher('v', 'R', ['music'], { eligible: false, mandatory: { rule: 'R3' } });
    expect(moved(await solved(county(schools, [village], { vacancies })))).toEqual({ v: 'C' });
    expect(moved(await solved(county(schools, [young], { vacancies, pins: [{ teacherId: 'y', schoolId: 'C', kind: 'force' }] })))).toEqual({ y: 'C' });
  });

  it('never moves an exempt teacher', async () => {
    const input = county([school('T', 'county_town', 'A'), school('R', 'village_primary', 'A', { weak: true })], [teacher('x', 'T', ['art'], { exempt: true, backbone: true })], { vacancies: { 'R|art': 3 } });
    expect((await solved(input)).moves).toEqual([]);
  });

  it('respects capacity: two volunteers for one place, the better move wins', async () => {
    const input = county(
      [school('T', 'county_town', 'A'), school('R', 'village_primary', 'A', { weak: true })],
      [teacher('a', 'T', ['english'], { volunteer: true, preferences: ['R'] }), teacher('b', 'T', ['english'], { volunteer: true, preferences: ['R'], backbone: true })],
      { vacancies: { 'R|english': 1 } },
    );
    const plan = await solved(input);
    expect(moved(plan)).toEqual({ b: 'R' }); // 9 + 4 for the backbone teacher
  });

  it('keeps the subject floor at the sending school, unless a qualified teacher arrives', async () => {
    const schools = [school('T1', 'county_town', 'A'), school('T2', 'county_town', 'B')];
    const c = teacher('c', 'T1', ['chinese'], { volunteer: true, preferences: ['T2'] }); // 6 − 4 = 2
    const d = teacher('d', 'T2', ['chinese']);
    const vac = { 'T2|chinese': 1 };
    expect(moved(await solved(county(schools, [c, d], { vacancies: vac, parameters: { subjectFloor: 0 } })))).toEqual({ c: 'T2' });
    // floor 1: c may leave only if d replaces her (−4): 2 − 4 < 0 — nobody moves
    expect(moved(await solved(county(schools, [c, d], { vacancies: vac, parameters: { subjectFloor: 1 } })))).toEqual({});
    // with d a volunteer for T1 too, the swap scores 2 + 2 and keeps both floors
    const dv = teacher('d', 'T2', ['chinese'], { volunteer: true, preferences: ['T1'] });
    expect(moved(await solved(county(schools, [c, dv], { vacancies: vac, parameters: { subjectFloor: 1 } })))).toEqual({ c: 'T2', d: 'T1' });
  });

  it('counts a second subject toward the floor', async () => {
    const schools = [school('T1', 'county_town', 'A'), school('T2', 'county_town', 'A')];
    const c = teacher('c', 'T1', ['music'], { volunteer: true, preferences: ['T2'] });
    const k = teacher('k', 'T1', ['chinese', 'music']);
    const plan = await solved(county(schools, [c, k], { vacancies: { 'T2|music': 1 }, parameters: { subjectFloor: 1 } }));
    expect(moved(plan)).toEqual({ c: 'T2' });
  });

  it('R1 forces the cheapest moves once the worthwhile ones are made', async () => {
    const schools = [school('T', 'county_town', 'A'), school('U', 'county_town', 'B'), school('V', 'village_primary', 'B'), school('W', 'county_town', 'B', { weak: true })];
    const teachers = [
      teacher('a', 'T', ['pe']), // T→V: 3 − 4 = −1
      teacher('b', 'T', ['it']), // T→U: −4
      teacher('c', 'T', ['art'], { backbone: true }), // T→W: 3 + 4 − 4 = 3
      teacher('g', 'T', ['history']), // T→U: −4
    ];
    const vacancies = { 'V|pe': 1, 'U|it': 1, 'W|art': 1, 'U|history': 1 };
    expect(moved(await solved(county(schools, teachers, { vacancies })))).toEqual({ c: 'W' });
    const plan = await solved(county(schools, teachers, { vacancies, parameters: { minMoverShare: 0.5 } })); // ceil(0.5 × 4) = 2
    expect(moved(plan)).toEqual({ a: 'V', c: 'W' });
    expect(plan.objective).toBe(2);
    const three = await solved(county(schools, teachers, { vacancies, parameters: { minMoverShare: 0.55 } })); // ceil(2.2) = 3
    expect(three.moves).toHaveLength(3);
    expect(three.objective).toBe(-2);
  });

  it('backbone share: a backbone teacher has to move with the others (a fractional LP, solved as a MIP)', async () => {
    const schools = [school('T', 'county_town', 'A'), school('U', 'county_town', 'A'), school('X', 'county_town', 'B')];
    const a = teacher('a', 'T', ['english'], { volunteer: true, preferences: ['U'] }); // 6 + 1 − 4 = 3
    const b = teacher('b', 'T', ['physics'], { backbone: true }); // T→X: −4
    const vacancies = { 'U|english': 1, 'X|physics': 1 };
    expect(moved(await solved(county(schools, [a, b], { vacancies })))).toEqual({ a: 'U' });
    // backbone ≥ 50% of movers: a alone is not allowed, a with b scores −1, nobody moving scores 0
    expect(moved(await solved(county(schools, [a, b], { vacancies, parameters: { backboneMoverShare: 0.5 } })))).toEqual({});
    // and R1 needs a mover: the LP takes half of each (bound 3/2 − 4/2 = −0.5); the MIP moves both (−1)
    const plan = await solved(county(schools, [a, b], { vacancies, parameters: { backboneMoverShare: 0.5, minMoverShare: 0.5 } }));
    expect(moved(plan)).toEqual({ a: 'U', b: 'X' });
    expect(plan.status).toBe('optimal');
    expect(plan.objective).toBe(-1);
    expect(plan.bound!.integralLp).toBe(false);
    expect(plan.bound!.lpBound).toBeCloseTo(-0.5, 6);
    expect(plan.bound!.gap).toBeCloseTo(0.5, 6);
    expect(plan.bound!.mip).toMatchObject({ strategy: 'full_mip', fractionalColumns: 2 });
  });

  it('leadership cap: at most floor(30% × team) leaders leave one school', async () => {
    const schools = [school('S', 'junior_middle', 'A', { team: 4 }), school('X', 'junior_middle', 'A', { team: 1, weak: true })]; // v1 → X: 3 + 1 + 6 − 4, v2 (backbone) 4 more
    const leaders = [
      leader('p', 'S', 'principal'),
      leader('v1', 'S', 'vice_principal', { volunteer: true, preferences: ['X'] }),
      leader('v2', 'S', 'vice_principal', { volunteer: true, preferences: ['X'], backbone: true }),
      leader('s', 'S', 'secretary'),
      leader('x', 'X', 'principal'),
    ];
    const plan = await solved(county(schools, leaders, { vacancies: { 'X|principal': 2 }, parameters: { maxLeadershipMoveShare: 0.3 } }));
    expect(moved(plan)).toEqual({ v2: 'X' });
    const loose = await solved(county(schools, leaders, { vacancies: { 'X|principal': 2 }, parameters: { maxLeadershipMoveShare: 0.5 } }));
    expect(moved(loose)).toEqual({ v1: 'X', v2: 'X' });
  });
});

describe('pins', () => {
  it('forces and forbids moves, and the pins survive a re-solve after the input changes', async () => {
    const base = threeSchools();
    const pins = [
      { teacherId: 'f', schoolId: 'R', kind: 'force' as const },
      { teacherId: 'b', schoolId: 'R', kind: 'forbid' as const },
    ];
    const pinned = { ...base, pins };
    const first = await solved(pinned);
    expect(first.status).toBe('optimal');
    expect(moved(first).f).toBe('R');
    expect(moved(first).b).toBeUndefined();
    expect(first.moves.find((m) => m.teacherId === 'f')!.pinned).toBe(true);
    expect(first.objective).toBeCloseTo(bruteForce(pinned)!.objective, 9);
    // f leaves V, whose only other maths-qualified arrival is a: a goes to V; d and e as before
    expect(moved(first)).toEqual({ a: 'V', d: 'T', e: 'V', f: 'R' });

    // a teacher changes her mind (c no longer wants T) and the officer re-solves with the same pins
    const changed: PlannerInput = { ...pinned, teachers: pinned.teachers.map((t): PlannerTeacher => (t.id === 'c' ? { ...t, volunteer: false, preferences: [] } : t)) };
    const again = await solved(changed);
    expect(moved(again).f).toBe('R');
    expect(moved(again).b).toBeUndefined();
    expect(again.objective).toBeCloseTo(bruteForce(changed)!.objective, 9);
  });

  it('a pin the rules do not allow makes the cycle infeasible, and says why', async () => {
    const input = { ...threeSchools(), pins: [{ teacherId: 'b', schoolId: 'V', kind: 'force' as const }] };
    const plan = await solved(input);
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibilities).toContainEqual(expect.objectContaining({ constraint: 'pin', message: 'pin cannot be honoured: b volunteered and did not list V' }));
  });
});

describe('infeasibility is explained: which constraint, where, by how much', () => {
  it('counts R3 placements against county-town and township-central places before solving', async () => {
    const input = county(
      [school('V1', 'village_primary', 'A'), school('V2', 'teaching_point', 'A'), school('C', 'township_central', 'A'), school('T', 'county_town', 'B')],
      [
        teacher('r1', 'V1', ['mathematics'], { mandatory: { rule: 'R3' }, points: 3 }),
        teacher('r2', 'V1', ['mathematics'], { mandatory: { rule: 'R3' }, points: 2 }),
        teacher('r3', 'V2', ['mathematics'], { mandatory: { rule: 'R3' }, points: 1 }),
        teacher('h1', 'C', ['mathematics'], { exempt: true }),
        teacher('h2', 'T', ['mathematics'], { exempt: true }),
      ],
      { vacancies: { 'C|mathematics': 1 }, county: 'Taishan' },
    );
    const plan = await solved(input);
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibilities[0]).toMatchObject({
      constraint: 'r3_places',
      source: 'precheck',
      required: 3,
      available: 1,
      shortBy: 2,
      message: 'Taishan: 3 R3 placements need county-town/township-central mathematics places, 1 exist (1 vacant, 0 more if every holder who may move does); the R3 teachers (r1, r2, r3)',
    });
    // the best-effort draft places one of them; the elastic re-solve names the other two
    expect(plan.moves).toHaveLength(1);
    expect(plan.infeasibilities).toContainEqual(
      expect.objectContaining({
        constraint: 'mandatory_move',
        source: 'elastic',
        required: 3,
        available: 1,
        shortBy: 2,
        message: 'Taishan: 2 of 3 R3 mathematics teachers cannot be moved (r1, r2): 2 find every place at their candidate schools taken',
      }),
    );
    expect(checkPlan(input, plan.moves).map((v) => v.constraint)).toEqual(['mandatory_move', 'mandatory_move']);
  });

  it('an R2 leader at a school whose leadership cap is 0 cannot both leave and respect the cap', async () => {
    const input = county(
      [school('S', 'village_primary', 'A', { team: 2 }), school('X', 'village_primary', 'A', { team: 1 })],
      [leader('p', 'S', 'principal', { mandatory: { rule: 'R2' }, name: 'Principal Li' }), leader('q', 'S', 'vice_principal'), leader('x', 'X', 'principal')],
      { vacancies: { 'X|principal': 1 }, parameters: { maxLeadershipMoveShare: 0.3 }, county: 'Enping' },
    );
    const plan = await solved(input);
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibilities[0]).toMatchObject({
      constraint: 'leadership_cap',
      where: 'S',
      required: 1,
      available: 0,
      shortBy: 1,
      message: 'Enping: S: 1 leader must leave (R2, R3 or pinned), the leadership cap allows 0 (floor(30% × team of 2)): Principal Li',
    });
    // the draft keeps the cap (moving p would cost 1 − 4), and the elastic re-solve says why p stays
    expect(plan.moves).toEqual([]);
    expect(plan.infeasibilities[1]).toMatchObject({ constraint: 'mandatory_move', source: 'elastic', message: "Enping: 1 of 1 R2 leaders cannot be moved (Principal Li): 1 would exceed their school's leadership cap (S, cap 0)" });
  });

  it('lets one leader leave a small team when the policy allows at least one (floor(30% × 2) is 0)', async () => {
    const input = county(
      [school('S', 'village_primary', 'A', { team: 2 }), school('X', 'village_primary', 'A', { team: 1 })],
      [leader('p', 'S', 'principal', { mandatory: { rule: 'R2' }, name: 'Principal Li' }), leader('q', 'S', 'vice_principal'), leader('x', 'X', 'principal')],
      { vacancies: { 'X|principal': 1 }, parameters: { maxLeadershipMoveShare: 0.3, minLeadersAllowedToMove: 1 }, county: 'Enping' },
    );
    const plan = await solved(input);
    expect(plan.status).toBe('optimal');
    expect(plan.moves.map((m) => [m.teacherId, m.toSchoolId])).toEqual([['p', 'X']]);
    expect(checkPlan(input, plan.moves)).toEqual([]);
  });

  it('a pin into a full post: HiGHS says infeasible, the elastic re-solve names the post and the excess', async () => {
    const schools = [school('T', 'county_town', 'A'), school('R', 'village_primary', 'A')];
    const teachers = [teacher('a', 'T', ['art']), teacher('b', 'T', ['art']), teacher('c', 'R', ['art'], { exempt: true })];
    const input = county(schools, teachers, {
      vacancies: { 'R|art': 1 },
      pins: [
        { teacherId: 'a', schoolId: 'R', kind: 'force' },
        { teacherId: 'b', schoolId: 'R', kind: 'force' },
      ],
    });
    const plan = await solved(input);
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibilities).toEqual([
      expect.objectContaining({ constraint: 'capacity', source: 'elastic', where: 'R art', required: 3, available: 2, shortBy: 1, message: 'R: art posts would hold 3 (1 now − 0 leaving + 2 arriving), the quota is 2' }),
    ]);
  });

  it('a subject floor the mandatory move breaks: explained with the counts', async () => {
    const schools = [school('V', 'teaching_point', 'A'), school('C', 'township_central', 'A')];
    const input = county(schools, [teacher('r', 'V', ['mathematics'], { mandatory: { rule: 'R3' } }), teacher('c', 'C', ['mathematics'], { exempt: true })], {
      vacancies: { 'C|mathematics': 1 },
      parameters: { subjectFloor: 1 },
    });
    const plan = await solved(input);
    expect(plan.status).toBe('infeasible');
    const i = plan.infeasibilities[0];
    // either the R3 move is made and V loses its only maths teacher, or it is not: one unit of slack either way
    expect(i.shortBy).toBe(1);
    expect(['subject_floor', 'mandatory_move']).toContain(i.constraint);
    if (i.constraint === 'subject_floor') expect(i.message).toBe('V would keep 0 qualified mathematics teachers (1 now − 1 leaving + 0 arriving), the floor is 1');
    else expect(i.message).toBe('1 of 1 R3 mathematics teachers cannot be moved (r): 1 would leave their school below a subject floor, no qualified replacement arriving (V mathematics)');
  });

  it('R1 against the teachers who can move at all; a mandatory teacher with nowhere to go', async () => {
    const schools = [school('T', 'county_town', 'A'), school('V', 'village_primary', 'A'), school('W', 'village_primary', 'A')];
    const teachers = [
      teacher('a', 'T', ['pe']),
      teacher('b', 'T', ['pe'], { exempt: true }),
      teacher('r', 'V', ['pe'], { mandatory: { rule: 'R3' }, volunteer: true, preferences: ['W'] }),
    ];
    const plan = await solved(county(schools, teachers, { vacancies: { 'V|pe': 1, 'W|pe': 1 }, parameters: { minMoverShare: 1 } }));
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibilities).toContainEqual(expect.objectContaining({ constraint: 'no_candidate', required: 1, message: '1 R3 teacher must move and has no school to move to: r (a volunteer who listed no school with a suitable post)' }));
    expect(plan.infeasibilities).toContainEqual(expect.objectContaining({ constraint: 'min_movers', source: 'precheck', required: 3, available: 1, shortBy: 2 }));
  });
});

describe('inputs and parameters', () => {
  it('reads its parameters from the dated policy', () => {
    const p = plannerParameters('2027-09-01');
    expect(p).toMatchObject({ minMoverShare: 0.05, backboneMoverShare: 0.2, maxLeadershipMoveShare: 0.3, subjectFloor: 1 });
    expect(p.weights).toEqual({ towardRural: 2, towardWeak: 2, backboneTowardWeak: 4, preferenceRank: 6, sameDistrict: 1, disruption: 5 });
    const later = plannerParameters('2028-09-01', [...DEFAULT_POLICY, { key: 'planner.weight.disruption', value: 8, effectiveFrom: '2028-09-01', source: 'test' }]);
    expect(later.weights.disruption).toBe(8);
    expect(() => plannerParameters('2020-09-01')).toThrow(PolicyNotInForce);
  });

  it('rejects malformed input (not the same as infeasible)', async () => {
    const input = threeSchools();
    await expect(planRotation({ ...input, teachers: [...input.teachers, input.teachers[0]] })).rejects.toThrow(InvalidPlannerInput);
    await expect(planRotation({ ...input, pins: [{ teacherId: 'zz', schoolId: 'T', kind: 'force' }] })).rejects.toThrow('a pin refers to unknown teacher zz');
  });
});
