import { arrivalKind, postKey, type CountyIndex, type PostRef } from './county-index';
import { moveScore, preferenceRank } from './objective';
import { baselineWeight, R3_DESTINATION_TYPES, type Pin, type PlannerSchool, type PlannerTeacher } from './plan-input';

/**
 * Candidate schools per teacher: the moves the planner (and the baselines) may choose from.
 *
 * - exempt teachers have none; nor has a teacher who is not eligible (R1 tenure), unless they volunteer
 *   or are mandatory (a forced pin still applies);
 * - the teacher's own preferences come first, in their order, where the school has a post for them
 *   (their main subject's teacher post, or the leadership / researcher post) — and, for R3, only
 *   county-town and township-central schools;
 * - a volunteer gets nothing else: a volunteer is never placed at a school they did not list;
 * - anyone else (mandatory or not) also gets schools that need their post, up to `perTeacher` in all:
 *   first posts a mandatory departure leaves below the subject floor, then posts with room (headroom or
 *   mandatory departures), each ordered by the move's score; at least half from the teacher's own
 *   district where it has such schools (R11), then the best of the county;
 * - pins: the first valid forced pin of a teacher is added first (see forcedPinProblem), forbidden schools
 *   are removed; nothing else changes (a pin never brings another school into the list).
 * - an amendment's baseline (PlanBaseline): a teacher's approved move is always among their candidates
 *   (when it is still a valid move) and carries the baseline's bonus; every other candidate the cost.
 */

export interface Candidate {
  schoolId: string;
  post: PostRef;
  rank: number | null;
  score: number;
  forced: boolean;
  /** an amendment's term besides the score: + the baseline weight for the approved move, − it for any other */
  bonus?: number;
}

export interface CandidateOptions {
  /** candidate schools per teacher (preferences included); default 20 */
  perTeacher?: number;
}

export const DEFAULT_CANDIDATES_PER_TEACHER = 20;

/** Why a forced pin cannot be honoured, or null when it can. */
export function forcedPinProblem(index: CountyIndex, t: PlannerTeacher, schoolId: string): string | null {
  const to = index.schools.get(schoolId);
  if (!to) return `school ${schoolId} is unknown`;
  if (t.exempt) return `${t.name ?? t.id} is exempt from rotation`;
  if (schoolId === t.currentSchoolId) return `${t.name ?? t.id} already works at ${index.schoolName(schoolId)}`;
  if (t.volunteer && !t.preferences.includes(schoolId)) return `${t.name ?? t.id} volunteered and did not list ${index.schoolName(schoolId)}`;
  if (t.mandatory?.rule === 'R3' && !R3_DESTINATION_TYPES.includes(to.type)) return `${t.name ?? t.id} must serve R3 at a county-town or township-central school, ${index.schoolName(schoolId)} is ${to.type}`;
  if (!index.destinationPost(t, schoolId)) return `${index.schoolName(schoolId)} has no ${arrivalKind(t).subject ?? t.category} post`;
  return null;
}

export function candidateBuilder(index: CountyIndex, options: CandidateOptions = {}): CandidateBuilder {
  const perTeacher = options.perTeacher ?? DEFAULT_CANDIDATES_PER_TEACHER;
  const { teachers, parameters } = index.input;
  const w = parameters.weights;

  // room at each post: headroom plus mandatory departures; and posts a mandatory departure leaves below the floor
  const room = new Float64Array(index.posts.length);
  for (const p of index.posts) room[p.index] = p.headroom;
  const mandatoryLeavers = new Map<string, number>();
  teachers.forEach((t, i) => {
    if (!t.mandatory || t.exempt) return;
    const held = index.heldPost[i];
    if (held) room[held.index] += 1;
    if (t.category === 'researcher') return;
    for (const subj of new Set(t.subjects)) {
      const k = `${t.currentSchoolId}|${subj}`;
      mandatoryLeavers.set(k, (mandatoryLeavers.get(k) ?? 0) + 1);
    }
  });
  const floorThreat = new Set<string>();
  for (const f of index.floors) {
    const leaving = mandatoryLeavers.get(`${f.schoolId}|${f.subject}`) ?? 0;
    if (leaving > 0 && f.before - leaving < f.target) floorThreat.add(postKey(f.schoolId, f.subject, 'teacher'));
  }

  // the schools with a post of each kind
  const schoolsByPost = new Map<string, { school: PlannerSchool; post: PostRef }[]>();
  for (const p of index.posts) {
    const k = `${p.subject ?? ''}|${p.category}`;
    const list = schoolsByPost.get(k) ?? [];
    list.push({ school: index.schools.get(p.schoolId)!, post: p });
    schoolsByPost.set(k, list);
  }

  // ordered lists shared by teachers alike in what the order depends on
  interface Ordered {
    near: { school: PlannerSchool; post: PostRef }[];
    all: { school: PlannerSchool; post: PostRef }[];
  }
  const groups = new Map<string, Ordered>();
  const orderedFor = (t: PlannerTeacher, from: PlannerSchool): Ordered => {
    const r3 = t.mandatory?.rule === 'R3';
    const arrival = arrivalKind(t);
    const kind = `${arrival.subject ?? ''}|${arrival.category}`;
    const gk = `${kind}|${from.districtCode ?? ''}|${from.rural}|${from.weak}|${t.backbone}|${r3}`;
    let g = groups.get(gk);
    if (g) return g;
    const options = (schoolsByPost.get(kind) ?? []).filter((o) => !r3 || R3_DESTINATION_TYPES.includes(o.school.type));
    const tier = (o: { post: PostRef }) => (floorThreat.has(postKey(o.post.schoolId, o.post.subject, o.post.category)) ? 2 : room[o.post.index] > 0 ? 1 : 0);
    const decorated = options.map((o) => ({ o, tier: tier(o), score: moveScore(t, from, o.school, null, w) }));
    decorated.sort((a, b) => b.tier - a.tier || b.score - a.score || (a.o.school.id < b.o.school.id ? -1 : 1));
    const all = decorated.map((d) => d.o);
    const near = from.districtCode === null ? [] : all.filter((o) => o.school.districtCode === from.districtCode);
    g = { near, all };
    groups.set(gk, g);
    return g;
  };

  // an amendment: each teacher's approved move to keep, and the weight of keeping it
  const baseline = index.input.baseline;
  const keepAt = new Map((baseline?.keep ?? []).map((k) => [k.teacherId, k.schoolId]));
  const keepWeight = baseline ? (baseline.weight ?? baselineWeight(parameters)) : 0;
  const bonusOf = (t: PlannerTeacher, schoolId: string) => (keepAt.get(t.id) === schoolId ? keepWeight : -keepWeight);

  /** The teacher's candidates before any pin, with the approved move kept possible under a baseline. */
  const base = (ti: number): Candidate[] => {
    const out = unpinned(ti);
    if (!baseline) return out;
    const t = teachers[ti];
    const keep = keepAt.get(t.id);
    if (keep !== undefined && !out.some((c) => c.schoolId === keep) && forcedPinProblem(index, t, keep) === null) {
      const from = index.schools.get(t.currentSchoolId)!;
      const rank = preferenceRank(t, keep);
      out.unshift({ schoolId: keep, post: index.destinationPost(t, keep)!, rank, score: moveScore(t, from, index.schools.get(keep)!, rank, w), forced: false });
    }
    for (const c of out) c.bonus = bonusOf(t, c.schoolId);
    return out;
  };

  const unpinned = (ti: number): Candidate[] => {
    const t = teachers[ti];
    if (t.exempt) return [];
    const from = index.schools.get(t.currentSchoolId)!;
    const out: Candidate[] = [];
    const seen = new Set<string>([t.currentSchoolId]);
    const add = (schoolId: string, post: PostRef) => {
      seen.add(schoolId);
      const rank = preferenceRank(t, schoolId);
      out.push({ schoolId, post, rank, score: moveScore(t, from, index.schools.get(schoolId)!, rank, w), forced: false });
    };
    if (t.eligible === false && !t.volunteer && !t.mandatory) return out;
    const r3 = t.mandatory?.rule === 'R3';
    for (const s of t.preferences) {
      if (seen.has(s)) continue;
      const post = index.destinationPost(t, s);
      if (!post || (r3 && !R3_DESTINATION_TYPES.includes(index.schools.get(s)!.type))) continue;
      add(s, post);
    }
    if (t.volunteer) return out;
    const g = orderedFor(t, from);
    const nearQuota = Math.ceil(perTeacher / 2);
    let nearTaken = 0;
    for (const o of g.near) {
      if (out.length >= perTeacher || nearTaken >= nearQuota) break;
      if (seen.has(o.school.id)) continue;
      add(o.school.id, o.post);
      nearTaken++;
    }
    for (const o of g.all) {
      if (out.length >= perTeacher) break;
      if (seen.has(o.school.id)) continue;
      add(o.school.id, o.post);
    }
    return out;
  };

  /**
   * The teacher's candidates under their pins: the first valid forced pin first (marked forced), then the
   * base candidates less the forbidden schools. Pins add or remove exactly what they name: they never bring
   * other schools into the list, so a re-solve after pinning keeps every other teacher's choice the same.
   */
  const pinned = (ti: number, baseList: readonly Candidate[], pins: readonly Pin[]): Candidate[] => {
    if (pins.length === 0) return [...baseList];
    const t = teachers[ti];
    const forbidden = new Set(pins.filter((p) => p.kind === 'forbid').map((p) => p.schoolId));
    const force = pins.find((p) => p.kind === 'force' && !forbidden.has(p.schoolId) && forcedPinProblem(index, t, p.schoolId) === null);
    const out: Candidate[] = [];
    if (force) {
      const from = index.schools.get(t.currentSchoolId)!;
      const rank = preferenceRank(t, force.schoolId);
      out.push({
        schoolId: force.schoolId,
        post: index.destinationPost(t, force.schoolId)!,
        rank,
        score: moveScore(t, from, index.schools.get(force.schoolId)!, rank, w),
        forced: true,
        ...(baseline ? { bonus: bonusOf(t, force.schoolId) } : {}),
      });
    }
    for (const c of baseList) if (!forbidden.has(c.schoolId) && c.schoolId !== force?.schoolId) out.push(c);
    return out;
  };

  return { base, pinned };
}

export interface CandidateBuilder {
  base(ti: number): Candidate[];
  pinned(ti: number, base: readonly Candidate[], pins: readonly Pin[]): Candidate[];
}

/** The pins of each teacher (by teacher index), in the order given. */
export function pinsByTeacher(index: CountyIndex, pins: readonly Pin[]): Map<number, Pin[]> {
  const out = new Map<number, Pin[]>();
  for (const pin of pins) {
    const ti = index.teacherIndex.get(pin.teacherId);
    if (ti === undefined) continue;
    const list = out.get(ti);
    if (list) list.push(pin);
    else out.set(ti, [pin]);
  }
  return out;
}

export function buildCandidates(index: CountyIndex, options: CandidateOptions = {}): Candidate[][] {
  const builder = candidateBuilder(index, options);
  const pins = pinsByTeacher(index, index.input.pins ?? []);
  return index.input.teachers.map((_, ti) => builder.pinned(ti, builder.base(ti), pins.get(ti) ?? []));
}
