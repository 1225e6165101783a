import { postExcesses, type PlanMoveEffect, type PlanPost } from '@app/rules';
import type { ConstraintGroup } from './plan';
import type { PlannerInput, PostRole } from './plan-input';

/**
 * Checks a plan's moves against every hard rule, from the input alone. Written apart from the model on
 * purpose (it shares no code with candidates.ts, county-index.ts or model.ts), so that it can catch a
 * modelling mistake rather than repeat it. It reports every violation, not just the first. Post capacity
 * is checked with @app/rules (postExcesses), the code staffing applies an approved plan with (issue #9).
 *
 * Rules, as the planner states them:
 * - well-formed: a move names a known teacher and school, leaves the teacher's current school for
 *   another, and no teacher moves twice;
 * - an exempt teacher never moves; a volunteer only moves to a school they listed; a teacher who is not
 *   eligible moves only as a volunteer, under R2/R3, by a forced pin or as an approved move an amendment keeps;
 * - an R2 or R3 teacher (not exempt) moves; an R3 teacher to a county-town or township-central school;
 * - capacity: each post (school × main subject for teachers, the leadership post for category principal,
 *   the researcher post; an R3 mover arrives on the teacher post of their main subject) ends with current − leaving + arriving ≤ max(quota, current); a school without
 *   such a post has room for none;
 * - subject floor: for each subject a school teaches (a teacher post with current > 0), its qualified
 *   teachers (non-researchers with the subject) after the moves ≥ min(floor, qualified before);
 * - R1: movers ≥ ceil(minMoverShare × census teachers);
 * - backbone movers ≥ backboneMoverShare × movers;
 * - leaders (principal, vice-principal, secretary) leaving a school ≤ max(minLeadersAllowedToMove, floor(maxLeadershipMoveShare × team));
 * - pins: a forced move is made (to that school), a forbidden one is not.
 */

export interface Violation {
  constraint: ConstraintGroup | 'malformed' | 'exempt_moved' | 'volunteer_unlisted' | 'not_eligible_moved' | 'r3_destination';
  where: string;
  /** how far off, in people */
  amount: number;
  message: string;
  teacherId?: string;
  schoolId?: string;
}

export interface CheckedMove {
  teacherId: string;
  fromSchoolId: string;
  toSchoolId: string;
}

const LEADERS: readonly PostRole[] = ['principal', 'vice_principal', 'secretary'];
const R3_TYPES = ['county_town', 'township_central'];

export function checkPlan(input: PlannerInput, moves: readonly CheckedMove[]): Violation[] {
  const v: Violation[] = [];
  const p = input.parameters;
  const school = new Map(input.schools.map((s) => [s.id, s]));
  const teacher = new Map(input.teachers.map((t) => [t.id, t]));
  const postOf = (schoolId: string, subject: string | null, category: string) => `${schoolId}/${subject ?? '-'}/${category}`;
  const subjectOfPost = (t: { category: string; subjects: readonly string[] }) => (t.category === 'teacher' ? (t.subjects[0] ?? null) : null);
  const ceilShare = (share: number, n: number) => Math.ceil(Math.round(share * n * 1e6) / 1e6);
  const floorShare = (share: number, n: number) => Math.floor(Math.round(share * n * 1e6) / 1e6);

  // well-formed moves
  const seen = new Set<string>();
  const valid: CheckedMove[] = [];
  for (const m of moves) {
    const t = teacher.get(m.teacherId);
    if (!t) {
      v.push({ constraint: 'malformed', where: m.teacherId, amount: 1, message: `unknown teacher ${m.teacherId}`, teacherId: m.teacherId });
      continue;
    }
    if (seen.has(m.teacherId)) {
      v.push({ constraint: 'malformed', where: m.teacherId, amount: 1, message: `teacher ${m.teacherId} moves more than once`, teacherId: m.teacherId });
      continue;
    }
    if (!school.has(m.toSchoolId)) {
      v.push({ constraint: 'malformed', where: m.toSchoolId, amount: 1, message: `unknown school ${m.toSchoolId}`, teacherId: m.teacherId });
      continue;
    }
    if (m.fromSchoolId !== t.currentSchoolId || m.toSchoolId === t.currentSchoolId) {
      v.push({ constraint: 'malformed', where: m.teacherId, amount: 1, message: `teacher ${m.teacherId} works at ${t.currentSchoolId}; the move says ${m.fromSchoolId} → ${m.toSchoolId}`, teacherId: m.teacherId });
      continue;
    }
    seen.add(m.teacherId);
    valid.push(m);
  }
  const dest = new Map(valid.map((m) => [m.teacherId, m.toSchoolId]));
  const kept = new Set((input.baseline?.keep ?? []).map((k) => `${k.teacherId}|${k.schoolId}`));

  // teachers' own rules
  for (const t of input.teachers) {
    const to = dest.get(t.id);
    if (t.exempt) {
      if (to !== undefined) v.push({ constraint: 'exempt_moved', where: t.id, amount: 1, message: `${t.id} is exempt and moves to ${to}`, teacherId: t.id });
      continue;
    }
    if (to !== undefined && t.volunteer && !t.preferences.includes(to)) {
      v.push({ constraint: 'volunteer_unlisted', where: t.id, amount: 1, message: `volunteer ${t.id} is placed at ${to}, which they did not list`, teacherId: t.id, schoolId: to });
    }
    const forcedThere = (input.pins ?? []).some((p) => p.kind === 'force' && p.teacherId === t.id && p.schoolId === to);
    // an amendment keeps an approved move as it was approved (PlanBaseline), forced then or not
    const keptThere = kept.has(`${t.id}|${to}`);
    if (to !== undefined && t.eligible === false && !t.volunteer && !t.mandatory && !forcedThere && !keptThere) {
      v.push({ constraint: 'not_eligible_moved', where: t.id, amount: 1, message: `${t.id} is not eligible for exchange, did not volunteer and moves to ${to}`, teacherId: t.id, schoolId: to });
    }
    if (t.mandatory && to === undefined) {
      v.push({ constraint: 'mandatory_move', where: t.id, amount: 1, message: `${t.id} must move under ${t.mandatory.rule} and does not`, teacherId: t.id });
    }
    if (t.mandatory?.rule === 'R3' && to !== undefined && !R3_TYPES.includes(school.get(to)!.type)) {
      v.push({ constraint: 'r3_destination', where: t.id, amount: 1, message: `${t.id} must serve R3 at a county-town or township-central school, ${to} is ${school.get(to)!.type}`, teacherId: t.id, schoolId: to });
    }
  }

  // capacity: the rule staffing applies an approved plan with (@app/rules postExcesses), on the same counts
  const posts = new Map<string, PlanPost>();
  for (const post of input.posts) {
    const key = postOf(post.schoolId, post.subject, post.category);
    posts.set(key, { key, quota: post.quota, before: post.current });
  }
  const effects: PlanMoveEffect[] = valid.map((m) => {
    const t = teacher.get(m.teacherId)!;
    // an R3 placement is a year of teaching: it takes a teacher post of the main subject
    const r3 = t.mandatory?.rule === 'R3' && !t.exempt && t.subjects.length > 0;
    const into = r3 ? postOf(m.toSchoolId, t.subjects[0], 'teacher') : postOf(m.toSchoolId, subjectOfPost(t), t.category);
    return { moveId: t.id, teacherId: t.id, leaves: [postOf(m.fromSchoolId, subjectOfPost(t), t.category)], arrives: into, keptShare: 0, share: 1 };
  });
  for (const o of postExcesses(posts, effects)) {
    const [schoolId] = o.key.split('/');
    v.push({ constraint: 'capacity', where: o.key, amount: o.excess, message: `post ${o.key} ends with ${o.after}, its quota is ${o.quota}${posts.has(o.key) ? '' : ' (no such post)'}`, schoolId });
  }

  // subject floors at every school that teaches the subject
  const qualifiedBefore = new Map<string, number>();
  const qualifiedDelta = new Map<string, number>();
  const qualifies = (t: { category: string }) => t.category !== 'researcher';
  for (const t of input.teachers) {
    if (!qualifies(t)) continue;
    for (const subj of new Set(t.subjects)) qualifiedBefore.set(`${t.currentSchoolId}/${subj}`, (qualifiedBefore.get(`${t.currentSchoolId}/${subj}`) ?? 0) + 1);
  }
  for (const m of valid) {
    const t = teacher.get(m.teacherId)!;
    if (!qualifies(t)) continue;
    for (const subj of new Set(t.subjects)) {
      qualifiedDelta.set(`${m.fromSchoolId}/${subj}`, (qualifiedDelta.get(`${m.fromSchoolId}/${subj}`) ?? 0) - 1);
      qualifiedDelta.set(`${m.toSchoolId}/${subj}`, (qualifiedDelta.get(`${m.toSchoolId}/${subj}`) ?? 0) + 1);
    }
  }
  const taught = new Set<string>();
  for (const post of input.posts) if (post.category === 'teacher' && post.subject !== null && post.current > 0) taught.add(`${post.schoolId}/${post.subject}`);
  for (const key of taught) {
    const before = qualifiedBefore.get(key) ?? 0;
    const after = before + (qualifiedDelta.get(key) ?? 0);
    const floor = Math.min(p.subjectFloor, before);
    if (after < floor) {
      const [schoolId, subj] = key.split('/');
      v.push({ constraint: 'subject_floor', where: key, amount: floor - after, message: `${schoolId} keeps ${after} qualified ${subj} teachers, the floor is ${floor}`, schoolId });
    }
  }

  // R1 and backbone share
  const movers = valid.length;
  const required = ceilShare(p.minMoverShare, input.censusTeachers ?? input.teachers.length);
  if (movers < required) v.push({ constraint: 'min_movers', where: 'county', amount: required - movers, message: `${movers} movers, R1 requires ${required}` });
  const backbone = valid.filter((m) => teacher.get(m.teacherId)!.backbone).length;
  if (backbone + 1e-9 < p.backboneMoverShare * movers) {
    const needed = ceilShare(p.backboneMoverShare, movers);
    v.push({ constraint: 'backbone_share', where: 'county', amount: needed - backbone, message: `${backbone} backbone movers of ${movers}, ${Math.round(p.backboneMoverShare * 100)}% needs ${needed}` });
  }

  // leadership cap
  const leaving = new Map<string, number>();
  for (const m of valid) if (LEADERS.includes(teacher.get(m.teacherId)!.role)) leaving.set(m.fromSchoolId, (leaving.get(m.fromSchoolId) ?? 0) + 1);
  for (const [schoolId, n] of leaving) {
    const team = school.get(schoolId)!.leadershipTeamSize;
    const cap = Math.min(team, Math.max(p.minLeadersAllowedToMove ?? 0, floorShare(p.maxLeadershipMoveShare, team)));
    if (n > cap) v.push({ constraint: 'leadership_cap', where: schoolId, amount: n - cap, message: `${n} leaders leave ${schoolId}, the cap is ${cap}`, schoolId });
  }

  // pins
  for (const pin of input.pins ?? []) {
    const to = dest.get(pin.teacherId);
    if (pin.kind === 'force' && to !== pin.schoolId) v.push({ constraint: 'pin', where: pin.teacherId, amount: 1, message: `${pin.teacherId} is pinned to ${pin.schoolId}, the plan has ${to ?? 'no move'}`, teacherId: pin.teacherId, schoolId: pin.schoolId });
    if (pin.kind === 'forbid' && to === pin.schoolId) v.push({ constraint: 'pin', where: pin.teacherId, amount: 1, message: `${pin.teacherId} may not move to ${pin.schoolId} (pin) and does`, teacherId: pin.teacherId, schoolId: pin.schoolId });
  }
  return v;
}
