import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MoveFacts } from '../../notices/domain/amendments';
import { Directory, type AppointmentFacts, type CycleFacts, type ContactFacts, type SchoolFacts, type TeacherCard, type TeacherFacts } from '../application/directory';

/** A teacher as one JSON value (for a scalar subquery): the same card as teacher() returns. */
const CARD = `SELECT json_build_object('teacherId', t.teacher_id, 'countyCode', t.county_code, 'staffNo', t.staff_no, 'name', t.name,
    'language', coalesce(c.language, 'zh-CN'), 'schoolId', a.school_id, 'schoolName', s.name)
  FROM notices.teachers t
  LEFT JOIN notices.contacts c ON c.teacher_id = t.teacher_id
  LEFT JOIN LATERAL (
    SELECT a.school_id FROM notices.appointments a
     WHERE a.teacher_id = t.teacher_id AND NOT a.superseded AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2)
     ORDER BY a.workload_share DESC, a.start_date DESC LIMIT 1) a ON true
  LEFT JOIN notices.schools s ON s.school_id = a.school_id`;

@Injectable()
export class SqlDirectory extends Directory {
  async recordSchool(m: EntityManager, s: SchoolFacts): Promise<void> {
    await m.query(
      `INSERT INTO notices.schools (school_id, county_code, code, name) VALUES ($1, $2, $3, $4)
       ON CONFLICT (school_id) DO UPDATE SET county_code = EXCLUDED.county_code, code = EXCLUDED.code, name = EXCLUDED.name`,
      [s.schoolId, s.countyCode, s.code, s.name],
    );
  }

  async recordTeacher(m: EntityManager, t: TeacherFacts): Promise<void> {
    await m.query(
      `INSERT INTO notices.teachers (teacher_id, county_code, staff_no, name) VALUES ($1, $2, $3, $4)
       ON CONFLICT (teacher_id) DO UPDATE SET county_code = EXCLUDED.county_code, staff_no = coalesce(EXCLUDED.staff_no, notices.teachers.staff_no), name = EXCLUDED.name`,
      [t.teacherId, t.countyCode, t.staffNo ?? null, t.name],
    );
  }

  async recordAppointment(m: EntityManager, a: AppointmentFacts): Promise<void> {
    await m.query(
      `INSERT INTO notices.appointments (appointment_id, teacher_id, school_id, workload_share, start_date, end_date) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (appointment_id) DO UPDATE SET school_id = EXCLUDED.school_id, workload_share = EXCLUDED.workload_share, start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date`,
      [a.appointmentId, a.teacherId, a.schoolId, a.workloadShare, a.startDate, a.endDate],
    );
  }

  async endAppointment(m: EntityManager, appointmentId: string, endDate: string): Promise<void> {
    await m.query(`UPDATE notices.appointments SET end_date = $2 WHERE appointment_id = $1`, [appointmentId, endDate]);
  }

  async recordTeachers(m: EntityManager, ts: TeacherFacts[]): Promise<void> {
    const rows = ts.map((t) => ({ teacher_id: t.teacherId, county_code: t.countyCode, staff_no: t.staffNo ?? null, name: t.name }));
    await m.query(
      `INSERT INTO notices.teachers (teacher_id, county_code, staff_no, name)
       SELECT teacher_id, county_code, staff_no, name FROM json_populate_recordset(null::notices.teachers, $1::json)
       ON CONFLICT (teacher_id) DO UPDATE SET county_code = EXCLUDED.county_code, staff_no = coalesce(EXCLUDED.staff_no, notices.teachers.staff_no), name = EXCLUDED.name`,
      [JSON.stringify(rows)],
    );
  }

  async recordAppointments(m: EntityManager, as: AppointmentFacts[]): Promise<void> {
    const rows = as.map((a) => ({
      appointment_id: a.appointmentId, teacher_id: a.teacherId, school_id: a.schoolId, workload_share: a.workloadShare, start_date: a.startDate, end_date: a.endDate,
    }));
    await m.query(
      `INSERT INTO notices.appointments (appointment_id, teacher_id, school_id, workload_share, start_date, end_date)
       SELECT appointment_id, teacher_id, school_id, workload_share, start_date, end_date FROM json_populate_recordset(null::notices.appointments, $1::json)
       ON CONFLICT (appointment_id) DO UPDATE SET school_id = EXCLUDED.school_id, workload_share = EXCLUDED.workload_share, start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date`,
      [JSON.stringify(rows)],
    );
  }

  async endAppointments(m: EntityManager, ends: { appointmentId: string; endDate: string }[]): Promise<void> {
    const rows = ends.map((e) => ({ appointment_id: e.appointmentId, end_date: e.endDate }));
    await m.query(
      `UPDATE notices.appointments a SET end_date = u.end_date FROM json_populate_recordset(null::notices.appointments, $1::json) u WHERE a.appointment_id = u.appointment_id`,
      [JSON.stringify(rows)],
    );
  }

  async supersede(m: EntityManager, appointmentId: string): Promise<void> {
    await m.query(`UPDATE notices.appointments SET superseded = true WHERE appointment_id = $1`, [appointmentId]);
  }

  async recordContact(m: EntityManager, c: ContactFacts): Promise<void> {
    await m.query(
      `INSERT INTO notices.contacts (teacher_id, county_code, email, phone, language) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (teacher_id) DO UPDATE SET county_code = EXCLUDED.county_code, email = EXCLUDED.email, phone = EXCLUDED.phone, language = EXCLUDED.language`,
      [c.teacherId, c.countyCode, c.email, c.phone, c.language],
    );
  }

  async teacherAndSchools(m: EntityManager, teacherId: string, schoolIds: string[], asOf: string): Promise<{ teacher: TeacherCard | null; schools: Map<string, string> }> {
    const [row] = await m.query(
      `SELECT (${CARD} WHERE t.teacher_id = $1) AS teacher,
              (SELECT coalesce(json_object_agg(school_id, name), '{}') FROM notices.schools WHERE school_id = ANY($3::uuid[])) AS schools`,
      [teacherId, asOf, schoolIds],
    );
    return { teacher: row.teacher ?? null, schools: new Map(Object.entries(row.schools as Record<string, string>)) };
  }

  async teacher(m: EntityManager, teacherId: string, asOf: string): Promise<TeacherCard | null> {
    const [row] = await m.query(
      `SELECT t.teacher_id AS "teacherId", t.county_code AS "countyCode", t.staff_no AS "staffNo", t.name,
              coalesce(c.language, 'zh-CN') AS language, a.school_id AS "schoolId", s.name AS "schoolName"
         FROM notices.teachers t
         LEFT JOIN notices.contacts c ON c.teacher_id = t.teacher_id
         LEFT JOIN LATERAL (
           SELECT a.school_id FROM notices.appointments a
            WHERE a.teacher_id = t.teacher_id AND NOT a.superseded AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2)
            ORDER BY a.workload_share DESC, a.start_date DESC LIMIT 1) a ON true
         LEFT JOIN notices.schools s ON s.school_id = a.school_id
        WHERE t.teacher_id = $1`,
      [teacherId, asOf],
    );
    return row ?? null;
  }

  async schoolNames(m: EntityManager, schoolIds: string[]): Promise<Map<string, string>> {
    if (schoolIds.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await m.query(`SELECT school_id AS id, name FROM notices.schools WHERE school_id = ANY($1::uuid[])`, [schoolIds]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async recordCycle(m: EntityManager, c: CycleFacts, eventId: string): Promise<void> {
    await m.query(
      `INSERT INTO notices.cycles (cycle_id, county_code, school_year, preference_deadline, effective_date, opened_event_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (cycle_id) DO UPDATE SET preference_deadline = EXCLUDED.preference_deadline, effective_date = EXCLUDED.effective_date`,
      [c.cycleId, c.countyCode, c.schoolYear, c.deadline, c.effectiveDate, eventId],
    );
  }

  async markCycleApproved(m: EntityManager, cycleId: string): Promise<void> {
    await m.query(`UPDATE notices.cycles SET status = 'approved' WHERE cycle_id = $1`, [cycleId]);
  }

  async recordSubmission(m: EntityManager, s: { cycleId: string; teacherId: string; schools: number; submittedAt: string }): Promise<void> {
    await m.query(
      `INSERT INTO notices.submissions (cycle_id, teacher_id, schools, submitted_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (cycle_id, teacher_id) DO UPDATE SET schools = EXCLUDED.schools, submitted_at = EXCLUDED.submitted_at
        WHERE notices.submissions.submitted_at <= EXCLUDED.submitted_at`,
      [s.cycleId, s.teacherId, s.schools, s.submittedAt],
    );
  }

  async collectingCycles(m: EntityManager, from: string): Promise<CycleFacts[]> {
    return m.query(
      `SELECT cycle_id AS "cycleId", county_code AS "countyCode", school_year AS "schoolYear", preference_deadline::text AS deadline, effective_date::text AS "effectiveDate"
         FROM notices.cycles WHERE status = 'collecting' AND preference_deadline >= $1 ORDER BY county_code, cycle_id`,
      [from],
    );
  }

  async swapObligation(m: EntityManager, o: { obligationId: string; severity: string; dueBy: string }): Promise<{ severity: string; dueBy: string } | null> {
    const [before] = await m.query(`SELECT severity, due_by::text AS "dueBy" FROM notices.obligations WHERE obligation_id = $1 FOR UPDATE`, [o.obligationId]);
    await m.query(
      `INSERT INTO notices.obligations (obligation_id, severity, due_by) VALUES ($1, $2, $3)
       ON CONFLICT (obligation_id) DO UPDATE SET severity = EXCLUDED.severity, due_by = EXCLUDED.due_by`,
      [o.obligationId, o.severity, o.dueBy],
    );
    return before ?? null;
  }

  async recordMoves(m: EntityManager, planId: string, amendmentId: string | null, moves: readonly MoveFacts[]): Promise<void> {
    if (moves.length === 0) return;
    await m.query(
      `INSERT INTO notices.moves (move_id, plan_id, amendment_id, teacher_id, from_school_id, to_school_id, kind, effective_date, end_date)
       SELECT x.move_id, $1, $2, x.teacher_id, x.from_school_id, x.to_school_id, x.kind, x.effective_date, x.end_date
         FROM jsonb_to_recordset($3::jsonb) AS x(move_id uuid, teacher_id uuid, from_school_id uuid, to_school_id uuid, kind text, effective_date date, end_date date)
       ON CONFLICT (move_id) DO NOTHING`,
      [
        planId,
        amendmentId,
        JSON.stringify(moves.map((v) => ({ move_id: v.moveId, teacher_id: v.teacherId, from_school_id: v.fromSchoolId, to_school_id: v.toSchoolId, kind: v.kind, effective_date: v.effectiveDate, end_date: v.endDate }))),
      ],
    );
  }

  async moves(m: EntityManager, moveIds: readonly string[]): Promise<MoveFacts[]> {
    if (moveIds.length === 0) return [];
    return m.query(
      `SELECT move_id AS "moveId", teacher_id AS "teacherId", from_school_id AS "fromSchoolId", to_school_id AS "toSchoolId", kind,
              effective_date::text AS "effectiveDate", end_date::text AS "endDate"
         FROM notices.moves WHERE move_id = ANY($1::uuid[]) ORDER BY effective_date, move_id`,
      [moveIds],
    );
  }

  async markCancelled(m: EntityManager, moveIds: readonly string[], amendmentId: string): Promise<void> {
    if (moveIds.length === 0) return;
    await m.query(`UPDATE notices.moves SET cancelled_by = $2 WHERE move_id = ANY($1::uuid[]) AND cancelled_by IS NULL`, [moveIds, amendmentId]);
  }

  async recordAppeal(m: EntityManager, a: { appealId: string; teacherId: string; moveId: string }): Promise<void> {
    await m.query(`INSERT INTO notices.appeals (appeal_id, teacher_id, move_id) VALUES ($1, $2, $3) ON CONFLICT (appeal_id) DO NOTHING`, [a.appealId, a.teacherId, a.moveId]);
  }

  async appeal(m: EntityManager, appealId: string): Promise<{ teacherId: string; moveId: string } | null> {
    const [row] = await m.query(`SELECT teacher_id AS "teacherId", move_id AS "moveId" FROM notices.appeals WHERE appeal_id = $1`, [appealId]);
    return row ?? null;
  }
}
