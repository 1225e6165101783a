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

describe('settlePlan: which move breaks which rule, in words', () => {
  const posts: PlanPost[] = [
    { key: 'A/m/teacher', quota: 1, before: 1, label: 'teacher/m at A' },
    { key: 'B/m/teacher', quota: 2, before: 0, label: 'teacher/m at B' },
    { key: 'C/m/teacher', quota: null, before: 1, label: 'teacher/m at C' },
  ];
  const move = (moveId: string, teacherId: string, arrives: string | null, more: Partial<PlanMoveEffect> = {}): PlanMoveEffect => ({ moveId, teacherId, leaves: ['A/m/teacher'], arrives, keptShare: 0, share: 1, ...more });

  it('applies the first of two moves of one teacher (by move id) and rejects the other as a duplicate', () => {
    for (const moves of [
      [move('m1', 't', 'B/m/teacher'), move('m2', 't', 'B/m/teacher')],
      [move('m2', 't', 'B/m/teacher'), move('m1', 't', 'B/m/teacher')],
    ]) {
      const { applied, rejected } = settlePlan({ posts, moves });
      expect(applied.map((m) => m.moveId)).toEqual(['m1']);
      expect(rejected).toEqual([{ moveId: 'm2', teacherId: 't', rule: 'duplicate', message: 'the plan moves this teacher more than once; only the first move is applied', details: {} }]);
    }
  });

  it('rejects a move into a post the school does not have, or one without an approved quota', () => {
    const { applied, rejected } = settlePlan({ posts, moves: [move('m1', 't1', 'D/m/teacher'), move('m2', 't2', 'C/m/teacher')], schoolYear: 2027 });
    expect(applied).toEqual([]);
    expect(rejected).toEqual([
      { moveId: 'm1', teacherId: 't1', rule: 'no_post', message: 'the receiving school has no post D/m/teacher', details: { post: 'D/m/teacher' } },
      { moveId: 'm2', teacherId: 't2', rule: 'no_quota', message: 'post teacher/m at C has no approved quota for school year 2027-28', details: { post: 'C/m/teacher', schoolYear: 2027 } },
    ]);
    // a move that stays on the same post (say a change of share) needs no new quota
    expect(settlePlan({ posts, moves: [move('m3', 't3', 'C/m/teacher', { leaves: ['C/m/teacher'] })] }).rejected).toEqual([]);
    // a move into no post at all is fine
    expect(settlePlan({ posts, moves: [move('m4', 't4', null)] })).toMatchObject({ applied: [{ moveId: 'm4' }], rejected: [] });
  });

  it('names the school year by its two calendar years, also across a century', () => {
    const full = (schoolYear: number) => settlePlan({ posts, moves: [move('m1', 't1', 'C/m/teacher')], schoolYear }).rejected[0].message;
    expect(full(2099)).toBe('post teacher/m at C has no approved quota for school year 2099-00');
    expect(full(2008)).toBe('post teacher/m at C has no approved quota for school year 2008-09');
    expect(settlePlan({ posts, moves: [move('m1', 't1', 'C/m/teacher')] }).rejected[0].message).toBe('post teacher/m at C has no approved quota');
  });

  it('rejects a move whose kept appointments already take a full workload, and accepts exactly a full one', () => {
    const { rejected } = settlePlan({ posts, moves: [move('m1', 't1', 'B/m/teacher', { keptShare: 1, share: 0 })] });
    expect(rejected).toEqual([
      {
        moveId: 'm1',
        teacherId: 't1',
        rule: 'workload',
        message: 'the appointments the move keeps already take a full workload (1); the new appointment has no share left',
        details: { date: undefined, total: 1, kept: 1, share: 0 },
      },
    ]);
    expect(settlePlan({ posts, moves: [move('m2', 't2', 'B/m/teacher', { keptShare: 0.4, share: 0.6 })] }).rejected).toEqual([]);
    expect(settlePlan({ posts, moves: [move('m3', 't3', 'B/m/teacher', { keptShare: 0.4, share: 0.7 })] }).rejected).toEqual([
      expect.objectContaining({ rule: 'workload', message: 'workload shares would sum to 1.1: 0.4 kept and 0.7 new; at most 1 is allowed', details: { date: undefined, total: 1.1, kept: 0.4, share: 0.7 } }),
    ]);
  });
});

describe('postExcesses', () => {
  it('counts a person once per post left, and a post unknown to the plan as having no room', () => {
    const posts = new Map<string, PlanPost>([
      ['A', { key: 'A', quota: 1, before: 1 }],
      ['B', { key: 'B', quota: 1, before: 1 }],
    ]);
    const m = (moveId: string, leaves: string[], arrives: string | null): PlanMoveEffect => ({ moveId, teacherId: moveId, leaves, arrives, keptShare: 0, share: 1 });
    // leaving A under two appointments frees one place, not two
    expect(postExcesses(posts, [m('x', ['A', 'A'], 'B'), m('y', ['B'], 'A'), m('z', ['C'], 'A')])).toEqual([{ key: 'A', quota: 1, before: 1, after: 2, excess: 1 }]);
    expect(postExcesses(posts, [m('x', [], 'Z')])).toEqual([{ key: 'Z', quota: 0, before: 0, after: 1, excess: 1 }]);
    // no approved quota: as many as before, no more
    const noQuota = new Map<string, PlanPost>([['Q', { key: 'Q', quota: null, before: 2 }]]);
    expect(postExcesses(noQuota, [m('x', [], 'Q')])).toEqual([{ key: 'Q', quota: 0, before: 2, after: 3, excess: 1 }]);
    expect(postExcesses(noQuota, [])).toEqual([]);
  });
});

describe('appointmentsEndedByMove: which appointments are current on the effective date', () => {
  it('ends one that starts on the effective date or ends on it, not one that ended the day before', () => {
    const a = (id: string, startDate: string, endDate: string | null) => ({ id, kind: 'regular', workloadShare: 0.2, startDate, endDate });
    const res = appointmentsEndedByMove([a('starts', '2027-09-01', null), a('ends', '2020-09-01', '2027-09-01'), a('ended', '2020-09-01', '2027-08-31'), a('later', '2027-09-02', null)], '2027-09-01', true);
    expect(res).toEqual({ ends: ['starts', 'ends'], keptShare: 0, share: 1 });
  });

  it('keeps walking appointments only, and leaves no negative share when they already take more than a full workload', () => {
    const w = (id: string, workloadShare: number) => ({ id, kind: 'walking', workloadShare, startDate: '2020-09-01', endDate: null });
    expect(appointmentsEndedByMove([w('w1', 0.7), w('w2', 0.6), { id: 'r', kind: 'regular', workloadShare: 0.1, startDate: '2020-09-01', endDate: null }], '2027-09-01', false)).toEqual({ ends: ['r'], keptShare: 1.3, share: 0 });
  });
});
