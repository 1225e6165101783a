import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { AmendmentApplicationRepository, type Cancellation } from '../application/amendment-application.repository';
import type { Appointment } from '../domain/appointment';
import type { CancelledMoveFacts } from '../domain/plan-amendment';

const COLUMNS = `a.id, a.teacher_id AS "teacherId", a.school_id AS "schoolId", a.post_id AS "postId", a.kind, a.role,
  a.workload_share::float8 AS "workloadShare", a.start_date AS "startDate", a.end_date AS "endDate", a.move_id AS "moveId",
  a.corrects_id AS "correctsId", a.reason, a.version`;

interface MoveRow {
  moveId: string;
  status: 'applied' | 'rejected' | 'cancelled' | null;
  teacherId: string | null;
  code: string | null;
  appointmentId: string | null;
  priorEnds: { appointmentId: string; endDate: string | null }[] | null;
  pendingTeacherId: string | null;
}

@Injectable()
export class SqlAmendmentApplicationRepository extends AmendmentApplicationRepository {
  async isApplied(m: EntityManager, amendmentId: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM staffing.applied_amendments WHERE amendment_id = $1`, [amendmentId])).length > 0;
  }

  async lockTeachers(m: EntityManager, teacherIds: readonly string[]): Promise<void> {
    if (teacherIds.length === 0) return;
    await m.query(`SELECT id FROM staffing.teachers WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [[...new Set(teacherIds)]]);
  }

  async cancelledMoves(m: EntityManager, planId: string, moveIds: readonly string[]): Promise<CancelledMoveFacts[]> {
    if (moveIds.length === 0) return [];
    // The ends a move set as they were: recorded with its outcome, or (moves applied before that was
    // recorded) the `before` of the audit row of its application.
    const rows: MoveRow[] = await m.query(
      `SELECT x.id AS "moveId", mv.status, mv.teacher_id AS "teacherId", mv.code, mv.appointment_id AS "appointmentId",
              coalesce(mv.prior_ends, (
                SELECT jsonb_agg(jsonb_build_object('appointmentId', e->>'id', 'endDate', e->>'endDate'))
                  FROM (SELECT al.before FROM staffing.audit_log al WHERE al.entity_type = 'appointment' AND al.entity_id = mv.appointment_id::text AND al.action = 'move.apply'
                         ORDER BY al.id DESC LIMIT 1) b, jsonb_array_elements(CASE WHEN jsonb_typeof(b.before) = 'array' THEN b.before ELSE '[]'::jsonb END) e)) AS "priorEnds",
              pm.payload->>'teacherId' AS "pendingTeacherId"
         FROM unnest($2::uuid[]) WITH ORDINALITY AS x(id, n)
         LEFT JOIN staffing.moves mv ON mv.move_id = x.id
         LEFT JOIN staffing.plan_moves pm ON pm.plan_id = $1 AND pm.move_id = x.id
        ORDER BY x.n`,
      [planId, moveIds],
    );
    const ids = rows.flatMap((r) => [...(r.appointmentId ? [r.appointmentId] : []), ...(r.priorEnds ?? []).map((p) => p.appointmentId)]);
    const appointments: (Appointment & { superseded: boolean })[] = ids.length
      ? await m.query(`SELECT ${COLUMNS}, a.superseded_by IS NOT NULL AS superseded FROM staffing.appointments a WHERE a.id = ANY($1::uuid[])`, [ids])
      : [];
    const current = (id: string): Appointment | null => {
      const a = appointments.find((x) => x.id === id);
      if (!a || a.superseded) return null;
      const { superseded: _s, ...rest } = a;
      return rest;
    };
    return rows.map((r): CancelledMoveFacts => {
      if (r.status === 'applied' && r.teacherId && r.appointmentId) {
        const own = appointments.find((x) => x.id === r.appointmentId)!;
        return {
          moveId: r.moveId,
          status: 'applied',
          teacherId: r.teacherId,
          effectiveDate: own.startDate,
          appointment: current(r.appointmentId),
          ended: r.priorEnds === null ? null : r.priorEnds.map((p) => ({ appointmentId: p.appointmentId, now: current(p.appointmentId), priorEnd: p.endDate })),
        };
      }
      if (r.status === 'applied' && r.teacherId) return { moveId: r.moveId, status: 'rejected', teacherId: r.teacherId, code: 'no appointment recorded' };
      if (r.status === 'rejected' && r.teacherId) return { moveId: r.moveId, status: 'rejected', teacherId: r.teacherId, code: r.code ?? 'rejected' };
      if (r.status === 'cancelled' && r.teacherId) return { moveId: r.moveId, status: 'cancelled', teacherId: r.teacherId };
      if (r.pendingTeacherId) return { moveId: r.moveId, status: 'pending', teacherId: r.pendingTeacherId };
      return { moveId: r.moveId, status: 'unknown' };
    });
  }

  async withdraw(m: EntityManager, a: Appointment, reason: string): Promise<boolean> {
    const rows = await updateReturning(
      m,
      `UPDATE staffing.appointments SET superseded_by = id, withdrawn_at = now(), end_reason = $3, version = version + 1
        WHERE id = $1 AND version = $2 AND superseded_by IS NULL RETURNING id`,
      [a.id, a.version, reason],
    );
    return rows.length === 1;
  }

  async restore(m: EntityManager, a: Appointment, endDate: string | null, reason: string): Promise<Appointment | null> {
    const id = randomUUID();
    const superseded = await updateReturning(m, `UPDATE staffing.appointments SET superseded_by = $2, version = version + 1 WHERE id = $1 AND version = $3 AND superseded_by IS NULL RETURNING id`, [a.id, id, a.version]);
    if (superseded.length !== 1) return null;
    const [row] = await m.query(
      `INSERT INTO staffing.appointments AS a (id, teacher_id, school_id, post_id, kind, role, workload_share, start_date, end_date, move_id, corrects_id, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
      [id, a.teacherId, a.schoolId, a.postId, a.kind, a.role, a.workloadShare, a.startDate, endDate, a.moveId, a.id, reason],
    );
    return row;
  }

  async markCancellation(m: EntityManager, moveId: string, amendmentId: string, cancellation: Cancellation, reason: string): Promise<void> {
    await m.query(`UPDATE staffing.moves SET cancelled_by = $2, cancellation = $3, cancellation_reason = $4, cancelled_at = now() WHERE move_id = $1`, [moveId, amendmentId, cancellation, reason]);
  }

  async recordSkipped(m: EntityManager, moveId: string, teacherId: string, planId: string, amendmentId: string, reason: string): Promise<void> {
    await m.query(
      `INSERT INTO staffing.moves (move_id, teacher_id, status, reason, plan_id, cancelled_by, cancellation, cancellation_reason, cancelled_at)
       VALUES ($1, $2, 'cancelled', $5, $3, $4, 'skipped', $5, now()) ON CONFLICT (move_id) DO NOTHING`,
      [moveId, teacherId, planId, amendmentId, reason],
    );
  }

  async markAdded(m: EntityManager, moveIds: readonly string[], amendmentId: string): Promise<void> {
    if (moveIds.length === 0) return;
    await m.query(`UPDATE staffing.moves SET amendment_id = $2 WHERE move_id = ANY($1::uuid[])`, [moveIds, amendmentId]);
  }

  async markApplied(m: EntityManager, r: { amendmentId: string; planId: string; countyCode: string; cancelled: number; undone: number; refused: number; applied: number; rejected: number }): Promise<void> {
    await m.query(
      `INSERT INTO staffing.applied_amendments (amendment_id, plan_id, county_code, cancelled, undone, refused, applied, rejected) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [r.amendmentId, r.planId, r.countyCode, r.cancelled, r.undone, r.refused, r.applied, r.rejected],
    );
  }

  async labels(m: EntityManager, teacherIds: readonly string[], postIds: readonly string[]): Promise<{ counties: Map<string, string>; subjects: Map<string, string | null> }> {
    const t: { id: string; countyCode: string }[] = teacherIds.length ? await m.query(`SELECT id, county_code AS "countyCode" FROM staffing.teachers WHERE id = ANY($1::uuid[])`, [[...new Set(teacherIds)]]) : [];
    const p: { id: string; subjectCode: string | null }[] = postIds.length ? await m.query(`SELECT id, subject_code AS "subjectCode" FROM staffing.posts WHERE id = ANY($1::uuid[])`, [[...new Set(postIds)]]) : [];
    return { counties: new Map(t.map((x) => [x.id, x.countyCode])), subjects: new Map(p.map((x) => [x.id, x.subjectCode])) };
  }
}
