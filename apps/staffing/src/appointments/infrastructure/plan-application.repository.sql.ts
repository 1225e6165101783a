import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import type { Post } from '../../posts/domain/post';
import { PlanApplicationRepository, type PriorEnd } from '../application/plan-application.repository';
import type { Appointment, NewAppointment } from '../domain/appointment';
import type { PlanFacts, PlanMove } from '../domain/approved-plan';

const COLUMNS = `a.id, a.teacher_id AS "teacherId", a.school_id AS "schoolId", a.post_id AS "postId", a.kind, a.role,
  a.workload_share::float8 AS "workloadShare", a.start_date AS "startDate", a.end_date AS "endDate", a.move_id AS "moveId",
  a.corrects_id AS "correctsId", a.reason, a.version`;

@Injectable()
export class SqlPlanApplicationRepository extends PlanApplicationRepository {
  async gather(m: EntityManager, move: PlanMove): Promise<number> {
    await m.query(
      `INSERT INTO staffing.plan_moves (plan_id, move_id, plan_moves, effective_date, payload) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING`,
      [move.planId, move.moveId, move.planMoves, move.effectiveDate, JSON.stringify(move)],
    );
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM staffing.plan_moves WHERE plan_id = $1`, [move.planId]);
    return n;
  }

  async isApplied(m: EntityManager, planId: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM staffing.applied_plans WHERE plan_id = $1`, [planId])).length > 0;
  }

  async pendingMoves(m: EntityManager, planId: string): Promise<PlanMove[]> {
    const rows: { payload: PlanMove }[] = await m.query(
      `SELECT pm.payload FROM staffing.plan_moves pm WHERE pm.plan_id = $1 AND NOT EXISTS (SELECT 1 FROM staffing.moves x WHERE x.move_id = pm.move_id) ORDER BY pm.move_id`,
      [planId],
    );
    return rows.map((r) => r.payload);
  }

  async facts(m: EntityManager, moves: readonly PlanMove[], date: string, schoolYear: number): Promise<PlanFacts> {
    const teacherIds = [...new Set(moves.map((x) => x.teacherId))].sort();
    // locked in id order, so two plans (or an officer's edit) never deadlock on the same teachers
    const teachers: { id: string; countyCode: string; subjects: string[] }[] = await m.query(
      `SELECT id, county_code AS "countyCode", subjects FROM staffing.teachers WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [teacherIds],
    );
    const appointments: Appointment[] = await m.query(
      `SELECT ${COLUMNS} FROM staffing.appointments a WHERE a.teacher_id = ANY($1::uuid[]) AND a.superseded_by IS NULL ORDER BY a.teacher_id, a.start_date`,
      [teacherIds],
    );
    const byTeacher = new Map<string, Appointment[]>();
    for (const a of appointments) byTeacher.set(a.teacherId, [...(byTeacher.get(a.teacherId) ?? []), a]);
    const schoolIds = [...new Set([...moves.map((x) => x.toSchoolId), ...appointments.filter((a) => a.endDate === null || a.endDate >= date).map((a) => a.schoolId)])];
    const schools: { id: string; name: string; countyCode: string }[] = await m.query(`SELECT id, name, county_code AS "countyCode" FROM staffing.schools WHERE id = ANY($1::uuid[])`, [schoolIds]);
    const posts: Post[] = await m.query(`SELECT id, school_id AS "schoolId", subject_code AS "subjectCode", category, version FROM staffing.posts WHERE school_id = ANY($1::uuid[])`, [schoolIds]);
    const postIds = posts.map((p) => p.id);
    const quotas: { postId: string; n: number }[] = await m.query(`SELECT post_id AS "postId", approved_headcount AS n FROM staffing.post_quotas WHERE post_id = ANY($1::uuid[]) AND school_year = $2`, [postIds, schoolYear]);
    const holders: { postId: string; n: number }[] = await m.query(
      `SELECT post_id AS "postId", count(DISTINCT teacher_id)::int AS n FROM staffing.appointments
        WHERE post_id = ANY($1::uuid[]) AND superseded_by IS NULL AND start_date <= $2 AND (end_date IS NULL OR end_date >= $2) GROUP BY post_id`,
      [postIds, date],
    );
    return {
      date,
      schoolYear,
      teachers: new Map(teachers.map((t) => [t.id, t])),
      appointments: byTeacher,
      schools: new Map(schools.map((s) => [s.id, s])),
      posts,
      quotas: new Map(quotas.map((q) => [q.postId, q.n])),
      holders: new Map(holders.map((h) => [h.postId, h.n])),
    };
  }

  async endAll(m: EntityManager, ends: readonly { appointment: Appointment; reason: string }[], endDate: string): Promise<Appointment[]> {
    if (ends.length === 0) return [];
    return updateReturning<Appointment>(
      m,
      `UPDATE staffing.appointments AS a SET end_date = $1, end_reason = x.reason, version = a.version + 1
         FROM unnest($2::uuid[], $3::int[], $4::text[]) AS x(id, v, reason)
        WHERE a.id = x.id AND a.version = x.v AND a.superseded_by IS NULL RETURNING ${COLUMNS}`,
      [endDate, ends.map((e) => e.appointment.id), ends.map((e) => e.appointment.version), ends.map((e) => e.reason)],
    );
  }

  async insertAll(m: EntityManager, list: readonly NewAppointment[]): Promise<Appointment[]> {
    if (list.length === 0) return [];
    const col = <K extends keyof NewAppointment>(k: K) => list.map((x) => x[k]);
    return m.query(
      `INSERT INTO staffing.appointments AS a (teacher_id, school_id, post_id, kind, role, workload_share, start_date, end_date, move_id, corrects_id, reason)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::numeric[], $7::date[], $8::date[], $9::uuid[], $10::uuid[], $11::text[])
       RETURNING ${COLUMNS}`,
      [col('teacherId'), col('schoolId'), col('postId'), col('kind'), col('role'), col('workloadShare'), col('startDate'), col('endDate'), col('moveId'), col('correctsId'), col('reason')],
    );
  }

  async claimPosts(m: EntityManager, posts: readonly Post[]): Promise<boolean> {
    if (posts.length === 0) return true;
    const rows = await updateReturning(
      m,
      `UPDATE staffing.posts AS p SET version = p.version + 1 FROM unnest($1::uuid[], $2::int[]) AS x(id, v) WHERE p.id = x.id AND p.version = x.v RETURNING p.id`,
      [posts.map((p) => p.id), posts.map((p) => p.version)],
    );
    return rows.length === posts.length;
  }

  async recordOutcomes(
    m: EntityManager,
    planId: string,
    outcomes: readonly (
      | { moveId: string; teacherId: string; status: 'applied'; appointmentId: string; priorEnds: PriorEnd[] }
      | { moveId: string; teacherId: string; status: 'rejected'; code: string; reason: string }
    )[],
  ): Promise<void> {
    if (outcomes.length === 0) return;
    await m.query(
      `INSERT INTO staffing.moves (move_id, teacher_id, status, code, reason, appointment_id, plan_id, prior_ends)
       SELECT x.move_id, x.teacher_id, x.status, x.code, x.reason, x.appointment_id, $1, x.prior_ends
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::jsonb[]) AS x(move_id, teacher_id, status, code, reason, appointment_id, prior_ends)
       ON CONFLICT (move_id) DO NOTHING`,
      [
        planId,
        outcomes.map((o) => o.moveId),
        outcomes.map((o) => o.teacherId),
        outcomes.map((o) => o.status),
        outcomes.map((o) => (o.status === 'rejected' ? o.code : null)),
        outcomes.map((o) => (o.status === 'rejected' ? o.reason : null)),
        outcomes.map((o) => (o.status === 'applied' ? o.appointmentId : null)),
        outcomes.map((o) => (o.status === 'applied' ? JSON.stringify(o.priorEnds) : null)),
      ],
    );
  }

  async markApplied(m: EntityManager, planId: string, countyCode: string | null, moves: number, applied: number, rejected: number): Promise<void> {
    await m.query(
      `INSERT INTO staffing.applied_plans (plan_id, county_code, moves, applied, rejected) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (plan_id) DO UPDATE SET moves = staffing.applied_plans.moves + EXCLUDED.moves, applied = staffing.applied_plans.applied + EXCLUDED.applied, rejected = staffing.applied_plans.rejected + EXCLUDED.rejected`,
      [planId, countyCode, moves, applied, rejected],
    );
  }
}
