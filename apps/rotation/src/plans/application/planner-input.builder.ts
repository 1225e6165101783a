import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { explain, type Stint } from '../../eligibility/domain/eligibility';
import type { Cycle } from '../../cycles/domain/cycle';
import { LEADER_ROLES, type PlannerInput, type PlannerTeacher, type PostRole, type Pin } from '../../planning/domain/plan-input';
import { plannerParameters } from '../../planning/domain/planner-parameters';

interface TeacherRow {
  teacherId: string;
  birthDate: string;
  gender: 'female' | 'male';
  subjects: string[];
  backboneLevel: string;
  category: 'teacher' | 'principal' | 'researcher';
}

/**
 * Assembles the planner's input for a cycle from rotation's own read model: the county's teachers who
 * hold a regular appointment the day before the cycle takes effect, their status and points (eligibility
 * domain), the scheduler's open obligations, their preferences, the schools, and the posts' headcounts
 * for the cycle's school year (staffing.PostQuotaSet) against who holds them.
 */
@Injectable()
export class PlannerInputBuilder {
  async build(m: EntityManager, cycle: Cycle, pins: readonly Pin[] = []): Promise<PlannerInput> {
    const asOf = cycle.effectiveDate;
    const county = cycle.countyCode;
    const teachers: TeacherRow[] = await m.query(
      `SELECT teacher_id AS "teacherId", birth_date AS "birthDate", gender, subjects, backbone_level AS "backboneLevel", category
         FROM rotation.teachers WHERE county_code = $1 ORDER BY teacher_id`,
      [county],
    );
    const stints: (Stint & { teacherId: string; role: PostRole; subject: string | null })[] = await m.query(
      `SELECT a.teacher_id AS "teacherId", a.school_id AS "schoolId", coalesce(s.rural, false) AS rural, a.kind, a.role, a.subject,
              a.start_date AS "startDate", a.end_date AS "endDate"
         FROM rotation.appointments a JOIN rotation.teachers t ON t.teacher_id = a.teacher_id AND t.county_code = $1
         LEFT JOIN rotation.schools s ON s.school_id = a.school_id
        WHERE NOT a.superseded`,
      [county],
    );
    const obligations: { teacherId: string; rule: string; severity: string; dueBy: string }[] = await m.query(
      `SELECT teacher_id AS "teacherId", rule, severity, due_by AS "dueBy" FROM rotation.obligations WHERE county_code = $1 AND open`,
      [county],
    );
    const preferences: { teacherId: string; schoolIds: string[] }[] = await m.query(
      `SELECT teacher_id AS "teacherId", school_ids AS "schoolIds" FROM rotation.preferences WHERE cycle_id = $1`,
      [cycle.id],
    );
    const exemptions: { teacherId: string; reason: string; from: string; until: string }[] = await m.query(
      `SELECT e.teacher_id AS "teacherId", e.reason, e.from_date AS "from", e.until_date AS "until" FROM rotation.exemptions e
         JOIN rotation.teachers t ON t.teacher_id = e.teacher_id AND t.county_code = $1 WHERE e.from_date <= $2 AND e.until_date >= $2`,
      [county, asOf],
    );
    const schools: { id: string; name: string | null; type: PlannerInput['schools'][number]['type']; districtCode: string | null; rural: boolean; weak: boolean }[] = await m.query(
      `SELECT school_id AS id, name, type, district_code AS "districtCode", rural, weak FROM rotation.schools WHERE county_code = $1 ORDER BY school_id`,
      [county],
    );
    const quotas: { schoolId: string; subject: string | null; category: string; quota: number }[] = await m.query(
      `SELECT school_id AS "schoolId", subject_code AS subject, category, sum(approved_headcount)::int AS quota
         FROM rotation.post_quotas WHERE county_code = $1 AND school_year = $2 GROUP BY school_id, subject_code, category`,
      [county, cycle.schoolYear],
    );

    const day = new Date(Date.parse(`${asOf}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const byTeacher = groupBy(stints, (s) => s.teacherId);
    const obligationsOf = groupBy(obligations, (o) => o.teacherId);
    const exemptionsOf = groupBy(exemptions, (e) => e.teacherId);
    const preferencesOf = new Map(preferences.map((p) => [p.teacherId, p.schoolIds]));
    const leaders = new Map<string, number>();
    const holding = new Map<string, number>();
    const planned: PlannerTeacher[] = [];
    for (const t of teachers) {
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
      const status = explain(t, own, open, asOf, undefined, exemptionsOf.get(t.teacherId) ?? []);
      const binding = open.find((o) => o.severity === 'due' || o.severity === 'overdue');
      const subjects = subject ? [subject, ...t.subjects.filter((s) => s !== subject)] : t.subjects;
      planned.push({
        id: t.teacherId,
        currentSchoolId: post.schoolId,
        subjects,
        category,
        role: post.role,
        backbone: t.backboneLevel !== 'none',
        points: status.points.total,
        mandatory: status.status === 'mandatory' && binding ? { rule: binding.rule as 'R2' | 'R3' } : null,
        exempt: status.status === 'exempt',
        // Someone who need not move but listed schools asked to: placed only at a school they listed.
        volunteer: (preferencesOf.get(t.teacherId)?.length ?? 0) > 0 && status.status !== 'mandatory' && status.status !== 'eligible',
        preferences: preferencesOf.get(t.teacherId) ?? [],
        eligible: status.status === 'eligible' || status.status === 'mandatory',
      });
    }
    const posts = quotas.map((q) => {
      const category = q.category === 'leader' ? 'principal' : (q.category as 'teacher' | 'researcher');
      const subject = category === 'teacher' ? q.subject : null;
      return { schoolId: q.schoolId, subject, category, quota: q.quota, current: holding.get(`${q.schoolId}|${subject ?? ''}|${category}`) ?? 0 } as const;
    });
    return {
      county,
      teachers: planned,
      schools: schools.map((s) => ({ ...s, name: s.name ?? s.id, leadershipTeamSize: leaders.get(s.id) ?? 0 })),
      posts,
      parameters: plannerParameters(asOf),
      pins,
    };
  }
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
