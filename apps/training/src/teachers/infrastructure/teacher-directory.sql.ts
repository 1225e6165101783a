import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TeacherDirectory, type AppointmentState, type TeacherState, type TeacherView } from '../application/teacher-directory';

/**
 * One row per teacher with the school of their main appointment on $asOf (largest share, then the
 * latest start), and their start as researcher: the first researcher appointment or researcher stage.
 */
const VIEW = (where: string) => `
  SELECT DISTINCT ON (t.teacher_id)
         t.teacher_id AS "teacherId", t.county_code AS "countyCode", t.staff_no AS "staffNo", t.name, t.title, t.category,
         t.first_service_date AS "firstServiceDate", a.school_id AS "schoolId", s.name AS "schoolName", s.code AS "schoolCode",
         s.district_code AS "districtCode", coalesce(s.rural, false) AS rural, coalesce(s.small_scale, false) AS "smallScale",
         CASE WHEN t.category = 'researcher' THEN least(
           (SELECT min(r.start_date) FROM training.appointments r WHERE r.teacher_id = t.teacher_id AND r.role = 'researcher' AND NOT r.superseded),
           (SELECT min(h.since) FROM training.stage_history h WHERE h.teacher_id = t.teacher_id AND h.category = 'researcher')) END AS "researcherSince"
    FROM training.teachers t
    LEFT JOIN training.appointments a ON a.teacher_id = t.teacher_id AND NOT a.superseded AND a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1)
    LEFT JOIN training.schools s ON s.school_id = a.school_id
   WHERE ${where}
   ORDER BY t.teacher_id, a.workload_share DESC NULLS LAST, a.start_date DESC, a.appointment_id`;

@Injectable()
export class SqlTeacherDirectory extends TeacherDirectory {
  async recordTeacher(m: EntityManager, t: TeacherState): Promise<void> {
    await m.query(
      `INSERT INTO training.teachers (teacher_id, county_code, staff_no, name, first_service_date, title, category, backbone_level) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (teacher_id) DO UPDATE SET county_code = EXCLUDED.county_code, staff_no = coalesce(EXCLUDED.staff_no, training.teachers.staff_no), name = EXCLUDED.name,
         first_service_date = EXCLUDED.first_service_date, title = EXCLUDED.title, category = EXCLUDED.category, backbone_level = EXCLUDED.backbone_level`,
      [t.teacherId, t.countyCode, t.staffNo ?? null, t.name, t.firstServiceDate, t.title, t.category, t.backboneLevel],
    );
  }

  async recordAppointment(m: EntityManager, a: AppointmentState): Promise<void> {
    await m.query(
      `INSERT INTO training.appointments (appointment_id, teacher_id, school_id, role, workload_share, start_date, end_date) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (appointment_id) DO UPDATE SET school_id = EXCLUDED.school_id, role = EXCLUDED.role, workload_share = EXCLUDED.workload_share,
         start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date`,
      [a.appointmentId, a.teacherId, a.schoolId, a.role, a.workloadShare, a.startDate, a.endDate],
    );
  }

  async endAppointment(m: EntityManager, appointmentId: string, endDate: string): Promise<void> {
    await m.query(`UPDATE training.appointments SET end_date = $2 WHERE appointment_id = $1`, [appointmentId, endDate]);
  }

  async recordTeachers(m: EntityManager, ts: TeacherState[]): Promise<void> {
    const rows = ts.map((t) => ({
      teacher_id: t.teacherId, county_code: t.countyCode, staff_no: t.staffNo ?? null, name: t.name, first_service_date: t.firstServiceDate,
      title: t.title, category: t.category, backbone_level: t.backboneLevel,
    }));
    await m.query(
      `INSERT INTO training.teachers (teacher_id, county_code, staff_no, name, first_service_date, title, category, backbone_level)
       SELECT teacher_id, county_code, staff_no, name, first_service_date, title, category, backbone_level FROM json_populate_recordset(null::training.teachers, $1::json)
       ON CONFLICT (teacher_id) DO UPDATE SET county_code = EXCLUDED.county_code, staff_no = coalesce(EXCLUDED.staff_no, training.teachers.staff_no), name = EXCLUDED.name,
         first_service_date = EXCLUDED.first_service_date, title = EXCLUDED.title, category = EXCLUDED.category, backbone_level = EXCLUDED.backbone_level`,
      [JSON.stringify(rows)],
    );
  }

  async recordAppointments(m: EntityManager, as: AppointmentState[]): Promise<void> {
    const rows = as.map((a) => ({
      appointment_id: a.appointmentId, teacher_id: a.teacherId, school_id: a.schoolId, role: a.role, workload_share: a.workloadShare,
      start_date: a.startDate, end_date: a.endDate,
    }));
    await m.query(
      `INSERT INTO training.appointments (appointment_id, teacher_id, school_id, role, workload_share, start_date, end_date)
       SELECT appointment_id, teacher_id, school_id, role, workload_share, start_date, end_date FROM json_populate_recordset(null::training.appointments, $1::json)
       ON CONFLICT (appointment_id) DO UPDATE SET school_id = EXCLUDED.school_id, role = EXCLUDED.role, workload_share = EXCLUDED.workload_share,
         start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date`,
      [JSON.stringify(rows)],
    );
  }

  async endAppointments(m: EntityManager, ends: { appointmentId: string; endDate: string }[]): Promise<void> {
    const rows = ends.map((e) => ({ appointment_id: e.appointmentId, end_date: e.endDate }));
    await m.query(
      `UPDATE training.appointments a SET end_date = u.end_date FROM json_populate_recordset(null::training.appointments, $1::json) u WHERE a.appointment_id = u.appointment_id`,
      [JSON.stringify(rows)],
    );
  }

  async supersede(m: EntityManager, appointmentId: string): Promise<void> {
    await m.query(`UPDATE training.appointments SET superseded = true WHERE appointment_id = $1`, [appointmentId]);
  }

  async find(m: EntityManager, teacherId: string, asOf: string): Promise<TeacherView | null> {
    const [row] = await m.query(VIEW('t.teacher_id = $2'), [asOf, teacherId]);
    return row ?? null;
  }

  async byStaffNo(m: EntityManager, countyCode: string, staffNos: string[], asOf: string): Promise<Map<string, TeacherView>> {
    const rows: TeacherView[] = await m.query(VIEW('t.county_code = $2 AND t.staff_no = ANY($3)'), [asOf, countyCode, staffNos]);
    return new Map(rows.map((r) => [r.staffNo!, r]));
  }

  async county(m: EntityManager, countyCode: string, asOf: string): Promise<TeacherView[]> {
    return m.query(VIEW('t.county_code = $2'), [asOf, countyCode]);
  }

  async schoolIds(m: EntityManager, teacherId: string, asOf: string): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT DISTINCT school_id AS id FROM training.appointments WHERE teacher_id = $1 AND NOT superseded AND start_date <= $2 AND (end_date IS NULL OR end_date >= $2)`,
      [teacherId, asOf],
    );
    return rows.map((r) => r.id);
  }
}
