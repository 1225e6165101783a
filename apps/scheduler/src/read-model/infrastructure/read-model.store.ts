import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppointmentCorrected, AppointmentEnded, AppointmentWithdrawn, EventData, MoveApproved, MoveRejected, PlanAmended, SchoolRegistered, TeacherAppointed, TeacherRegistered } from '@app/contracts';
import { startsPlacementWindow } from '../../schools/domain/school-kind';

/**
 * Writes of the scheduler's read model. Every write is an idempotent upsert keyed by the source's ids,
 * so replaying the topics from the beginning rebuilds the same tables. The `…Many` writes are the same
 * statements for many events at once (rows as one JSON parameter, typed by the table's own row type), for rows
 * with distinct keys (the handler cuts runs with distinctRuns): one statement equals the events one by one.
 */
@Injectable()
export class ReadModelStore {
  async school(m: EntityManager, s: EventData<typeof SchoolRegistered>): Promise<void> {
    await m.query(
      `INSERT INTO scheduler.schools (school_id, county_code, type, placement_origin) VALUES ($1, $2, $3, $4)
       ON CONFLICT (school_id) DO UPDATE SET county_code = EXCLUDED.county_code, type = EXCLUDED.type, placement_origin = EXCLUDED.placement_origin`,
      [s.schoolId, s.countyCode, s.type, startsPlacementWindow(s.type)],
    );
  }

  async teacher(m: EntityManager, t: EventData<typeof TeacherRegistered>): Promise<void> {
    await m.query(
      `INSERT INTO scheduler.teachers (teacher_id, county_code, gender, birth_date, first_service_date, category, backbone_level)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (teacher_id) DO UPDATE SET county_code = EXCLUDED.county_code, gender = EXCLUDED.gender, birth_date = EXCLUDED.birth_date,
         first_service_date = EXCLUDED.first_service_date, category = EXCLUDED.category, backbone_level = EXCLUDED.backbone_level`,
      [t.teacherId, t.countyCode, t.gender, t.birthDate, t.firstServiceDate, t.category, t.backboneLevel],
    );
  }

  async teachers(m: EntityManager, ts: EventData<typeof TeacherRegistered>[]): Promise<void> {
    const rows = ts.map((t) => ({
      teacher_id: t.teacherId, county_code: t.countyCode, gender: t.gender, birth_date: t.birthDate, first_service_date: t.firstServiceDate,
      category: t.category, backbone_level: t.backboneLevel,
    }));
    await m.query(
      `INSERT INTO scheduler.teachers (teacher_id, county_code, gender, birth_date, first_service_date, category, backbone_level)
       SELECT teacher_id, county_code, gender, birth_date, first_service_date, category, backbone_level FROM json_populate_recordset(null::scheduler.teachers, $1::json)
       ON CONFLICT (teacher_id) DO UPDATE SET county_code = EXCLUDED.county_code, gender = EXCLUDED.gender, birth_date = EXCLUDED.birth_date,
         first_service_date = EXCLUDED.first_service_date, category = EXCLUDED.category, backbone_level = EXCLUDED.backbone_level`,
      [JSON.stringify(rows)],
    );
  }

  async appointedMany(m: EntityManager, as: EventData<typeof TeacherAppointed>[]): Promise<void> {
    const rows = as.map((a) => ({
      appointment_id: a.appointmentId, teacher_id: a.teacherId, school_id: a.schoolId, county_code: a.countyCode, kind: a.kind, role: a.role,
      workload_share: a.workloadShare, start_date: a.startDate, end_date: a.endDate, move_id: a.moveId,
    }));
    await m.query(
      `INSERT INTO scheduler.appointments (appointment_id, teacher_id, school_id, county_code, kind, role, workload_share, start_date, end_date, move_id)
       SELECT appointment_id, teacher_id, school_id, county_code, kind, role, workload_share, start_date, end_date, move_id
         FROM json_populate_recordset(null::scheduler.appointments, $1::json) ON CONFLICT (appointment_id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }

  async endedMany(m: EntityManager, es: EventData<typeof AppointmentEnded>[]): Promise<void> {
    const rows = es.map((e) => ({ appointment_id: e.appointmentId, end_date: e.endDate }));
    await m.query(
      `UPDATE scheduler.appointments a SET end_date = u.end_date FROM json_populate_recordset(null::scheduler.appointments, $1::json) u WHERE a.appointment_id = u.appointment_id`,
      [JSON.stringify(rows)],
    );
  }

  async appointed(m: EntityManager, a: EventData<typeof TeacherAppointed>): Promise<void> {
    await m.query(
      `INSERT INTO scheduler.appointments (appointment_id, teacher_id, school_id, county_code, kind, role, workload_share, start_date, end_date, move_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (appointment_id) DO NOTHING`,
      [a.appointmentId, a.teacherId, a.schoolId, a.countyCode, a.kind, a.role, a.workloadShare, a.startDate, a.endDate, a.moveId],
    );
  }

  async ended(m: EntityManager, e: EventData<typeof AppointmentEnded>): Promise<void> {
    await m.query(`UPDATE scheduler.appointments SET end_date = $2 WHERE appointment_id = $1`, [e.appointmentId, e.endDate]);
  }

  async corrected(m: EntityManager, c: EventData<typeof AppointmentCorrected>): Promise<void> {
    await m.query(`UPDATE scheduler.appointments SET superseded = true WHERE appointment_id = $1`, [c.correctedAppointmentId]);
    await m.query(
      `INSERT INTO scheduler.appointments (appointment_id, teacher_id, school_id, county_code, kind, role, workload_share, start_date, end_date)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (appointment_id) DO NOTHING`,
      [c.appointmentId, c.teacherId, c.schoolId, c.countyCode, c.kind, c.role, c.workloadShare, c.startDate, c.endDate],
    );
  }

  /** staffing refused an approved move: it was never applied (R1 does not count it) */
  async moveRejected(m: EntityManager, r: EventData<typeof MoveRejected>): Promise<void> {
    await m.query(`INSERT INTO scheduler.move_rejections (move_id, teacher_id, code, reason) VALUES ($1, $2, $3, $4) ON CONFLICT (move_id) DO NOTHING`, [r.moveId, r.teacherId, r.code, r.reason]);
  }

  async moveApproved(m: EntityManager, mv: Pick<EventData<typeof MoveApproved>, 'moveId' | 'teacherId' | 'fromSchoolId' | 'toSchoolId' | 'kind' | 'effectiveDate' | 'endDate'>): Promise<void> {
    await m.query(
      `INSERT INTO scheduler.moves (move_id, teacher_id, from_school_id, to_school_id, kind, effective_date, end_date)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (move_id) DO NOTHING`,
      [mv.moveId, mv.teacherId, mv.fromSchoolId, mv.toSchoolId, mv.kind, mv.effectiveDate, mv.endDate],
    );
  }

  async withdrawn(m: EntityManager, w: EventData<typeof AppointmentWithdrawn>): Promise<void> {
    await m.query(`UPDATE scheduler.appointments SET superseded = true WHERE appointment_id = $1`, [w.appointmentId]);
  }

  /**
   * An amended plan: its new moves join the approved moves; its cancelled ones are marked, so R1 counts a
   * cancelled move only if staffing could not undo it (its appointment still carries the move id).
   */
  async planAmended(m: EntityManager, a: EventData<typeof PlanAmended>): Promise<void> {
    for (const mv of a.moves) await this.moveApproved(m, mv);
    if (a.cancelledMoveIds.length > 0) await m.query(`UPDATE scheduler.moves SET cancelled = true WHERE move_id = ANY($1::uuid[])`, [a.cancelledMoveIds]);
  }
}
