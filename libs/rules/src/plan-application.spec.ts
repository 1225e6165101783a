import { appointmentsEndedByMove, postExcesses, settlePlan, type PlanMoveEffect, type PlanPost } from './plan-application';

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

describe('settlePlan: the plan is the unit', () => {
  // three schools, one mathematics post each, all full: quota 1, one holder
  const posts: PlanPost[] = ['A', 'B', 'C'].map((s) => ({ key: `${s}/mathematics/teacher`, quota: 1, before: 1, label: `teacher/mathematics at ${s}` }));
  const move = (id: string, teacher: string, from: string, to: string): PlanMoveEffect => ({
    moveId: id,
    teacherId: teacher,
    leaves: [`${from}/mathematics/teacher`],
    arrives: `${to}/mathematics/teacher`,
    keptShare: 0,
    share: 1,
  });
  const chain = [move('m1', 'a', 'A', 'B'), move('m2', 'b', 'B', 'C'), move('m3', 'c', 'C', 'A')];

  it.each(permutations(chain).map((p) => [p.map((m) => m.moveId).join(' '), p]))('applies a three-school vacancy chain whole, in the order %s', (_order, moves) => {
    const { applied, rejected } = settlePlan({ posts, moves: moves as PlanMoveEffect[], schoolYear: 2027 });
    expect(rejected).toEqual([]);
    expect(applied.map((m) => m.moveId).sort()).toEqual(['m1', 'm2', 'm3']);
    expect(postExcesses(new Map(posts.map((p) => [p.key, p])), applied)).toEqual([]);
  });

  it('rejects only the move that still overfills a post on the end state, with the rule and the numbers', () => {
    // D's teacher also heads for B, which only A's departure frees once
    const moves = [...chain, move('m4', 'd', 'D', 'B')];
    const withD = [...posts, { key: 'D/mathematics/teacher', quota: 1, before: 1, label: 'teacher/mathematics at D' }];
    for (const order of permutations(moves)) {
      const { applied, rejected } = settlePlan({ posts: withD, moves: order, schoolYear: 2027 });
      expect(applied.map((m) => m.moveId).sort()).toEqual(['m1', 'm2', 'm3']);
      expect(rejected).toEqual([
        expect.objectContaining({ moveId: 'm4', rule: 'quota', message: 'post teacher/mathematics at B is full for school year 2027-28: quota 1, 1 hold it before the plan and 2 would after it' }),
      ]);
    }
  });

  it('follows a rejection down the chain: a mover who stays keeps their post full', () => {
    // B's teacher cannot go to C (C keeps its holder: no move out of C), so A's teacher finds B full
    const moves = [move('m1', 'a', 'A', 'B'), move('m2', 'b', 'B', 'C')];
    const { applied, rejected } = settlePlan({ posts, moves, schoolYear: 2027 });
    expect(applied).toEqual([]);
    expect(rejected.map((r) => [r.moveId, r.rule])).toEqual([
      ['m2', 'quota'],
      ['m1', 'quota'],
    ]);
  });

  it('a post already over its quota may stay as full, never fuller', () => {
    const over: PlanPost[] = [
      { key: 'X/p/teacher', quota: 1, before: 3 },
      { key: 'Y/p/teacher', quota: 5, before: 5 },
    ];
    const swap = [
      { moveId: 'x', teacherId: 'tx', leaves: ['X/p/teacher'], arrives: 'Y/p/teacher', keptShare: 0, share: 1 },
      { moveId: 'y', teacherId: 'ty', leaves: ['Y/p/teacher'], arrives: 'X/p/teacher', keptShare: 0, share: 1 },
    ];
    expect(settlePlan({ posts: over, moves: swap }).rejected).toEqual([]);
    expect(settlePlan({ posts: over, moves: [swap[1]] }).rejected.map((r) => r.moveId)).toEqual(['y']);
  });

  it('refuses a move whose workload would exceed a full one, naming both shares', () => {
    // …and the swap partner then finds A still full: the end state decides, not the order
    const { rejected } = settlePlan({ posts, moves: [{ ...move('m1', 'a', 'A', 'B'), keptShare: 0.5 }, move('m2', 'b', 'B', 'A')], date: '2027-09-01' });
    expect(rejected).toEqual([
      expect.objectContaining({ moveId: 'm1', rule: 'workload', message: 'workload shares would sum to 1.5 on 2027-09-01: 0.5 kept and 1 new; at most 1 is allowed' }),
      expect.objectContaining({ moveId: 'm2', rule: 'quota', message: 'post teacher/mathematics at A is full: quota 1, 1 hold it before the plan and 2 would after it' }),
    ]);
  });
});

describe('appointmentsEndedByMove: a move says what happens to every current appointment', () => {
  const regularHalf = { id: 'reg', kind: 'regular', workloadShare: 0.5, startDate: '2020-09-01', endDate: null };
  const walkingHalf = { id: 'walk', kind: 'walking', workloadShare: 0.5, startDate: '2020-09-01', endDate: null };
  const past = { id: 'old', kind: 'regular', workloadShare: 1, startDate: '2010-09-01', endDate: '2020-08-31' };
  const future = { id: 'later', kind: 'support', workloadShare: 0.2, startDate: '2028-03-01', endDate: '2028-07-10' };

  it('ends a regular 0.5 and a walking 0.5 alike by default (R11.walking_ends_with_move = 1): the new appointment is a full one', () => {
    expect(appointmentsEndedByMove([past, regularHalf, walkingHalf, future], '2027-09-01', true)).toEqual({ ends: ['reg', 'walk'], keptShare: 0, share: 1 });
  });

  it('keeps the walking 0.5 when the policy says so, and the new appointment takes the other half', () => {
    expect(appointmentsEndedByMove([regularHalf, walkingHalf], '2027-09-01', false)).toEqual({ ends: ['reg'], keptShare: 0.5, share: 0.5 });
  });

  it('the regular 0.5 + walking 0.5 teacher is applied on the end state (no 1.5 workload)', () => {
    const effect = appointmentsEndedByMove([regularHalf, walkingHalf], '2027-09-01', true);
    const posts: PlanPost[] = [
      { key: 'A/m/teacher', quota: 1, before: 1 },
      { key: 'B/m/teacher', quota: 1, before: 0 },
    ];
    const { applied, rejected } = settlePlan({ posts, moves: [{ moveId: 'm', teacherId: 't', leaves: ['A/m/teacher'], arrives: 'B/m/teacher', keptShare: effect.keptShare, share: effect.share }] });
    expect(rejected).toEqual([]);
    expect(applied).toHaveLength(1);
  });
});
