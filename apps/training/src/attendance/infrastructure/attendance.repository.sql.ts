import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { AttendanceRepository, type AttendanceListItem, type AttendanceRow } from '../application/attendance.repository';
import type { AttendanceStatus } from '../domain/attendance';

@Injectable()
export class SqlAttendanceRepository extends AttendanceRepository {
  async forActivities(m: EntityManager, activityIds: string[]): Promise<Map<string, AttendanceRow>> {
    const rows: AttendanceRow[] = await m.query(
      `SELECT activity_id AS "activityId", teacher_id AS "teacherId", status, hours::float8 AS hours, result, certificate_no AS "certificateNo", confirmed_at AS "confirmedAt"
         FROM training.attendance WHERE activity_id = ANY($1)`,
      [activityIds],
    );
    return new Map(rows.map((r) => [`${r.activityId}|${r.teacherId}`, r]));
  }

  async upsert(m: EntityManager, rows: AttendanceRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 10000) {
      const c = rows.slice(i, i + 10000);
      // A changed row loses its school confirmation: the school confirms what the record now says.
      await m.query(
        `INSERT INTO training.attendance AS t (activity_id, teacher_id, status, hours, result, certificate_no)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::numeric[], $5::text[], $6::text[])
         ON CONFLICT (activity_id, teacher_id) DO UPDATE SET status = EXCLUDED.status, hours = EXCLUDED.hours, result = EXCLUDED.result,
           certificate_no = EXCLUDED.certificate_no, confirmed_at = NULL, confirmed_by = NULL, updated_at = now()`,
        [c.map((r) => r.activityId), c.map((r) => r.teacherId), c.map((r) => r.status), c.map((r) => r.hours), c.map((r) => r.result), c.map((r) => r.certificateNo)],
      );
    }
  }

  async list(m: EntityManager, activityId: string, limit: number, offset: number): Promise<{ items: AttendanceListItem[]; total: number }> {
    const items = await m.query(
      `SELECT a.activity_id AS "activityId", a.teacher_id AS "teacherId", a.status, a.hours::float8 AS hours, a.result, a.certificate_no AS "certificateNo",
              a.confirmed_at AS "confirmedAt", a.confirmed_by AS "confirmedBy", t.staff_no AS "staffNo", t.name,
              (SELECT p.school_id FROM training.appointments p WHERE p.teacher_id = a.teacher_id AND NOT p.superseded AND p.start_date <= current_date
                  AND (p.end_date IS NULL OR p.end_date >= current_date) ORDER BY p.workload_share DESC, p.start_date DESC, p.appointment_id LIMIT 1) AS "schoolId"
         FROM training.attendance a LEFT JOIN training.teachers t ON t.teacher_id = a.teacher_id
        WHERE a.activity_id = $1 ORDER BY t.staff_no, a.teacher_id LIMIT $2 OFFSET $3`,
      [activityId, limit, offset],
    );
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM training.attendance WHERE activity_id = $1`, [activityId]);
    return { items, total };
  }

  async confirm(m: EntityManager, activityId: string, teacherIds: string[], by: string): Promise<string[]> {
    const rows = await updateReturning<{ id: string }>(
      m,
      `UPDATE training.attendance SET confirmed_at = now(), confirmed_by = $3 WHERE activity_id = $1 AND teacher_id = ANY($2) AND confirmed_at IS NULL RETURNING teacher_id AS id`,
      [activityId, teacherIds, by],
    );
    return rows.map((r) => r.id);
  }

  async teachersAtSchool(m: EntityManager, activityId: string, schoolId: string, asOf: string): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT DISTINCT a.teacher_id AS id FROM training.attendance a JOIN training.appointments p ON p.teacher_id = a.teacher_id AND NOT p.superseded
         AND p.school_id = $2 AND p.start_date <= $3 AND (p.end_date IS NULL OR p.end_date >= $3)
        WHERE a.activity_id = $1`,
      [activityId, schoolId, asOf],
    );
    return rows.map((r) => r.id);
  }

  async statusIndex(m: EntityManager, activityIds: string[]): Promise<Map<string, Map<string, AttendanceStatus>>> {
    const rows: { t: string; a: string; s: AttendanceStatus }[] = await m.query(
      `SELECT teacher_id AS t, activity_id AS a, status AS s FROM training.attendance WHERE activity_id = ANY($1)`,
      [activityIds],
    );
    const index = new Map<string, Map<string, AttendanceStatus>>();
    for (const r of rows) {
      let mine = index.get(r.t);
      if (!mine) index.set(r.t, (mine = new Map()));
      mine.set(r.a, r.s);
    }
    return index;
  }
}
