import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AbsenceRecorded, AppointmentCorrected, AppointmentEnded, AppointmentWithdrawn, EstablishmentTypeRecorded, EventData, TeacherAppointed, TeacherRegistered } from '@app/contracts';

export interface StoredAppointment {
  countyCode: string;
  teacherId: string;
  startDate: string;
  endDate: string | null;
}

/**
 * Subsidies' copy of staffing's facts about teachers. Every write is an idempotent upsert keyed by the
 * source's ids, so replaying the topics rebuilds the same tables. The `…Many` writes are the same statements
 * for many events at once (rows as one JSON parameter, typed by the table's own row type), for rows with
 * distinct keys (cut with distinctRuns): one statement equals the events one by one.
 */
@Injectable()
export class ReadModelStore {
  async teacher(m: EntityManager, t: EventData<typeof TeacherRegistered>): Promise<void> {
    await m.query(
      `INSERT INTO subsidies.teachers (teacher_id, county_code, staff_no, name) VALUES ($1, $2, $3, $4)
       ON CONFLICT (teacher_id) DO UPDATE SET county_code = EXCLUDED.county_code, staff_no = coalesce(EXCLUDED.staff_no, subsidies.teachers.staff_no),
         name = EXCLUDED.name, updated_at = now()`,
      [t.teacherId, t.countyCode, t.staffNo ?? null, t.name],
    );
  }

  async teachers(m: EntityManager, ts: EventData<typeof TeacherRegistered>[]): Promise<void> {
    const rows = ts.map((t) => ({ teacher_id: t.teacherId, county_code: t.countyCode, staff_no: t.staffNo ?? null, name: t.name }));
    await m.query(
      `INSERT INTO subsidies.teachers (teacher_id, county_code, staff_no, name)
       SELECT teacher_id, county_code, staff_no, name FROM json_populate_recordset(null::subsidies.teachers, $1::json)
       ON CONFLICT (teacher_id) DO UPDATE SET county_code = EXCLUDED.county_code, staff_no = coalesce(EXCLUDED.staff_no, subsidies.teachers.staff_no),
         name = EXCLUDED.name, updated_at = now()`,
      [JSON.stringify(rows)],
    );
  }

  async appointmentsById(m: EntityManager, appointmentIds: string[]): Promise<Map<string, StoredAppointment>> {
    const rows: (StoredAppointment & { appointmentId: string })[] = await m.query(
      `SELECT appointment_id AS "appointmentId", county_code AS "countyCode", teacher_id AS "teacherId", start_date AS "startDate", end_date AS "endDate"
         FROM subsidies.appointments WHERE appointment_id = ANY($1::uuid[])`,
      [appointmentIds],
    );
    return new Map(rows.map(({ appointmentId, ...a }) => [appointmentId, a]));
  }

  async appointedMany(m: EntityManager, as: Omit<EventData<typeof TeacherAppointed>, 'moveId'>[]): Promise<void> {
    const rows = as.map((a) => ({
      appointment_id: a.appointmentId, teacher_id: a.teacherId, school_id: a.schoolId, county_code: a.countyCode, kind: a.kind,
      workload_share: a.workloadShare, start_date: a.startDate, end_date: a.endDate,
    }));
    await m.query(
      `INSERT INTO subsidies.appointments (appointment_id, teacher_id, school_id, county_code, kind, workload_share, start_date, end_date)
       SELECT appointment_id, teacher_id, school_id, county_code, kind, workload_share, start_date, end_date
         FROM json_populate_recordset(null::subsidies.appointments, $1::json) ON CONFLICT (appointment_id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }

  async endedMany(m: EntityManager, es: EventData<typeof AppointmentEnded>[]): Promise<void> {
    const rows = es.map((e) => ({ appointment_id: e.appointmentId, end_date: e.endDate }));
    await m.query(
      `UPDATE subsidies.appointments a SET end_date = u.end_date FROM json_populate_recordset(null::subsidies.appointments, $1::json) u WHERE a.appointment_id = u.appointment_id`,
      [JSON.stringify(rows)],
    );
  }

  async appointment(m: EntityManager, appointmentId: string): Promise<StoredAppointment | null> {
    const [row] = await m.query(
      `SELECT county_code AS "countyCode", teacher_id AS "teacherId", start_date AS "startDate", end_date AS "endDate" FROM subsidies.appointments WHERE appointment_id = $1`,
      [appointmentId],
    );
    return row ?? null;
  }

  async appointed(m: EntityManager, a: Omit<EventData<typeof TeacherAppointed>, 'moveId'>): Promise<void> {
    await m.query(
      `INSERT INTO subsidies.appointments (appointment_id, teacher_id, school_id, county_code, kind, workload_share, start_date, end_date)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (appointment_id) DO NOTHING`,
      [a.appointmentId, a.teacherId, a.schoolId, a.countyCode, a.kind, a.workloadShare, a.startDate, a.endDate],
    );
  }

  async ended(m: EntityManager, e: EventData<typeof AppointmentEnded>): Promise<void> {
    await m.query(`UPDATE subsidies.appointments SET end_date = $2 WHERE appointment_id = $1`, [e.appointmentId, e.endDate]);
  }

  async corrected(m: EntityManager, c: EventData<typeof AppointmentCorrected>): Promise<void> {
    await m.query(`UPDATE subsidies.appointments SET superseded = true WHERE appointment_id = $1`, [c.correctedAppointmentId]);
    await this.appointed(m, c);
  }

  async withdrawn(m: EntityManager, w: EventData<typeof AppointmentWithdrawn>): Promise<void> {
    await m.query(`UPDATE subsidies.appointments SET superseded = true WHERE appointment_id = $1`, [w.appointmentId]);
  }

  async establishment(m: EntityManager, e: EventData<typeof EstablishmentTypeRecorded>): Promise<void> {
    if (e.supersedesEntryId) await m.query(`UPDATE subsidies.establishments SET superseded = true WHERE entry_id = $1`, [e.supersedesEntryId]);
    await m.query(
      `INSERT INTO subsidies.establishments (entry_id, teacher_id, county_code, type, effective_from) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (entry_id) DO NOTHING`,
      [e.entryId, e.teacherId, e.countyCode, e.type, e.effectiveFrom],
    );
  }

  async absenceStart(m: EntityManager, absenceId: string): Promise<string | null> {
    const [row] = await m.query(`SELECT start_date AS "startDate" FROM subsidies.absences WHERE absence_id = $1`, [absenceId]);
    return row?.startDate ?? null;
  }

  async absence(m: EntityManager, a: EventData<typeof AbsenceRecorded>): Promise<void> {
    await m.query(
      `INSERT INTO subsidies.absences (absence_id, teacher_id, county_code, kind, start_date, end_date, status) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (absence_id) DO UPDATE SET kind = EXCLUDED.kind, start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, status = EXCLUDED.status`,
      [a.absenceId, a.teacherId, a.countyCode, a.kind, a.startDate, a.endDate, a.status],
    );
  }
}
