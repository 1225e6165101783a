import {
  LEADER_ROLES,
  peopleAtLeast,
  peopleAtMost,
  type PlannerInput,
  type PlannerSchool,
  type PlannerTeacher,
  type PostCapacity,
  type TeacherCategory,
} from './plan-input';

/**
 * Lookups over one planner input, shared by the candidate generator, the pre-checks, the model and the
 * baselines (the checker keeps its own, see checker.ts). Definitions:
 * - a teacher holds, and a mover fills, the post (school, main subject, 'teacher') — or the school's
 *   leadership post (category 'principal') or researcher post, which have no subject; an R3 placement
 *   fills the teacher post of the main subject (see arrivalKind);
 * - a post's headroom is max(quota, current) − current: a plan never puts a post above its quota, and an
 *   over-quota post is not forced to shed teachers (it may only lose them);
 * - the subjects a school teaches are those of its teacher posts with current > 0; a teacher is qualified
 *   for a subject when it is among their subjects and they are not a researcher;
 * - the floor kept per taught subject is min(subjectFloor, qualified today): a plan never takes a subject
 *   below the floor, nor lower than it already is.
 */

export interface PostRef {
  index: number;
  schoolId: string;
  subject: string | null;
  category: TeacherCategory;
  quota: number;
  current: number;
  headroom: number;
}

export interface FloorRef {
  index: number;
  schoolId: string;
  subject: string;
  /** qualified teachers at the school today */
  before: number;
  /** min(subjectFloor, before) */
  target: number;
}

export const postKey = (schoolId: string, subject: string | null, category: TeacherCategory) => `${schoolId}|${subject ?? ''}|${category}`;
export const postSubjectOf = (t: Pick<PlannerTeacher, 'category' | 'subjects'>): string | null => (t.category === 'teacher' ? (t.subjects[0] ?? null) : null);

/**
 * The kind of post a mover fills at the destination: the one they hold (same subject and category) —
 * except an R3 placement, which is a year of teaching: the teacher post of their main subject, whatever
 * post they hold at home (a young village principal serves R3 as a teacher).
 */
export function arrivalKind(t: Pick<PlannerTeacher, 'category' | 'subjects' | 'mandatory' | 'exempt'>): { subject: string | null; category: TeacherCategory } {
  if (t.mandatory?.rule === 'R3' && !t.exempt && t.subjects.length > 0) return { subject: t.subjects[0], category: 'teacher' };
  return { subject: postSubjectOf(t), category: t.category };
}

export class CountyIndex {
  readonly schools = new Map<string, PlannerSchool>();
  readonly posts: PostRef[] = [];
  readonly postByKey = new Map<string, PostRef>();
  readonly teacherIndex = new Map<string, number>();
  /** the post each teacher holds (undefined when the input lists no such post) */
  readonly heldPost: (PostRef | undefined)[];
  readonly floors: FloorRef[] = [];
  readonly floorByKey = new Map<string, FloorRef>();
  readonly leadersAt = new Map<string, number>();
  readonly r1Required: number;
  readonly county: string;

  constructor(readonly input: PlannerInput) {
    this.county = input.county ?? 'the county';
    for (const s of input.schools) this.schools.set(s.id, s);
    for (const p of input.posts) this.addPost(p);
    input.teachers.forEach((t, i) => this.teacherIndex.set(t.id, i));
    this.heldPost = input.teachers.map((t) => this.postByKey.get(postKey(t.currentSchoolId, postSubjectOf(t), t.category)));

    const qualified = new Map<string, number>();
    for (const t of input.teachers) {
      if (LEADER_ROLES.includes(t.role)) this.leadersAt.set(t.currentSchoolId, (this.leadersAt.get(t.currentSchoolId) ?? 0) + 1);
      if (t.category === 'researcher') continue;
      for (const subj of new Set(t.subjects)) {
        const k = `${t.currentSchoolId}|${subj}`;
        qualified.set(k, (qualified.get(k) ?? 0) + 1);
      }
    }
    const floor = input.parameters.subjectFloor;
    for (const p of this.posts) {
      if (p.category !== 'teacher' || p.current <= 0 || p.subject === null) continue;
      const k = `${p.schoolId}|${p.subject}`;
      if (this.floorByKey.has(k)) continue;
      const before = qualified.get(k) ?? 0;
      const f: FloorRef = { index: this.floors.length, schoolId: p.schoolId, subject: p.subject, before, target: Math.min(floor, before) };
      this.floors.push(f);
      this.floorByKey.set(k, f);
    }
    this.r1Required = peopleAtLeast(input.parameters.minMoverShare, input.censusTeachers ?? input.teachers.length);
  }

  private addPost(p: PostCapacity) {
    const ref: PostRef = { index: this.posts.length, schoolId: p.schoolId, subject: p.subject, category: p.category, quota: p.quota, current: p.current, headroom: Math.max(p.quota, p.current) - p.current };
    this.posts.push(ref);
    this.postByKey.set(postKey(p.schoolId, p.subject, p.category), ref);
  }

  /** the post `t` would fill at `schoolId` (see arrivalKind), if the school has one */
  destinationPost(t: PlannerTeacher, schoolId: string): PostRef | undefined {
    const k = arrivalKind(t);
    return this.postByKey.get(postKey(schoolId, k.subject, k.category));
  }

  isLeader(t: PlannerTeacher): boolean {
    return LEADER_ROLES.includes(t.role);
  }

  /** How a school's leadership cap is computed, for explanations. */
  leadershipCapFormula(schoolId: string): string {
    const team = this.schools.get(schoolId)?.leadershipTeamSize ?? 0;
    const p = this.input.parameters;
    const share = `floor(${Math.round(p.maxLeadershipMoveShare * 100)}% × team of ${team})`;
    return p.minLeadersAllowedToMove ? `max(${p.minLeadersAllowedToMove}, ${share})` : share;
  }

  /** max(minLeadersAllowedToMove, floor(maxLeadershipMoveShare × team size)), never more than the team */
  leadershipCap(schoolId: string): number {
    const team = this.schools.get(schoolId)?.leadershipTeamSize ?? 0;
    const p = this.input.parameters;
    return Math.min(team, Math.max(p.minLeadersAllowedToMove ?? 0, peopleAtMost(p.maxLeadershipMoveShare, team)));
  }

  schoolName(id: string): string {
    return this.schools.get(id)?.name ?? id;
  }

  /**
   * "王芳 TS2015-0042, 李强 TS2009-0117": the named teachers among ids, so HR can act on an explanation
   * without looking ids up; at most 10, then how many more. Empty when the input carries no names.
   */
  namesOf(ids: readonly string[]): string {
    const names = ids.map((id) => this.input.teachers[this.teacherIndex.get(id) ?? -1]?.name).filter((n): n is string => !!n);
    if (names.length === 0) return '';
    return `${names.slice(0, 10).join(', ')}${names.length > 10 ? ` and ${names.length - 10} more` : ''}`;
  }

  /** namesOf in parentheses after a leading space, or nothing */
  whoAre(ids: readonly string[]): string {
    const names = this.namesOf(ids);
    return names ? ` (${names})` : '';
  }

  /** "Taishan: …" */
  say(text: string): string {
    return this.input.county ? `${this.input.county}: ${text}` : text;
  }
}
