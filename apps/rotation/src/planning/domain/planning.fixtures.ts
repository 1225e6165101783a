import { checkPlan } from './checker';
import { planMetrics } from './metrics';
import type { PlannerInput, PlannerParameters, PlannerSchool, PlannerTeacher, PostCapacity, SchoolType } from './plan-input';

/** Small hand-made counties for the planner's tests. */

export const WEIGHTS = { towardRural: 3, towardWeak: 3, backboneTowardWeak: 4, preferenceRank: 6, sameDistrict: 1, disruption: 4 };

export const LOOSE: PlannerParameters = { minMoverShare: 0, backboneMoverShare: 0, maxLeadershipMoveShare: 1, minLeadersAllowedToMove: 0, subjectFloor: 0, weights: WEIGHTS };

export function school(id: string, type: SchoolType, districtCode: string, flags: { rural?: boolean; weak?: boolean; team?: number } = {}): PlannerSchool {
  const rural = flags.rural ?? (type === 'village_primary' || type === 'teaching_point');
  return { id, name: id, type, districtCode, rural, weak: flags.weak ?? false, leadershipTeamSize: flags.team ?? 0 };
}

export function teacher(id: string, currentSchoolId: string, subjects: readonly string[], more: Partial<PlannerTeacher> = {}): PlannerTeacher {
  return {
    id,
    name: id,
    currentSchoolId,
    subjects,
    category: 'teacher',
    role: 'teacher',
    backbone: false,
    points: 0,
    mandatory: null,
    exempt: false,
    volunteer: false,
    preferences: [],
    ...more,
  };
}

export function leader(id: string, currentSchoolId: string, role: 'principal' | 'vice_principal' | 'secretary', more: Partial<PlannerTeacher> = {}): PlannerTeacher {
  return teacher(id, currentSchoolId, ['chinese'], { category: 'principal', role, ...more });
}

/**
 * A county whose posts are counted from the teachers: `current` = holders, `quota` = current + the
 * vacancies given as { 'school|subject': n } (leadership posts: 'school|principal'), posts listed in
 * `extraPosts` exist even with nobody in them.
 */
export function county(
  schools: PlannerSchool[],
  teachers: PlannerTeacher[],
  opts: { vacancies?: Record<string, number>; extraPosts?: string[]; parameters?: Partial<PlannerParameters>; pins?: PlannerInput['pins']; county?: string } = {},
): PlannerInput {
  const posts = new Map<string, PostCapacity>();
  const key = (schoolId: string, subject: string | null, category: PostCapacity['category']) => `${schoolId}|${subject ?? category}`;
  const ensure = (schoolId: string, subject: string | null, category: PostCapacity['category']) => {
    const k = key(schoolId, subject, category);
    if (!posts.has(k)) posts.set(k, { schoolId, subject, category, quota: 0, current: 0 });
    return posts.get(k)!;
  };
  for (const t of teachers) {
    const p = ensure(t.currentSchoolId, t.category === 'teacher' ? t.subjects[0] : null, t.category);
    p.current++;
    p.quota++;
  }
  for (const k of opts.extraPosts ?? []) {
    const [s, what] = k.split('|');
    if (what === 'principal' || what === 'researcher') ensure(s, null, what);
    else ensure(s, what, 'teacher');
  }
  for (const [k, n] of Object.entries(opts.vacancies ?? {})) {
    const [s, what] = k.split('|');
    const p = what === 'principal' || what === 'researcher' ? ensure(s, null, what) : ensure(s, what, 'teacher');
    p.quota += n;
  }
  return { county: opts.county, schools, teachers, posts: [...posts.values()], parameters: { ...LOOSE, ...opts.parameters, weights: { ...WEIGHTS, ...opts.parameters?.weights } }, pins: opts.pins };
}

/** Every assignment of teachers to "stay or one of the schools with a post for them": the optimum by enumeration. */
export function bruteForce(input: PlannerInput): { objective: number; moves: { teacherId: string; fromSchoolId: string; toSchoolId: string }[] } | null {
  const options = input.teachers.map((t) => {
    // as county-index's arrivalKind: an R3 placement takes a teacher post of the main subject; with no
    // subject on record there is no such post, and the teacher arrives on a post of their own category
    const r3 = t.mandatory?.rule === 'R3' && !t.exempt && t.subjects.length > 0;
    const subject = t.category === 'teacher' || r3 ? t.subjects[0] : null;
    const category = r3 ? 'teacher' : t.category;
    const out: (string | null)[] = [null];
    for (const p of input.posts) if (p.schoolId !== t.currentSchoolId && p.subject === subject && p.category === category) out.push(p.schoolId);
    return out;
  });
  let best: { objective: number; moves: { teacherId: string; fromSchoolId: string; toSchoolId: string }[] } | null = null;
  const choice = new Array<number>(input.teachers.length).fill(0);
  for (;;) {
    const moves = input.teachers.flatMap((t, i) => (options[i][choice[i]] === null ? [] : [{ teacherId: t.id, fromSchoolId: t.currentSchoolId, toSchoolId: options[i][choice[i]]! }]));
    if (checkPlan(input, moves).length === 0) {
      const objective = planMetrics(input, moves).objective;
      if (!best || objective > best.objective + 1e-9) best = { objective, moves };
    }
    let k = 0;
    while (k < choice.length && ++choice[k] === options[k].length) choice[k++] = 0;
    if (k === choice.length) break;
  }
  return best;
}

/** A small seeded PRNG for random test counties (mulberry32). */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { float: next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), chance: (p: number) => next() < p, pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}
