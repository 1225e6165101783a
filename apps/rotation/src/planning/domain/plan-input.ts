import type { SCHOOL_TYPES } from '@app/contracts';
import { DomainError } from '@app/errors';
import { MAX_PREFERENCES } from '../../cycles/domain/cycle';

/**
 * What the rotation planner reads: the county's teachers who hold a post today, its schools, the posts'
 * approved headcounts, the cycle's parameters (resolved from the dated policy, see plannerParameters) and
 * the HR officer's pins. Pure data: the application layer assembles it from rotation's read model.
 */

export type SchoolType = (typeof SCHOOL_TYPES)[number];
export type TeacherCategory = 'teacher' | 'principal' | 'researcher';
/** the teacher's role on their current post */
export type PostRole = 'teacher' | 'principal' | 'vice_principal' | 'secretary';
export type MandatoryRule = 'R2' | 'R3';

export interface PlannerTeacher {
  id: string;
  /** the school of the post the teacher holds (their establishment post) */
  currentSchoolId: string;
  /** subjects the teacher is qualified for; the first is the main subject, the one their post is for */
  subjects: readonly string[];
  category: TeacherCategory;
  role: PostRole;
  /** backbone level other than 'none' (骨干教师) */
  backbone: boolean;
  /** priority points (higher first in the baselines' orders and in the schools' priorities) */
  points: number;
  /** R2: a leader who must leave the post this cycle; R3: must go to a county-town or township-central school */
  mandatory: null | { rule: MandatoryRule };
  /** never moved (near retirement, HR-recorded exemption) */
  exempt: boolean;
  /** asked to move: a volunteer is only ever placed at a school they listed */
  volunteer: boolean;
  /** ranked school ids, at most 10, best first */
  preferences: readonly string[];
  /**
   * Eligible for exchange under R1 (≥ `R1.tenure_eligibility_years` at the current school, see rotation's
   * eligibility domain). A teacher who is not is moved only as a volunteer, under R2/R3, or by a forced pin.
   * Default true.
   */
  eligible?: boolean;
  name?: string;
}

export interface PlannerSchool {
  id: string;
  type: SchoolType;
  districtCode: string | null;
  rural: boolean;
  weak: boolean;
  /** principal, vice-principals, secretary: the leadership team (领导班子) the 30% cap is taken of */
  leadershipTeamSize: number;
  name?: string;
}

/**
 * The posts of one school for one subject and category. `subject` is null for the leadership post
 * (category 'principal') and the researcher post. `current` is the teachers holding it now, `quota` the
 * approved headcount for the cycle's school year.
 */
export interface PostCapacity {
  schoolId: string;
  subject: string | null;
  category: TeacherCategory;
  quota: number;
  current: number;
}

export interface PlannerWeights {
  /** per move from a non-rural to a rural school; minus as much the other way (R4) */
  towardRural: number;
  /** per move from a non-weak to a weak school; minus as much the other way (R4) */
  towardWeak: number;
  /** extra for a backbone teacher moving from a non-weak to a weak school; minus the other way (R4) */
  backboneTowardWeak: number;
  /** for the teacher's 1st listed school; the k-th earns (11 − k) / 10 of it */
  preferenceRank: number;
  /** per move inside the teacher's own school district (R11) */
  sameDistrict: number;
  /** cost of every move */
  disruption: number;
}

export interface PlannerParameters {
  /** R1: movers ≥ ceil(share × teachers) */
  minMoverShare: number;
  /** backbone movers ≥ share × movers */
  backboneMoverShare: number;
  /** leaders leaving one school ≤ max(minLeadersAllowedToMove, floor(share × leadership team size)) */
  maxLeadershipMoveShare: number;
  /** however small the team, this many leaders may leave (1: a lone principal under R2 can move) */
  minLeadersAllowedToMove: number;
  /** qualified teachers a sending school keeps per subject it teaches */
  subjectFloor: number;
  weights: PlannerWeights;
}

/** An HR officer's decision the solver must honour: this teacher moves to this school, or never to it. */
export interface Pin {
  teacherId: string;
  schoolId: string;
  kind: 'force' | 'forbid';
}

/**
 * An amendment's re-solve (issue #13): the approved plan it changes. The planner keeps as much of it as the
 * hard rules allow: each teacher's approved move in `keep` earns `weight` in the objective when the solve
 * keeps it, and every other move (another school for a kept teacher, any move of anyone else) costs
 * `weight`. With the weight far above any move's score (baselineWeight), the solve changes the fewest
 * teachers it must and, among the plans that do, gives the best one. Teachers left out of `keep` — the
 * appealing teacher — stay where they are unless a rule or a forced pin moves them.
 */
export interface PlanBaseline {
  keep: readonly { teacherId: string; schoolId: string }[];
  /** default: baselineWeight(parameters) */
  weight?: number;
}

export interface PlannerInput {
  /** the approved plan an amendment changes as little as it must (see PlanBaseline) */
  baseline?: PlanBaseline;
  /** used in explanations ("Taishan: …") */
  county?: string;
  teachers: readonly PlannerTeacher[];
  schools: readonly PlannerSchool[];
  posts: readonly PostCapacity[];
  parameters: PlannerParameters;
  pins?: readonly Pin[];
  /** R1's denominator: the county's teachers on the census (default: teachers.length) */
  censusTeachers?: number;
}

export const LEADER_ROLES: readonly PostRole[] = ['principal', 'vice_principal', 'secretary'];
/** R3: where the placement year may be served */
export const R3_DESTINATION_TYPES: readonly SchoolType[] = ['county_town', 'township_central'];
export { MAX_PREFERENCES };

export class InvalidPlannerInput extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ROTATION.INVALID_PLANNER_INPUT', 'invalid', message, details);
  }
}

/**
 * ceil(share × n) for a count of people, rounding the product to 1e-6 first so that 0.07 × 100
 * (7.000000000000001 in doubles) is 7, not 8.
 */
export function peopleAtLeast(share: number, n: number): number {
  return Math.ceil(Math.round(share * n * 1e6) / 1e6);
}

/** floor(share × n) with the same guard: 0.3 × 10 is 3 (not 2.9999999999999996 → 2). */
export function peopleAtMost(share: number, n: number): number {
  return Math.floor(Math.round(share * n * 1e6) / 1e6);
}

/** Rejects input that is malformed rather than infeasible: unknown ids, duplicates, bad numbers. */
export function validatePlannerInput(input: PlannerInput): void {
  const schools = new Set<string>();
  for (const s of input.schools) {
    if (schools.has(s.id)) throw new InvalidPlannerInput(`school ${s.id} appears twice`, { schoolId: s.id });
    schools.add(s.id);
    if (!Number.isInteger(s.leadershipTeamSize) || s.leadershipTeamSize < 0) throw new InvalidPlannerInput(`school ${s.id}: leadershipTeamSize must be a whole number ≥ 0`, { schoolId: s.id });
  }
  const posts = new Set<string>();
  for (const p of input.posts) {
    if (!schools.has(p.schoolId)) throw new InvalidPlannerInput(`a post refers to unknown school ${p.schoolId}`, { schoolId: p.schoolId });
    if ((p.category === 'teacher') !== (p.subject !== null)) throw new InvalidPlannerInput(`school ${p.schoolId}: teacher posts have a subject, leadership and researcher posts none`, { schoolId: p.schoolId, subject: p.subject, category: p.category });
    const key = `${p.schoolId}|${p.subject ?? ''}|${p.category}`;
    if (posts.has(key)) throw new InvalidPlannerInput(`school ${p.schoolId}: the post ${p.subject ?? p.category} appears twice`, { key });
    posts.add(key);
    for (const [field, v] of [['quota', p.quota], ['current', p.current]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new InvalidPlannerInput(`school ${p.schoolId} ${p.subject ?? p.category}: ${field} must be a whole number ≥ 0`, { key, [field]: v });
    }
  }
  const teachers = new Set<string>();
  for (const t of input.teachers) {
    if (teachers.has(t.id)) throw new InvalidPlannerInput(`teacher ${t.id} appears twice`, { teacherId: t.id });
    teachers.add(t.id);
    if (!schools.has(t.currentSchoolId)) throw new InvalidPlannerInput(`teacher ${t.id}: unknown current school ${t.currentSchoolId}`, { teacherId: t.id });
    if (t.subjects.length === 0 && t.category === 'teacher') throw new InvalidPlannerInput(`teacher ${t.id} has no subject`, { teacherId: t.id });
    if (t.preferences.length > MAX_PREFERENCES) throw new InvalidPlannerInput(`teacher ${t.id}: at most ${MAX_PREFERENCES} preferences`, { teacherId: t.id });
    if (new Set(t.preferences).size !== t.preferences.length) throw new InvalidPlannerInput(`teacher ${t.id}: a school is listed twice`, { teacherId: t.id });
    for (const s of t.preferences) if (!schools.has(s)) throw new InvalidPlannerInput(`teacher ${t.id}: preference ${s} is not a school of the county`, { teacherId: t.id, schoolId: s });
    if (!Number.isFinite(t.points)) throw new InvalidPlannerInput(`teacher ${t.id}: points must be a number`, { teacherId: t.id });
  }
  if (input.baseline) {
    const kept = new Set<string>();
    for (const k of input.baseline.keep) {
      if (!teachers.has(k.teacherId)) throw new InvalidPlannerInput(`the approved plan keeps a move of unknown teacher ${k.teacherId}`, { ...k });
      if (!schools.has(k.schoolId)) throw new InvalidPlannerInput(`the approved plan keeps a move to unknown school ${k.schoolId}`, { ...k });
      if (kept.has(k.teacherId)) throw new InvalidPlannerInput(`the approved plan keeps two moves of teacher ${k.teacherId}`, { ...k });
      kept.add(k.teacherId);
    }
    const w = input.baseline.weight;
    if (w !== undefined && !(Number.isFinite(w) && w > 0)) throw new InvalidPlannerInput('the baseline weight must be a positive number', { weight: w });
  }
  validatePins(input.pins ?? [], teachers, schools);
  const p = input.parameters;
  for (const [k, v] of [['minMoverShare', p.minMoverShare], ['backboneMoverShare', p.backboneMoverShare], ['maxLeadershipMoveShare', p.maxLeadershipMoveShare]] as const) {
    if (!(v >= 0 && v <= 1)) throw new InvalidPlannerInput(`parameter ${k} must be a share in [0, 1]`, { [k]: v });
  }
  if (!(Number.isInteger(p.subjectFloor) && p.subjectFloor >= 0)) throw new InvalidPlannerInput('parameter subjectFloor must be a whole number ≥ 0', { subjectFloor: p.subjectFloor });
  for (const [k, v] of Object.entries(p.weights)) if (!Number.isFinite(v)) throw new InvalidPlannerInput(`weight ${k} must be a number`, { [k]: v });
  if (input.censusTeachers !== undefined && !(Number.isInteger(input.censusTeachers) && input.censusTeachers >= 0)) throw new InvalidPlannerInput('censusTeachers must be a whole number ≥ 0');
}

/** Pins name teachers and schools of the county (a warm session checks only these: its input was checked once). */
export function validatePins(pins: readonly Pin[], teachers: { has(id: string): boolean }, schools: { has(id: string): boolean }): void {
  for (const pin of pins) {
    if (!teachers.has(pin.teacherId)) throw new InvalidPlannerInput(`a pin refers to unknown teacher ${pin.teacherId}`, { ...pin });
    if (!schools.has(pin.schoolId)) throw new InvalidPlannerInput(`a pin refers to unknown school ${pin.schoolId}`, { ...pin });
  }
}

/**
 * The weight of keeping an approved move: a hundred times more than the best move could ever score (the
 * sum of the objective's weights), so no gain in flows or preferences is worth changing one more teacher.
 */
export function baselineWeight(p: PlannerParameters): number {
  const w = p.weights;
  const best = Math.abs(w.towardRural) + Math.abs(w.towardWeak) + Math.abs(w.backboneTowardWeak) + Math.abs(w.preferenceRank) + Math.abs(w.sameDistrict) + Math.abs(w.disruption);
  return 100 * (1 + best);
}
