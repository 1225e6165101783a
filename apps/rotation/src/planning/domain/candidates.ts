import { arrivalKind, postKey, type CountyIndex, type PostRef } from './county-index';
import { moveScore, preferenceRank } from './objective';
import { R3_DESTINATION_TYPES, type PlannerSchool, type PlannerTeacher } from './plan-input';

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
 * - forbidden pins are removed; valid forced pins are added (see forcedPinProblem).
 */

export interface Candidate {
  schoolId: string;
  post: PostRef;
  rank: number | null;
  score: number;
  forced: boolean;
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

export function buildCandidates(index: CountyIndex, options: CandidateOptions = {}): Candidate[][] {
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

  const forbidden = new Set<string>();
  const forced = new Map<number, string[]>();
  for (const pin of index.input.pins ?? []) {
    const ti = index.teacherIndex.get(pin.teacherId);
    if (ti === undefined) continue;
    if (pin.kind === 'forbid') forbidden.add(`${pin.teacherId}|${pin.schoolId}`);
    else if (!forced.has(ti) && forcedPinProblem(index, teachers[ti], pin.schoolId) === null) forced.set(ti, [pin.schoolId]); // one forced move per teacher: the first valid pin
  }

  return teachers.map((t, ti) => {
    if (t.exempt) return [];
    const from = index.schools.get(t.currentSchoolId)!;
    const out: Candidate[] = [];
    const seen = new Set<string>([t.currentSchoolId]);
    const add = (schoolId: string, post: PostRef, isForced = false) => {
      seen.add(schoolId);
      if (forbidden.has(`${t.id}|${schoolId}`)) return;
      const rank = preferenceRank(t, schoolId);
      out.push({ schoolId, post, rank, score: moveScore(t, from, index.schools.get(schoolId)!, rank, w), forced: isForced });
    };
    for (const s of forced.get(ti) ?? []) if (!seen.has(s)) add(s, index.destinationPost(t, s)!, true);
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
  });
}
