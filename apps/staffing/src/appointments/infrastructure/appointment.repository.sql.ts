import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { AppointmentRepository, type AppointmentView } from '../application/appointment.repository';
import type { Appointment, NewAppointment } from '../domain/appointment';

const COLUMNS = `a.id, a.teacher_id AS "teacherId", a.school_id AS "schoolId", a.post_id AS "postId", a.kind, a.role,
  a.workload_share::float8 AS "workloadShare", a.start_date AS "startDate", a.end_date AS "endDate", a.move_id AS "moveId",
  a.corrects_id AS "correctsId", a.reason, a.version`;
const VIEW_COLUMNS = `${COLUMNS}, s.name AS "schoolName", s.county_code AS "countyCode", p.subject_code AS "subjectCode", a.end_reason AS "endReason",
  t.name AS "teacherName", t.staff_no AS "staffNo", a.arrival_confirmed_at AS "arrivalConfirmedAt"`;
const VIEW_FROM = `staffing.appointments a JOIN staffing.schools s ON s.id = a.school_id JOIN staffing.teachers t ON t.id = a.teacher_id LEFT JOIN staffing.posts p ON p.id = a.post_id`;

@Injectable()
export class SqlAppointmentRepository extends AppointmentRepository {
  async forTeacher(m: EntityManager, teacherId: string): Promise<Appointment[]> {
    return m.query(`SELECT ${COLUMNS} FROM staffing.appointments a WHERE a.teacher_id = $1 AND a.superseded_by IS NULL ORDER BY a.start_date`, [teacherId]);
  }

  async findById(m: EntityManager, id: string): Promise<Appointment | null> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM staffing.appointments a WHERE a.id = $1 AND a.superseded_by IS NULL`, [id]);
    return row ?? null;
  }

  async insert(m: EntityManager, x: NewAppointment, id?: string): Promise<Appointment> {
    const [row] = await m.query(
      `INSERT INTO staffing.appointments AS a (id, teacher_id, school_id, post_id, kind, role, workload_share, start_date, end_date, move_id, corrects_id, reason)
       VALUES (coalesce($12::uuid, gen_random_uuid()), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
      [x.teacherId, x.schoolId, x.postId, x.kind, x.role, x.workloadShare, x.startDate, x.endDate, x.moveId, x.correctsId, x.reason, id ?? null],
    );
    return row;
  }

  async end(m: EntityManager, id: string, endDate: string, reason: string, expectedVersion: number): Promise<Appointment | null> {
    const [row] = await updateReturning<Appointment>(
      m,
      `UPDATE staffing.appointments AS a SET end_date = $2, end_reason = $3, version = a.version + 1
        WHERE a.id = $1 AND a.version = $4 AND a.superseded_by IS NULL RETURNING ${COLUMNS}`,
      [id, endDate, reason, expectedVersion],
    );
    return row ?? null;
  }

  async supersede(m: EntityManager, id: string, byId: string, expectedVersion: number): Promise<boolean> {
    const rows = await updateReturning(
      m,
      `UPDATE staffing.appointments SET superseded_by = $2, version = version + 1 WHERE id = $1 AND version = $3 AND superseded_by IS NULL RETURNING id`,
      [id, byId, expectedVersion],
    );
    return rows.length === 1;
  }

  async history(m: EntityManager, teacherId: string): Promise<AppointmentView[]> {
    return m.query(`SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE a.teacher_id = $1 AND a.superseded_by IS NULL ORDER BY a.start_date, a.created_at`, [teacherId]);
  }

  async atSchool(m: EntityManager, schoolId: string, date: string): Promise<AppointmentView[]> {
    return m.query(
      `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM}
        WHERE a.school_id = $1 AND a.superseded_by IS NULL AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2)
        ORDER BY a.role, a.start_date`,
      [schoolId, date],
    );
  }

  async arrivalsAt(m: EntityManager, schoolId: string, from: string, to: string): Promise<AppointmentView[]> {
    return m.query(
      `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM}
        WHERE a.school_id = $1 AND a.superseded_by IS NULL AND a.arrival_confirmed_at IS NULL AND a.start_date BETWEEN $2 AND $3
        ORDER BY a.start_date, t.name`,
      [schoolId, from, to],
    );
  }
}
