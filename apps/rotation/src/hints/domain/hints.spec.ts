import { DEFAULT_POLICY } from '@app/policy';
import { planRotation, type PlannerInput } from '../../planning/domain';
import { county, school, teacher } from '../../planning/domain/planning.fixtures';
import { randomCounty } from '../../planning/domain/random-county.fixture';
import { explainHint, ESTIMATE_NOT_PROMISE, summarise } from './explain';
import { HINT_REASONS, hintSettings, whatIfHints, type HintSettings, type SchoolHint, type TeacherHints } from './hints';

const SETTINGS: HintSettings = { scenarios: 8, perturbation: 0.6, likelyShare: 0.5, suggestions: 5, seed: 'spec' };

/**
 * A county whose answer is known by hand (weights of the fixtures: toward rural 3, toward weak 3, backbone
 * toward weak 4, 1st choice 6 (k-th: 6 × (11 − k) / 10), same district 1, move −4; no R1 minimum, no floor):
 *
 *   T county town (A) · C township central (A) · R village, rural and weak (A) · V village, rural (B) · W village, rural and weak (B)
 *   places: C mathematics 1, R mathematics 1, W mathematics 1, W chinese 1
 *
 *   newcomer  V maths, R3, lists [R, C]   R is no R3 school; V→C −3 + 5.4 − 4 = −1.6 beats V→T −7: C
 *   keen      T maths, volunteer, [R]     T→R 3 + 3 + 6 + 1 − 4 = 9
 *   rival     C maths, volunteer, [R]     C→R 9 as well: one of the two gets R's one place
 *   mover     T chinese, volunteer, [W]   T→W 3 + 3 + 6 − 4 = 8, nobody else wants W's chinese place
 *   choosy    T music, volunteer, [V, C]  V has no music post; C's one music post is held (cm) and nobody leaves it
 *   exempt    T maths, exempt, [C]
 *   bb        T maths, backbone, eligible T→R 7 loses to 9; T→W 3 + 3 + 4 − 4 = 6: W, a school bb did not list
 *   stayer    R chinese, eligible         every move costs more than it earns: stays, no suggestion
 *   cm        C music
 */
function knownCounty(): PlannerInput {
  return county(
    [school('T', 'county_town', 'A'), school('C', 'township_central', 'A'), school('R', 'village_primary', 'A', { weak: true }), school('V', 'village_primary', 'B'), school('W', 'village_primary', 'B', { weak: true })],
    [
      teacher('newcomer', 'V', ['mathematics'], { mandatory: { rule: 'R3' }, preferences: ['R', 'C'], eligible: false }),
      teacher('keen', 'T', ['mathematics'], { volunteer: true, preferences: ['R'], eligible: false }),
      teacher('rival', 'C', ['mathematics'], { volunteer: true, preferences: ['R'], eligible: false }),
      teacher('mover', 'T', ['chinese'], { volunteer: true, preferences: ['W'], eligible: false }),
      teacher('choosy', 'T', ['music'], { volunteer: true, preferences: ['V', 'C'], eligible: false }),
      teacher('exempt', 'T', ['mathematics'], { exempt: true, preferences: ['C'] }),
      teacher('bb', 'T', ['mathematics'], { backbone: true }),
      teacher('stayer', 'R', ['chinese']),
      teacher('cm', 'C', ['music'], { eligible: false }),
    ],
    { vacancies: { 'C|mathematics': 1, 'R|mathematics': 1, 'W|mathematics': 1, 'W|chinese': 1 } },
  );
}

const pick = (hs: TeacherHints[], id: string) => hs.find((h) => h.teacherId === id)!;
const brief = (h: SchoolHint) => [h.schoolId, h.level, h.reason, h.listedRank, h.suggested];

describe('achievable-school hints on a county whose answer is known', () => {
  let hints: TeacherHints[];
  beforeAll(async () => {
    hints = (await whatIfHints(knownCounty(), SETTINGS)).teachers;
  });

  it('says likely where the plan places a teacher firmly, with the structural reasons where it cannot', () => {
    expect(pick(hints, 'newcomer')).toMatchObject({ kind: 'mandatory_r3', placedSchoolId: 'C', placedRank: 2 });
    expect(pick(hints, 'newcomer').hints.map(brief)).toEqual([
      ['R', 'unlikely', 'r3_destination', 1, false],
      ['C', 'likely', 'placed', 2, false],
    ]);
    expect(pick(hints, 'mover').hints.map(brief)).toEqual([['W', 'likely', 'placed', 1, false]]);
    expect(pick(hints, 'choosy').hints.map(brief)).toEqual([
      ['V', 'unlikely', 'no_post', 1, false],
      ['C', 'unlikely', 'full', 2, false],
    ]);
    // the full post's numbers are aggregate: its headcount and holders
    expect(pick(hints, 'choosy').hints[1].facts).toMatchObject({ subject: 'music', category: 'teacher', quota: 1, holders: 1, left: 0 });
    expect(pick(hints, 'exempt')).toMatchObject({ kind: 'exempt', placedSchoolId: null, hints: [expect.objectContaining({ schoolId: 'C', level: 'unlikely', reason: 'exempt' })] });
    expect(pick(hints, 'stayer')).toEqual({ teacherId: 'stayer', kind: 'eligible', placedSchoolId: null, placedRank: null, hints: [] });
  });

  it('suggests a school the teacher did not list where the plan would move them', () => {
    expect(pick(hints, 'bb')).toMatchObject({ kind: 'eligible', placedSchoolId: 'W', placedRank: null });
    expect(pick(hints, 'bb').hints.map(brief)).toEqual([['W', 'likely', 'placed', null, true]]);
  });

  it('calls neither of two teachers tied for one place likely to lose it: one is placed, the other possible', () => {
    const [keen, rival] = [pick(hints, 'keen'), pick(hints, 'rival')];
    expect([keen.placedSchoolId, rival.placedSchoolId].filter(Boolean)).toEqual(['R']);
    for (const t of [keen, rival]) {
      expect(t.hints[0]).toMatchObject({ schoolId: 'R', listedRank: 1 });
      expect(t.hints[0].level).not.toBe('unlikely');
    }
    const loser = keen.placedSchoolId ? rival : keen;
    expect(loser.hints[0].level).toBe('possible');
    expect(['alternative', 'near_tie']).toContain(loser.hints[0].reason);
  });

  it('matches the next solve: every likely school is where the plan moves the teacher, no unlikely one is', async () => {
    const plan = await planRotation(knownCounty());
    const moved = new Map(plan.moves.map((m) => [m.teacherId, m.toSchoolId]));
    expect(moved.get('newcomer')).toBe('C');
    expect(moved.get('mover')).toBe('W');
    expect(moved.get('bb')).toBe('W');
    expect([moved.get('keen'), moved.get('rival')].filter(Boolean)).toEqual(['R']);
    for (const t of hints) {
      for (const h of t.hints) {
        if (h.level === 'likely') expect([t.teacherId, moved.get(t.teacherId)]).toEqual([t.teacherId, h.schoolId]);
        if (h.level === 'unlikely') expect([t.teacherId, moved.get(t.teacherId)]).not.toEqual([t.teacherId, h.schoolId]);
      }
    }
  });

  it("names no other teacher: a teacher's hints hold only schools, their own ranks and aggregate headcounts", () => {
    const others = (id: string) => hints.filter((h) => h.teacherId !== id).map((h) => h.teacherId);
    for (const t of hints) {
      const text = JSON.stringify({ ...t, teacherId: undefined, explained: t.hints.map((h) => explainHint(h)) });
      for (const other of others(t.teacherId)) expect(text).not.toMatch(new RegExp(`"${other}"|\\b${other}\\b`));
      for (const h of t.hints) expect(Object.keys(h.facts).every((k) => ['scenarios', 'scenarioShare', 'subject', 'category', 'quota', 'holders', 'left', 'placedRank', 'reducedCost'].includes(k))).toBe(true);
    }
  });
});

describe('hints against the plan on random counties', () => {
  it('never calls a school likely that the plan does not give, nor unlikely one it gives; lists every listed school once, then at most the suggestions asked', async () => {
    let likely = 0;
    let unlikely = 0;
    let suggested = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const input = randomCounty(seed);
      const { teachers } = await whatIfHints(input, { ...SETTINGS, suggestions: 2, seed: String(seed) });
      const plan = await planRotation(input);
      const moved = new Map(plan.moves.map((m) => [m.teacherId, m.toSchoolId]));
      input.teachers.forEach((t, ti) => {
        const th = teachers[ti];
        expect(th.teacherId).toBe(t.id);
        expect(th.hints.filter((h) => !h.suggested).map((h) => h.schoolId)).toEqual([...t.preferences]);
        const s = th.hints.filter((h) => h.suggested);
        expect(s.length).toBeLessThanOrEqual(2);
        suggested += s.length;
        for (const h of s) expect([seed, t.id, h.level]).not.toEqual([seed, t.id, 'unlikely']);
        for (const h of th.hints) {
          if (h.level === 'likely') {
            likely++;
            expect([seed, t.id, moved.get(t.id)]).toEqual([seed, t.id, h.schoolId]);
          }
          if (h.level === 'unlikely') {
            unlikely++;
            expect([seed, t.id, moved.get(t.id)]).not.toEqual([seed, t.id, h.schoolId]);
          }
          // an infeasible county: nothing the HR office's decision is about is likely
          if (plan.status === 'infeasible' && h.level === 'likely') {
            const named = plan.infeasibilities.filter((i) => i.teacherIds?.includes(t.id) || i.schoolId === h.schoolId || i.schoolId === t.currentSchoolId || (!i.schoolId && !i.teacherIds?.length));
            expect([seed, t.id, named]).toEqual([seed, t.id, []]);
          }
        }
      });
    }
    expect(likely).toBeGreaterThan(10);
    expect(unlikely).toBeGreaterThan(10);
    expect(suggested).toBeGreaterThan(10);
  });
});

describe('hint settings and words', () => {
  it('reads its settings from the dated policy: one rank step of the preference weight, 8 re-runs, half, 5 suggestions', () => {
    expect(hintSettings('2027-09-01', DEFAULT_POLICY, 'c')).toEqual({ scenarios: 8, perturbation: 0.6, likelyShare: 0.5, suggestions: 5, seed: 'c' });
  });

  it('explains every reason in Chinese and English, says when a school was not listed, and dates the summary', () => {
    const facts = { scenarios: 8, scenarioShare: 0.375, subject: 'mathematics', category: 'teacher', quota: 12, holders: 12, left: 0, placedRank: 1 };
    for (const reason of HINT_REASONS) {
      const e = explainHint({ level: 'possible', reason, listedRank: 2, suggested: false, facts });
      expect(e.zh.length).toBeGreaterThan(5);
      expect(e.en.length).toBeGreaterThan(10);
      expect(e.en).not.toMatch(/undefined|NaN|null/);
      expect(e.zh).not.toMatch(/undefined|NaN|null/);
    }
    expect(explainHint({ level: 'unlikely', reason: 'full', listedRank: 1, suggested: false, facts }).en).toBe(
      "No place is expected to be free: this school's approved headcount for mathematics teacher posts is 12, 12 hold them today, and after the what-if plan's other moves none is left.",
    );
    expect(explainHint({ level: 'possible', reason: 'alternative', listedRank: 1, suggested: false, facts }).zh).toContain('有3次');
    expect(explainHint({ level: 'likely', reason: 'placed', listedRank: null, suggested: true, facts }).en).toMatch(/^You did not list this school\. The what-if plan/);
    const s = summarise({ kind: 'volunteer', placedSchoolName: null, placedRank: null, unsettled: false, computedAtShanghai: '2027-03-02 03:31' });
    expect(s.en).toContain('you would stay where you are');
    expect(s.en).toContain('2027-03-02 03:31 (Beijing time)');
    expect(s.zh).toContain('2027-03-02 03:31（北京时间）');
    expect(ESTIMATE_NOT_PROMISE.en).toContain('not a promise');
    expect(ESTIMATE_NOT_PROMISE.zh).toContain('不是承诺');
  });
});
