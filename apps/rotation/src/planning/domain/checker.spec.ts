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

  it('says in words what is wrong with each malformed move', () => {
    const v = checkPlan(threeSchools(), [...good, mv('c', 'R', 'T'), mv('zz', 'T', 'R'), mv('f', 'T', 'R'), mv('f', 'V', 'nowhere')]);
    expect(v.map((x) => [x.constraint, x.where, x.teacherId, x.message])).toEqual([
      ['malformed', 'c', 'c', 'teacher c moves more than once'],
      ['malformed', 'zz', 'zz', 'unknown teacher zz'],
      ['malformed', 'f', 'f', 'teacher f works at V; the move says T → R'],
      ['malformed', 'nowhere', 'f', 'unknown school nowhere'],
    ]);
  });

  it('says in words which teacher rule is broken', () => {
    const messages = (input: PlannerInput, moves: CheckedMove[]) => checkPlan(input, moves).map((x) => `${x.constraint}: ${x.message}`);
    expect(messages(threeSchools(), [...good, mv('f', 'V', 'T')])).toContain('exempt_moved: f is exempt and moves to T');
    expect(messages(threeSchools(), [...without('b'), mv('b', 'T', 'V')])).toContain('volunteer_unlisted: volunteer b is placed at V, which they did not list');
    expect(messages(threeSchools(), without('d'))).toContain('mandatory_move: d must move under R3 and does not');
    expect(messages(threeSchools(), [...without('d'), mv('d', 'V', 'R')])).toEqual([
      'r3_destination: d must serve R3 at a county-town or township-central school, R is village_primary',
      // R has no chinese post at all
      'capacity: post R/chinese/teacher ends with 1, its quota is 0 (no such post)',
      'subject_floor: T keeps 0 qualified chinese teachers, the floor is 1',
    ]);
    const input = threeSchools();
    const notEligible = { ...input, teachers: input.teachers.map((t) => (t.id === 'a' ? { ...t, eligible: false } : t)) };
    expect(messages(notEligible, good)).toEqual(['not_eligible_moved: a is not eligible for exchange, did not volunteer and moves to R']);
  });

  it('does not hold a volunteer who stays to the schools they listed', () => {
    const input = county([school('A', 'county_town', 'A'), school('B', 'village_primary', 'A')], [teacher('v', 'A', ['mathematics'], { volunteer: true, preferences: ['B'] })], { vacancies: { 'B|mathematics': 1 } });
    expect(checkPlan(input, [])).toEqual([]);
  });

  it('lets a teacher who is not eligible move only by a force pin for that teacher to that school', () => {
    const input = threeSchools();
    const notEligible = { ...input, teachers: input.teachers.map((t) => (t.id === 'a' ? { ...t, eligible: false } : t)) };
    // a force pin of another teacher to the same school
    expect(summary({ ...notEligible, pins: [{ teacherId: 'b', schoolId: 'R', kind: 'force' }] }, good)).toEqual(['not_eligible_moved a 1']);
    // a force pin of this teacher to another school
    expect(summary({ ...notEligible, pins: [{ teacherId: 'a', schoolId: 'V', kind: 'force' }] }, good)).toEqual(['not_eligible_moved a 1', 'pin a 1']);
    // a forbidding pin of this teacher to that school
    expect(summary({ ...notEligible, pins: [{ teacherId: 'a', schoolId: 'R', kind: 'forbid' }] }, good)).toEqual(['not_eligible_moved a 1', 'pin a 1']);
  });

  it('puts an R3 mover of another category on the teacher post of their main subject', () => {
    const input = county(
      [school('T', 'county_town', 'A'), school('V', 'village_primary', 'B')],
      [teacher('r', 'V', ['chinese'], { category: 'researcher', mandatory: { rule: 'R3' } }), teacher('e', 'T', ['chinese'])],
      { vacancies: { 'T|chinese': 1 } },
    );
    expect(checkPlan(input, [mv('r', 'V', 'T')])).toEqual([]);
    // T has no researcher post: a researcher moved there without an R3 mandate has no room
    const plain = { ...input, teachers: input.teachers.map((t) => (t.id === 'r' ? { ...t, mandatory: null } : t)) };
    expect(summary(plain, [mv('r', 'V', 'T')])).toEqual(['capacity T/-/researcher 1']);
  });

  it('names the school of a post over its quota', () => {
    const input = county(
      [school('North', 'county_town', 'A'), school('South', 'village_primary', 'A')],
      [teacher('n', 'North', ['mathematics']), teacher('s', 'South', ['mathematics'])],
    );
    const v = checkPlan(input, [mv('n', 'North', 'South')]);
    expect(v).toEqual([expect.objectContaining({ constraint: 'capacity', where: 'South/mathematics/teacher', schoolId: 'South', amount: 1, message: 'post South/mathematics/teacher ends with 2, its quota is 1' })]);
  });

  it('does not count researchers among a school\'s qualified teachers, leaving or staying', () => {
    const input = county(
      [school('A', 'county_town', 'A'), school('B', 'village_primary', 'A')],
      [teacher('m', 'A', ['mathematics']), teacher('r', 'A', ['mathematics'], { category: 'researcher' }), teacher('x', 'B', ['mathematics'])],
      { vacancies: { 'B|mathematics': 1, 'B|researcher': 1 }, parameters: { subjectFloor: 1 } },
    );
    // the maths teacher leaves: the researcher who stays does not keep maths taught
    expect(checkPlan(input, [mv('m', 'A', 'B')])).toEqual([expect.objectContaining({ constraint: 'subject_floor', where: 'A/mathematics', amount: 1, message: 'A keeps 0 qualified mathematics teachers, the floor is 1' })]);
    // the researcher leaves: the maths teacher still teaches it
    expect(checkPlan(input, [mv('r', 'A', 'B')])).toEqual([]);
  });

  it('counts every qualified teacher arriving and leaving, and reports how far under the floor', () => {
    const input = county(
      [school('A', 'county_town', 'A'), school('B', 'village_primary', 'A')],
      [teacher('a1', 'A', ['mathematics']), teacher('a2', 'A', ['mathematics']), teacher('b1', 'B', ['mathematics']), teacher('b2', 'B', ['mathematics'])],
      { vacancies: { 'A|mathematics': 1 }, parameters: { subjectFloor: 2 } },
    );
    // B: 2 before, both leave, one arrives → 1, one under its floor of 2
    expect(summary(input, [mv('b1', 'B', 'A'), mv('b2', 'B', 'A'), mv('a1', 'A', 'B')])).toEqual(['subject_floor B/mathematics 1']);
    // two arrive for two leaving: no shortfall
    expect(summary(input, [mv('b1', 'B', 'A'), mv('b2', 'B', 'A'), mv('a1', 'A', 'B'), mv('a2', 'A', 'B')])).toEqual([]);
  });

  it('sets no floor for a subject whose teacher post at the school is empty, even if a leaving teacher could teach it', () => {
    const input = county(
      [school('A', 'county_town', 'A'), school('B', 'village_primary', 'A')],
      [teacher('m', 'A', ['mathematics', 'music']), teacher('n', 'A', ['mathematics'])],
      { vacancies: { 'B|mathematics': 1 }, extraPosts: ['A|music'], parameters: { subjectFloor: 1 } },
    );
    expect(checkPlan(input, [mv('m', 'A', 'B')])).toEqual([]);
  });

  it('reports R1 and the backbone share for the whole county', () => {
    expect(checkPlan(threeSchools({ minMoverShare: 1 }), good)).toEqual([expect.objectContaining({ constraint: 'min_movers', where: 'county' })]);
    expect(checkPlan(threeSchools({ backboneMoverShare: 0.5 }), good)).toEqual([expect.objectContaining({ constraint: 'backbone_share', where: 'county' })]);
  });

  it('the leadership cap: up to floor(30% × team) leave, at least the minimum allowed, never more than the team', () => {
    const leaders = ['l1', 'l2', 'l3', 'l4'].map((id) => leader(id, 'S', 'vice_principal'));
    const big = (parameters: Partial<PlannerInput['parameters']>) =>
      county([school('S', 'junior_middle', 'A', { team: 10 }), school('X', 'junior_middle', 'A', { team: 1 })], leaders, { vacancies: { 'X|principal': 4 }, parameters: { maxLeadershipMoveShare: 0.3, ...parameters } });
    const moves = (n: number) => leaders.slice(0, n).map((l) => mv(l.id, 'S', 'X'));
    expect(checkPlan(big({}), moves(3))).toEqual([]); // floor(0.3 × 10) = 3
    expect(checkPlan(big({}), moves(4))).toEqual([expect.objectContaining({ constraint: 'leadership_cap', where: 'S', schoolId: 'S', amount: 1, message: '4 leaders leave S, the cap is 3' })]);
    // a team of 3: floor(0.9) = 0, but one leader may always move
    const small = county([school('S', 'junior_middle', 'A', { team: 3 }), school('X', 'junior_middle', 'A', { team: 1 })], leaders.slice(0, 3), {
      vacancies: { 'X|principal': 2 },
      parameters: { maxLeadershipMoveShare: 0.3, minLeadersAllowedToMove: 1 },
    });
    expect(checkPlan(small, moves(1))).toEqual([]);
    expect(summary(small, moves(2))).toEqual(['leadership_cap S 1']);
  });

  it('checks the leadership post at the destination like any other post', () => {
    const input = county([school('S', 'junior_middle', 'A', { team: 2 }), school('X', 'junior_middle', 'A', { team: 1 })], [leader('p', 'S', 'principal'), leader('x', 'X', 'principal')]);
    expect(checkPlan(input, [mv('p', 'S', 'X')])).toEqual([expect.objectContaining({ constraint: 'capacity', where: 'X/-/principal', schoolId: 'X', amount: 1, message: 'post X/-/principal ends with 2, its quota is 1' })]);
  });

  it('says in words what a pin asked and what the plan did', () => {
    const input = threeSchools({}, [
      { teacherId: 'a', schoolId: 'V', kind: 'force' },
      { teacherId: 'e', schoolId: 'R', kind: 'force' },
      { teacherId: 'b', schoolId: 'R', kind: 'forbid' },
    ]);
    const moves = [...without('e')];
    expect(checkPlan(input, moves).filter((x) => x.constraint === 'pin').map((x) => [x.teacherId, x.schoolId, x.message])).toEqual([
      ['a', 'V', 'a is pinned to V, the plan has R'],
      ['e', 'R', 'e is pinned to R, the plan has no move'],
      ['b', 'R', 'b may not move to R (pin) and does'],
    ]);
  });

  it('counts an R3 placement on a teacher post of the main subject, and a subject-less R3 teacher on a post of their own category (as the model does)', () => {
    const schools = [school('V', 'village_primary', 'B', { team: 2 }), school('C', 'township_central', 'B')];
    // a young village principal with a subject serves R3 as a mathematics teacher; one with none on record
    // arrives on the principal post (county-index arrivalKind)
    const withSubject = leader('p', 'V', 'principal', { subjects: ['mathematics'], mandatory: { rule: 'R3' } });
    const withoutSubject = leader('q', 'V', 'principal', { subjects: [], mandatory: { rule: 'R3' } });
    const input = county(schools, [withSubject, withoutSubject, teacher('x', 'V', ['mathematics'])], { vacancies: { 'C|mathematics': 1, 'C|principal': 1 }, extraPosts: ['C|mathematics'] });
    expect(summary(input, [mv('p', 'V', 'C'), mv('q', 'V', 'C')])).toEqual([]);
    // two subject-less arrivals overfill the principal post; the mathematics post is untouched
    const two = county(schools, [{ ...withSubject, subjects: [] }, withoutSubject], { vacancies: { 'C|mathematics': 1, 'C|principal': 1 }, extraPosts: ['C|mathematics'] });
    expect(summary(two, [mv('p', 'V', 'C'), mv('q', 'V', 'C')])).toEqual(['capacity C/-/principal 1']);
  });
});
