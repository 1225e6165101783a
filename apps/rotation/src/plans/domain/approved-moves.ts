import { createHash } from 'node:crypto';
import { policyValue, type PolicyValue } from '@app/policy';
import { addDays, appointmentsEndedByMove, type MoverAppointment } from '@app/rules';
import type { PlannedMove } from '../../planning/domain';

/** A mover's appointment in rotation's read model (staffing's appointment events). */
export interface MoverAppointmentRow extends MoverAppointment {
  teacherId: string;
  role: 'teacher' | 'principal' | 'vice_principal' | 'secretary' | 'researcher';
  postId: string | null;
  /** the approved move staffing created it for, if any */
  moveId?: string | null;
}

/** An end a move changed, as it was before the move: what undoing the move restores (issue #13). */
export interface PriorEnd {
  appointmentId: string;
  endDate: string | null;
}

/** A post of the cycle's school year (staffing.PostQuotaSet), by school × subject × category. */
export interface PostRow {
  postId: string;
  schoolId: string;
  subject: string | null;
  category: 'teacher' | 'leader' | 'researcher';
}

export interface ApprovedMove {
  moveId: string;
  teacherId: string;
  fromSchoolId: string;
  toSchoolId: string;
  toPostId: string | null;
  subject: string | null;
  kind: 'rotation';
  role: MoverAppointmentRow['role'];
  workloadShare: number;
  effectiveDate: string;
  endDate: null;
  endsAppointmentIds: string[];
}

/**
 * What each move of an approved plan says (issue #9): which of the teacher's current appointments end (the
 * rule of @app/rules `appointmentsEndedByMove` with `R11.walking_ends_with_move` in force on the effective
 * date), the post the teacher arrives on (the one the planner counted) and the new appointment's share and
 * role (a leader keeps their role, a researcher stays one).
 */
export function approvedMoves(
  planMoves: readonly PlannedMove[],
  effectiveDate: string,
  appointments: readonly MoverAppointmentRow[],
  posts: readonly PostRow[],
  values: readonly PolicyValue[],
  moveIdOf: (teacherId: string) => string,
): ApprovedMove[] {
  const walkingEnds = policyValue('R11.walking_ends_with_move', effectiveDate, values) !== 0;
  const byTeacher = new Map<string, MoverAppointmentRow[]>();
  for (const a of appointments) byTeacher.set(a.teacherId, [...(byTeacher.get(a.teacherId) ?? []), a]);
  const postAt = new Map(posts.map((p) => [`${p.schoolId}|${p.subject ?? ''}|${p.category}`, p.postId]));
  const day = addDays(effectiveDate, -1);
  return planMoves.map((mv) => {
    const own = byTeacher.get(mv.teacherId) ?? [];
    const effect = appointmentsEndedByMove(own, effectiveDate, walkingEnds);
    const home = own.find((a) => a.kind === 'regular' && a.startDate <= day && (a.endDate === null || a.endDate >= day));
    const category = mv.category === 'principal' ? 'leader' : mv.category;
    const role: ApprovedMove['role'] = mv.category === 'principal' ? (home && home.role !== 'teacher' && home.role !== 'researcher' ? home.role : 'principal') : mv.category === 'researcher' ? 'researcher' : 'teacher';
    const subject = category === 'teacher' ? mv.subject : null;
    return {
      moveId: moveIdOf(mv.teacherId),
      teacherId: mv.teacherId,
      fromSchoolId: mv.fromSchoolId,
      toSchoolId: mv.toSchoolId,
      toPostId: postAt.get(`${mv.toSchoolId}|${subject ?? ''}|${category}`) ?? null,
      subject,
      kind: 'rotation',
      role,
      // nothing left beside kept appointments: a full share, which staffing refuses with the numbers
      workloadShare: effect.share > 0 ? effect.share : 1,
      effectiveDate,
      endDate: null,
      endsAppointmentIds: effect.ends,
    };
  });
}

/** One move id per plan (or amendment) and teacher, stable across retries (a v4-shaped UUID derived from both). */
export function moveIdOf(planId: string, teacherId: string): string {
  const h = createHash('sha256').update(`${planId}:${teacherId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
