import { checkPlan, type CheckedMove } from './checker';
import type { PlannerInput } from './plan-input';
import { county, leader, school, teacher } from './planning.fixtures';

/**
 * The checker shares no code with the model; here each rule is broken on purpose. The county is
 * planner.spec.ts's three-school county (plus a village kindergarten K with an empty chinese post of
 * quota 0, and f exempt); `good` is its optimal plan.
 */
function threeSchools(parameters: Partial<PlannerInput['parameters']> = {}, pins: PlannerInput['pins'] = undefined): PlannerInput {
  return county(
    [school('T', 'county_town', 'A'), school('R', 'village_primary', 'A', { weak: true }), school('V', 'village_primary', 'B'), school('K', 'kindergarten_village', 'B')],
    [
      teacher('a', 'T', ['mathematics'], { backbone: true }),
      teacher('b', 'T', ['mathematics'], { volunteer: true, preferences: ['R'] }),
      teacher('c', 'R', ['mathematics'], { volunteer: true, preferences: ['T'] }),
      teacher('d', 'V', ['chinese'], { mandatory: { rule: 'R3' } }),
      teacher('e', 'T', ['chinese']),
      teacher('f', 'V', ['mathematics'], { exempt: true }),
    ],
    { vacancies: { 'R|mathematics': 1, 'T|chinese': 1 }, extraPosts: ['K|chinese'], parameters: { subjectFloor: 1, ...parameters }, pins },
  );
}
const mv = (teacherId: string, fromSchoolId: string, toSchoolId: string): CheckedMove => ({ teacherId, fromSchoolId, toSchoolId });
const good = [mv('a', 'T', 'R'), mv('b', 'T', 'R'), mv('c', 'R', 'T'), mv('d', 'V', 'T'), mv('e', 'T', 'V')];
const without = (id: string) => good.filter((m) => m.teacherId !== id);
const summary = (input: PlannerInput, moves: CheckedMove[]) => checkPlan(input, moves).map((v) => `${v.constraint} ${v.where} ${v.amount}`);

describe('checkPlan', () => {
  it('passes the optimal plan', () => {
    expect(checkPlan(threeSchools(), good)).toEqual([]);
  });

  it('catches a deliberately broken plan: an exempt teacher moved into a full post, leaving her school without maths', () => {
    const v = checkPlan(threeSchools(), [...good, mv('f', 'V', 'R')]);
    expect(v).toEqual([
      expect.objectContaining({ constraint: 'exempt_moved', teacherId: 'f', amount: 1 }),
      expect.objectContaining({ constraint: 'capacity', where: 'R/mathematics/teacher', amount: 1, message: 'post R/mathematics/teacher ends with 3, its quota is 2' }),
      expect.objectContaining({ constraint: 'subject_floor', where: 'V/mathematics', amount: 1, message: 'V keeps 0 qualified mathematics teachers, the floor is 1' }),
    ]);
  });

  it.each([
    ['a volunteer at a school she did not list', [...without('b'), mv('b', 'T', 'V')], ['volunteer_unlisted b 1', 'capacity V/mathematics/teacher 1']],
    ['an R3 teacher at a village school (which has no chinese post)', [...without('d'), mv('d', 'V', 'R')], ['r3_destination d 1', 'capacity R/chinese/teacher 1', 'subject_floor T/chinese 1']],
    ['an R3 teacher left in place', without('d'), ['mandatory_move d 1', 'capacity V/chinese/teacher 1', 'subject_floor T/chinese 1']],
    ['an R3 teacher at a village kindergarten whose chinese post has quota 0', [...without('d'), mv('d', 'V', 'K')], ['r3_destination d 1', 'capacity K/chinese/teacher 1', 'subject_floor T/chinese 1']],
    ['malformed moves', [...good, mv('c', 'R', 'T'), mv('zz', 'T', 'R'), mv('f', 'T', 'R'), mv('f', 'V', 'V'), mv('f', 'V', 'nowhere')], ['malformed c 1', 'malformed zz 1', 'malformed f 1', 'malformed f 1', 'malformed nowhere 1']],
  ])('%s', (_, moves, expected) => {
    expect(summary(threeSchools(), moves)).toEqual(expected);
  });

  it('a teacher who is not eligible, moved without volunteering, a mandate or a pin', () => {
    const input = threeSchools();
    const notEligible = { ...input, teachers: input.teachers.map((t) => (t.id === 'a' || t.id === 'b' ? { ...t, eligible: false } : t)) };
    expect(summary(notEligible, good)).toEqual(['not_eligible_moved a 1']); // b volunteered
    expect(summary({ ...notEligible, pins: [{ teacherId: 'a', schoolId: 'R', kind: 'force' }] }, good)).toEqual([]);
  });

  it('R1 and the backbone share, with the shortfall', () => {
    expect(checkPlan(threeSchools({ minMoverShare: 1 }), good)).toEqual([expect.objectContaining({ constraint: 'min_movers', amount: 1, message: '5 movers, R1 requires 6' })]);
    expect(checkPlan(threeSchools({ backboneMoverShare: 0.5 }), good)).toEqual([expect.objectContaining({ constraint: 'backbone_share', amount: 2, message: '1 backbone movers of 5, 50% needs 3' })]);
    expect(checkPlan(threeSchools({ backboneMoverShare: 0.2 }), good)).toEqual([]); // 1 of 5 is exactly 20%
  });

  it('pins: a forced move not made, a forbidden one made', () => {
    const input = threeSchools({}, [
      { teacherId: 'a', schoolId: 'V', kind: 'force' },
      { teacherId: 'b', schoolId: 'R', kind: 'forbid' },
    ]);
    expect(summary(input, good)).toEqual(['pin a 1', 'pin b 1']);
  });

  it('the leadership cap: floor(30% × team) leaders may leave, R2 or not', () => {
    const input = county(
      [school('S', 'junior_middle', 'A', { team: 3 }), school('X', 'junior_middle', 'A', { team: 1 })],
      [leader('p', 'S', 'principal', { mandatory: { rule: 'R2' } }), leader('q', 'S', 'vice_principal'), leader('s', 'S', 'secretary'), leader('x', 'X', 'principal')],
      { vacancies: { 'X|principal': 2 }, parameters: { maxLeadershipMoveShare: 0.3 } },
    );
    expect(summary(input, [mv('p', 'S', 'X'), mv('q', 'S', 'X')])).toEqual(['leadership_cap S 2']);
    expect(summary(input, [])).toEqual(['mandatory_move p 1']);
  });
});
