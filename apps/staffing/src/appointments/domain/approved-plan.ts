import type { EventData, MoveApprovedV2 } from '@app/contracts';
import { DomainError } from '@app/errors';
import { addDays, settlePlan, type IsoDate, type PlanMoveEffect, type PlanPost, type PlanRule } from '@app/rules';
import { categoryForRole, describePost, type Post } from '../../posts/domain/post';
import { appointmentForMove, checkNewAppointment, isActiveOn, type Appointment, type NewAppointment } from './appointment';

export type PlanMove = EventData<typeof MoveApprovedV2>;

/** What staffing knows on the plan's effective date, read in bulk for all of the plan's movers. */
export interface PlanFacts {
  date: IsoDate;
  schoolYear: number;
  teachers: ReadonlyMap<string, { id: string; countyCode: string; subjects: readonly string[] }>;
  /** each mover's appointments that have not been superseded */
  appointments: ReadonlyMap<string, readonly Appointment[]>;
  schools: ReadonlyMap<string, { id: string; name: string; countyCode: string }>;
  /** every post of the schools the movers leave and join */
  posts: readonly Post[];
  /** approved headcount of each of those posts for the school year (absent: none) */
  quotas: ReadonlyMap<string, number>;
  /** distinct people holding each of those posts on the date, before the plan */
  holders: ReadonlyMap<string, number>;
}

export interface AppliedPlanMove {
  move: PlanMove;
  /** appointments ending the day before the effective date */
  ends: Appointment[];
  appointment: NewAppointment;
  post: Post | null;
}

export interface RejectedPlanMove {
  move: PlanMove;
  code: string;
  reason: string;
}

const CODES: Record<PlanRule, string> = {
  quota: 'STAFFING.QUOTA_EXCEEDED',
  no_quota: 'STAFFING.NO_QUOTA',
  no_post: 'STAFFING.POST_INVALID',
  workload: 'STAFFING.WORKLOAD_EXCEEDED',
  duplicate: 'STAFFING.MOVE_DUPLICATE',
};

/**
 * Decides an approved plan's moves that share an effective date, on the state after the whole plan: each
 * move ends exactly the appointments it names and starts the new one; staffing's own checks (the
 * teacher and school exist in one county, the ended appointments are the teacher's, the new appointment's
 * shape) come first, then the plan's rules from @app/rules on the end state (posts, quotas, workload).
 * Only moves that still break a rule there are rejected, each with the rule and the numbers.
 */
export function decideApprovedPlan(facts: PlanFacts, moves: readonly PlanMove[]): { applied: AppliedPlanMove[]; rejected: RejectedPlanMove[] } {
  const rejected: RejectedPlanMove[] = [];
  const endDate = addDays(facts.date, -1);
  const postById = new Map(facts.posts.map((p) => [p.id, p]));
  const postAt = new Map(facts.posts.map((p) => [`${p.schoolId}|${p.subjectCode ?? ''}|${p.category}`, p]));
  const staged = new Map<string, AppliedPlanMove>();
  const effects: PlanMoveEffect[] = [];

  for (const move of moves) {
    try {
      const teacher = facts.teachers.get(move.teacherId);
      if (!teacher) throw new DomainError('STAFFING.TEACHER_NOT_FOUND', 'not_found', `no teacher with id ${move.teacherId}`);
      const school = facts.schools.get(move.toSchoolId);
      if (!school) throw new DomainError('STAFFING.SCHOOL_NOT_FOUND', 'not_found', `no school with id ${move.toSchoolId}`);
      if (school.countyCode !== teacher.countyCode) {
        throw new DomainError('STAFFING.CROSS_COUNTY', 'invalid', `a ${teacher.countyCode} teacher cannot be appointed to a ${school.countyCode} school: teachers are managed by their county`);
      }
      const current = facts.appointments.get(teacher.id) ?? [];
      const byId = new Map(current.map((a) => [a.id, a]));
      const ends: Appointment[] = [];
      for (const id of move.endsAppointmentIds) {
        const a = byId.get(id);
        if (!a) throw new DomainError('STAFFING.MOVE_STALE', 'conflict', `appointment ${id} that the move ends is not one of the teacher's current appointments; re-solve the plan on today's records`);
        if (a.endDate !== null && a.endDate <= endDate) continue; // ends by then anyway
        if (a.startDate > endDate) throw new DomainError('STAFFING.MOVE_STALE', 'conflict', `appointment ${id} that the move ends starts on ${a.startDate}, after the move takes effect`);
        ends.push(a);
      }
      const category = categoryForRole(move.role);
      const subject = category === 'teacher' ? (move.subject ?? teacher.subjects[0] ?? null) : null;
      const post = move.toPostId !== null ? postById.get(move.toPostId) : postAt.get(`${move.toSchoolId}|${subject ?? ''}|${category}`);
      if (post && post.schoolId !== move.toSchoolId) throw new DomainError('STAFFING.POST_INVALID', 'invalid', `post ${post.id} is not at the receiving school`);
      const appointment = appointmentForMove(move, teacher.id, post?.id ?? null);
      const endedIds = new Set(ends.map((a) => a.id));
      const afterEnding = current.map((a) => (endedIds.has(a.id) ? { ...a, endDate } : a));
      const kept = afterEnding.filter((a) => !endedIds.has(a.id));
      const keptShare = keptShareDuring(kept, appointment);
      if (keptShare + appointment.workloadShare <= 1 + 1e-9) checkNewAppointment(afterEnding, appointment); // shape and overlaps; the workload is the plan's rule below
      const keptPosts = new Set(kept.filter((a) => a.postId !== null && isActiveOn(a, facts.date)).map((a) => a.postId!));
      const leaves = [...new Set(ends.filter((a) => a.postId !== null && isActiveOn(a, facts.date)).map((a) => a.postId!))].filter((p) => !keptPosts.has(p));
      const arrives = post ? post.id : `${move.toSchoolId}|${subject ?? ''}|${category}`;
      staged.set(move.moveId, { move, ends, appointment, post: post ?? null });
      effects.push({ moveId: move.moveId, teacherId: teacher.id, leaves, arrives: keptPosts.has(arrives) ? null : arrives, keptShare, share: appointment.workloadShare });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      rejected.push({ move, code: err.code, reason: err.message });
    }
  }

  const posts: PlanPost[] = facts.posts.map((p) => ({
    key: p.id,
    quota: facts.quotas.get(p.id) ?? null,
    before: facts.holders.get(p.id) ?? 0,
    label: `${describePost(p)} at ${facts.schools.get(p.schoolId)?.name ?? p.schoolId}`,
  }));
  const settled = settlePlan({ posts, moves: effects, schoolYear: facts.schoolYear, date: facts.date });
  for (const r of settled.rejected) rejected.push({ move: staged.get(r.moveId)!.move, code: CODES[r.rule], reason: r.message });
  const applied = settled.applied.map((e) => staged.get(e.moveId)!);
  return { applied, rejected };
}

/** The most the kept appointments take on any day of the new appointment (its start, or a later start). */
function keptShareDuring(kept: readonly Appointment[], a: Pick<NewAppointment, 'startDate' | 'endDate'>): number {
  const overlapping = kept.filter((k) => k.startDate <= (a.endDate ?? '9999-12-31') && (k.endDate === null || k.endDate >= a.startDate));
  const dates = new Set([a.startDate, ...overlapping.map((k) => k.startDate).filter((d) => d > a.startDate)]);
  let most = 0;
  for (const d of dates) most = Math.max(most, overlapping.filter((k) => isActiveOn(k, d)).reduce((s, k) => s + k.workloadShare, 0));
  return Math.round(most * 1000) / 1000;
}
