import { DomainError } from '@app/errors';
import type { PolicyValue } from '@app/policy';
import { addDays, isCountedBackbone } from '@app/rules';
import type { Cycle } from '../../cycles/domain/cycle';
import { explain, type Stint } from '../../eligibility/domain/eligibility';
import { LEADER_ROLES, plannerParameters, type Pin, type PlannerInput, type PlannerSchool, type PlannerTeacher, type PostRole } from '../../planning/domain';

export interface PlannerTeacherRow {
  teacherId: string;
  name: string;
  staffNo: string | null;
  birthDate: string;
  gender: 'female' | 'male';
  subjects: string[];
  backboneLevel: string;
  category: 'teacher' | 'principal' | 'researcher';
}

export type PlannerStintRow = Stint & {
  teacherId: string;
  role: PostRole;
  subject: string | null;
  /** the staffing post the appointment names (any kind); null for none, or for a row read before staffing sent it */
  postId?: string | null;
  /** false for a row read before its share and post were known (counted as before: regular appointments hold a post) */
  postKnown?: boolean;
  /** the approved move staffing created it for, if any (an amendment re-solves without them, issue #13) */
  moveId?: string | null;
};

/** Everything the planner's input is made of, for one cycle, from rotation's read model. */
export interface CountyPlanningFacts {
  teachers: PlannerTeacherRow[];
  stints: PlannerStintRow[];
  obligations: { teacherId: string; rule: string; severity: string; dueBy: string }[];
  preferences: { teacherId: string; schoolIds: string[] }[];
  /** HR-recorded exemptions in force on the cycle's effective date */
  exemptions: { teacherId: string; reason: string; from: string; until: string }[];
  schools: (Omit<PlannerSchool, 'leadershipTeamSize' | 'name'> & { name: string | null })[];
  /** approved headcounts of the cycle's school year, per school × subject × category */
  quotas: { schoolId: string; subject: string | null; category: string; quota: number }[];
  /** the posts behind those headcounts: which school × subject × category each staffing post is */
  posts?: { postId: string; schoolId: string; subject: string | null; category: string }[];
  /** the latest school year before the cycle's with approved headcounts (null: none) */
  latestQuotaYear: number | null;
}

/** "陈伟（工号 TS0042）": how a person is named wherever an officer reads a plan. */
export function teacherLabel(name: string, staffNo: string | null): string {
  return staffNo ? `${name}（工号 ${staffNo}）` : name;
}

export class NoApprovedHeadcounts extends DomainError {
  constructor(countyCode: string, schoolYear: number, latest: number | null) {
    super(
      'ROTATION.NO_APPROVED_HEADCOUNTS',
      'conflict',
      `${countyCode} has no approved headcounts for school year ${schoolYear}, the year these moves take effect, so no school has a place to move anyone to` +
        (latest !== null
          ? `; the latest approved are for ${latest}: carry them forward in staffing (POST /counties/${countyCode}/quotas/carry-forward with fromYear ${latest} and toYear ${schoolYear}, a dry run first) or set them post by post`
          : '; set them in staffing (PUT /posts/{id}/quotas/{schoolYear} or a quota import)') +
        ` / ${schoolYear}学年尚无核定编制岗位数，请先在人事系统中结转或核定`,
      { countyCode, schoolYear, latestApprovedYear: latest },
    );
  }
}

/**
 * The planner's input for a cycle, from rotation's read model (pure, so it also runs in the solver's worker
 * thread): the county's teachers who hold a regular appointment the day before the cycle takes effect,
 * their status and points (eligibility domain, with the policy values in force on the cycle's date), the
 * scheduler's open obligations, their preferences, the schools, and the posts' headcounts for the cycle's
 * school year (staffing.PostQuotaSet) against who holds them. Teachers are named with their staff numbers
 * and schools by name, so every explanation the planner gives reads as an officer would say it.
 */
export function assemblePlannerInput(cycle: Cycle, f: CountyPlanningFacts, values: readonly PolicyValue[], pins: readonly Pin[] = []): PlannerInput {
  const asOf = cycle.effectiveDate;
  if (f.quotas.length === 0) throw new NoApprovedHeadcounts(cycle.countyCode, cycle.schoolYear, f.latestQuotaYear);

  const day = addDays(asOf, -1);
  const byTeacher = groupBy(f.stints, (s) => s.teacherId);
  const obligationsOf = groupBy(f.obligations, (o) => o.teacherId);
  const exemptionsOf = groupBy(f.exemptions, (e) => e.teacherId);
  const preferencesOf = new Map(f.preferences.map((p) => [p.teacherId, p.schoolIds]));
  const leaders = new Map<string, number>();
  const holding = new Map<string, number>();
  const planned: PlannerTeacher[] = [];
  for (const t of f.teachers) {
    const own = byTeacher.get(t.teacherId) ?? [];
    const post = own.find((s) => s.kind === 'regular' && s.startDate <= day && (s.endDate === null || s.endDate >= day));
    if (!post) continue; // the county pool: nobody to move from
    const leader = LEADER_ROLES.includes(post.role);
    if (leader) leaders.set(post.schoolId, (leaders.get(post.schoolId) ?? 0) + 1);
    const category = leader ? 'principal' : t.category === 'researcher' ? 'researcher' : 'teacher';
    const subject = category === 'teacher' ? (post.subject ?? t.subjects[0] ?? null) : null;
    const key = `${post.schoolId}|${subject ?? ''}|${category}`;
    holding.set(key, (holding.get(key) ?? 0) + 1);
    const open = obligationsOf.get(t.teacherId) ?? [];
    const status = explain(t, own, open, asOf, values, exemptionsOf.get(t.teacherId) ?? []);
    const binding = open.find((o) => o.severity === 'due' || o.severity === 'overdue');
    const subjects = subject ? [subject, ...t.subjects.filter((s) => s !== subject)] : t.subjects;
    planned.push({
      id: t.teacherId,
      name: teacherLabel(t.name, t.staffNo),
      currentSchoolId: post.schoolId,
      subjects,
      category,
      role: post.role,
      // 骨干教师 as the 20% rule counts them: county level and above by default (R1.backbone_min_level)
      backbone: isCountedBackbone(t.backboneLevel, asOf, values),
      points: status.points.total,
      mandatory: status.status === 'mandatory' && binding ? { rule: binding.rule as 'R2' | 'R3' } : null,
      exempt: status.status === 'exempt',
      // Someone who need not move but listed schools asked to: placed only at a school they listed.
      volunteer: (preferencesOf.get(t.teacherId)?.length ?? 0) > 0 && status.status !== 'mandatory' && status.status !== 'eligible',
      preferences: preferencesOf.get(t.teacherId) ?? [],
      eligible: status.status === 'eligible' || status.status === 'mandatory',
    });
  }
  // A post's holders as staffing counts them (@app/rules, issue #9): people with an appointment naming the
  // post on the effective date, whatever its kind or share, each once. Rows from before staffing sent the
  // post count as they did: the regular appointments the day before.
  const keyOfPost = new Map((f.posts ?? []).map((p) => {
    const category = p.category === 'leader' ? 'principal' : p.category;
    return [p.postId, `${p.schoolId}|${category === 'teacher' ? (p.subject ?? '') : ''}|${category}`];
  }));
  if (keyOfPost.size > 0 && f.stints.some((s) => s.postKnown)) {
    const people = new Map<string, Set<string>>();
    for (const s of f.stints) {
      const held = s.postKnown ? (s.postId ? keyOfPost.get(s.postId) : undefined) : undefined;
      if (!held || !(s.startDate <= asOf && (s.endDate === null || s.endDate >= asOf))) continue;
      people.set(held, (people.get(held) ?? new Set()).add(s.teacherId));
    }
    const legacy = new Set(f.stints.filter((s) => !s.postKnown).map((s) => s.teacherId));
    for (const [key, n] of holding) if (n > 0) holding.set(key, 0);
    for (const t of planned) if (legacy.has(t.id)) {
      const key = `${t.currentSchoolId}|${t.category === 'teacher' ? (t.subjects[0] ?? '') : ''}|${t.category}`;
      people.set(key, (people.get(key) ?? new Set()).add(t.id));
    }
    for (const [key, set] of people) holding.set(key, set.size);
  }
  const posts = f.quotas.map((q) => {
    const category = q.category === 'leader' ? 'principal' : (q.category as 'teacher' | 'researcher');
    const subject = category === 'teacher' ? q.subject : null;
    return { schoolId: q.schoolId, subject, category, quota: q.quota, current: holding.get(`${q.schoolId}|${subject ?? ''}|${category}`) ?? 0 } as const;
  });
  return {
    county: cycle.countyCode,
    teachers: planned,
    schools: f.schools.map((s) => ({ ...s, name: s.name ?? s.id, leadershipTeamSize: leaders.get(s.id) ?? 0 })),
    posts,
    parameters: plannerParameters(asOf, values),
    pins,
  };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** What-if changes to a cycle's parameters: any of them, and any of the weights. */
export type WhatIf = Partial<Omit<PlannerInput['parameters'], 'weights'>> & { weights?: Partial<PlannerInput['parameters']['weights']> };

/** The input with a what-if's parameters in place of the policy's. */
export function withWhatIf(input: PlannerInput, whatIf: WhatIf | null): PlannerInput {
  if (!whatIf) return input;
  return { ...input, parameters: { ...input.parameters, ...whatIf, weights: { ...input.parameters.weights, ...(whatIf.weights ?? {}) } } };
}
