import { checkPlan } from './checker';
import type { Plan } from './plan';
import { baselineWeight, InvalidPlannerInput, type Pin, type PlannerInput } from './plan-input';
import { planRotation } from './planner';
import { PlanningSession } from './planning-session';
import { county, school, teacher } from './planning.fixtures';

/**
 * An amendment's re-solve keeps the approved plan except what it must change (issue #13).
 *
 *   X county town (A), full        a, g, h hold its maths posts
 *   Y village (A), rural and weak  one maths place free
 *   Z village (B), full            b
 *   W township central (B), full   c, d
 *   V village (B)                  one maths place free
 * The approved plan: a X→Y, b Z→X (into the post a frees), c W→V.
 */
const X = school('X', 'county_town', 'A');
const Y = school('Y', 'village_primary', 'A', { weak: true });
const Z = school('Z', 'village_primary', 'B');
const W = school('W', 'township_central', 'B');
const V = school('V', 'village_primary', 'B');
const APPROVED = [
  { teacherId: 'a', schoolId: 'Y' },
  { teacherId: 'b', schoolId: 'X' },
  { teacherId: 'c', schoolId: 'V' },
];

function amendment(appealing: string, pins: Pin[]): PlannerInput {
  const input = county(
    [X, Y, Z, W, V],
    [
      teacher('a', 'X', ['mathematics']),
      teacher('g', 'X', ['mathematics']),
      teacher('h', 'X', ['mathematics']),
      teacher('b', 'Z', ['mathematics']),
      teacher('c', 'W', ['mathematics']),
      teacher('d', 'W', ['mathematics']),
    ],
    { vacancies: { 'Y|mathematics': 1, 'V|mathematics': 1 }, extraPosts: ['Y|mathematics', 'V|mathematics'], pins },
  );
  return { ...input, baseline: { keep: APPROVED.filter((k) => k.teacherId !== appealing) } };
}

const moves = (plan: Plan) => Object.fromEntries(plan.moves.map((m) => [m.teacherId, m.toSchoolId]));

describe('an amendment re-solves the cycle keeping the approved plan', () => {
  it('without a baseline the same county would move others too: g or h to the weak village school Y scores +3', async () => {
    const plain = await planRotation({ ...amendment('a', [{ teacherId: 'a', schoolId: 'Y', kind: 'forbid' }]), baseline: undefined });
    expect(plain.moves.filter((m) => (m.teacherId === 'g' || m.teacherId === 'h') && m.toSchoolId === 'Y')).toHaveLength(1);
  });

  it("forbidding the appealing teacher's move changes that move and the one it must: b can no longer take a's post at X", async () => {
    const input = amendment('a', [{ teacherId: 'a', schoolId: 'Y', kind: 'forbid' }]);
    const plan = await planRotation(input);
    expect(plan.status).toBe('optimal');
    expect(checkPlan(input, plan.moves)).toEqual([]);
    // a stays; b's move into the post a no longer frees is cancelled; c's unrelated move is kept; g, h, d stay
    expect(moves(plan)).toEqual({ c: 'V' });
    // the plan's objective is the moves' own scores, never the baseline's bonus
    expect(plan.objective).toBe(plan.moves.reduce((s, m) => s + m.score, 0));
    expect(plan.objective).toBeLessThan(baselineWeight(input.parameters));
  });

  it('pinning the appealing teacher to another school HR chooses changes only that move when the rest still fits', async () => {
    const input = amendment('a', [{ teacherId: 'a', schoolId: 'W', kind: 'force' }]);
    const plan = await planRotation(input);
    expect(checkPlan(input, plan.moves)).toEqual([]);
    expect(moves(plan)).toEqual({ a: 'W', b: 'X', c: 'V' });
    expect(plan.moves.find((m) => m.teacherId === 'a')?.pinned).toBe(true);
  });

  it('keeps an approved move possible even when it is no longer among the candidates the county would give the teacher', async () => {
    // c now lists Y, and with one candidate per teacher Y is all the county would offer: V comes from the baseline
    const input = amendment('a', [{ teacherId: 'a', schoolId: 'W', kind: 'force' }]);
    const listed = { ...input, teachers: input.teachers.map((t) => (t.id === 'c' ? { ...t, preferences: ['Y'] } : t)) };
    expect(moves(await planRotation(listed, { perTeacher: 1 }))).toEqual({ a: 'W', b: 'X', c: 'V' });
  });

  it('a warm planning session solves the same amendment the same way', async () => {
    const input = amendment('a', []);
    const session = new PlanningSession(input);
    try {
      const forbid = await session.solve([{ teacherId: 'a', schoolId: 'Y', kind: 'forbid' }]);
      expect(moves(forbid)).toEqual({ c: 'V' });
      const pinned = await session.solve([{ teacherId: 'a', schoolId: 'W', kind: 'force' }]);
      expect(moves(pinned)).toEqual({ a: 'W', b: 'X', c: 'V' });
    } finally {
      session.dispose();
    }
  });

  it('refuses a baseline that names an unknown teacher or school, or a teacher twice', async () => {
    const input = amendment('a', []);
    await expect(planRotation({ ...input, baseline: { keep: [{ teacherId: 'nobody', schoolId: 'X' }] } })).rejects.toThrow(InvalidPlannerInput);
    await expect(planRotation({ ...input, baseline: { keep: [{ teacherId: 'b', schoolId: 'nowhere' }] } })).rejects.toThrow(InvalidPlannerInput);
    await expect(planRotation({ ...input, baseline: { keep: [...APPROVED, { teacherId: 'a', schoolId: 'V' }] } })).rejects.toThrow(/two moves/);
  });
});

describe('the checker and an amendment', () => {
  it('takes a kept approved move of a teacher who is not eligible by tenure as approved, not as a violation', async () => {
    const input = amendment('a', [{ teacherId: 'a', schoolId: 'Y', kind: 'forbid' }]);
    const notEligible = { ...input, teachers: input.teachers.map((t) => ({ ...t, eligible: false })) };
    const plan = await planRotation(notEligible);
    expect(moves(plan)).toEqual({ c: 'V' });
    expect(checkPlan(notEligible, plan.moves)).toEqual([]);
    expect(checkPlan({ ...notEligible, baseline: undefined }, plan.moves)).toEqual([expect.objectContaining({ constraint: 'not_eligible_moved', teacherId: 'c' })]);
  });
});
