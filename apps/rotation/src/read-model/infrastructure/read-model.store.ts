import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  AppointmentCorrected,
  AppointmentEnded,
  AppointmentWithdrawn,
  EventData,
  ExemptionRecorded,
  MoveRejected,
  ObligationRaised,
  ObligationResolved,
  PostQuotaSet,
  TeacherAppointed,
  TeacherRegistered,
} from '@app/contracts';

/**
 * Writes of rotation's read model of teachers, their appointments, the scheduler's obligations and
 * exemptions, staffing's approved headcounts and refused moves: idempotent upserts keyed by the source's
 * ids, so replaying the topics rebuilds the same tables. The `…Many` writes are the same statements for many
 * events at once (rows as one JSON parameter, typed by the table's own row type); each takes rows whose keys
 * are distinct (the handler cuts runs with distinctRuns), which makes one statement equal to the events one by one.
 */
@Injectable()
export class RotationReadModelStore {
  async teacher(m: EntityManager, t: EventData<typeof TeacherRegistered>): Promise<void> {
    await m.query(
      `INSERT INTO rotation.teachers (teacher_id, county_code, name, staff_no, birth_date, gender, subjects, backbone_level, category) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (teacher_id) DO UPDATE SET county_code = EXCLUDED.county_code, name = EXCLUDED.name, staff_no = EXCLUDED.staff_no, birth_date = EXCLUDED.birth_date,
         gender = EXCLUDED.gender, subjects = EXCLUDED.subjects, backbone_level = EXCLUDED.backbone_level, category = EXCLUDED.category`,
      [t.teacherId, t.countyCode, t.name, t.staffNo ?? null, t.birthDate, t.gender, t.subjects, t.backboneLevel, t.category],
    );
  }

  async teachers(m: EntityManager, ts: EventData<typeof TeacherRegistered>[]): Promise<void> {
    const rows = ts.map((t) => ({
      teacher_id: t.teacherId, county_code: t.countyCode, name: t.name, staff_no: t.staffNo ?? null, birth_date: t.birthDate,
      gender: t.gender, subjects: t.subjects, backbone_level: t.backboneLevel, category: t.category,
    }));
    await m.query(
      `INSERT INTO rotation.teachers (teacher_id, county_code, name, staff_no, birth_date, gender, subjects, backbone_level, category)
       SELECT teacher_id, county_code, name, staff_no, birth_date, gender, subjects, backbone_level, category FROM json_populate_recordset(null::rotation.teachers, $1::json)
       ON CONFLICT (teacher_id) DO UPDATE SET county_code = EXCLUDED.county_code, name = EXCLUDED.name, staff_no = EXCLUDED.staff_no, birth_date = EXCLUDED.birth_date,
         gender = EXCLUDED.gender, subjects = EXCLUDED.subjects, backbone_level = EXCLUDED.backbone_level, category = EXCLUDED.category`,
      [JSON.stringify(rows)],
    );
  }

  async appointedMany(m: EntityManager, as: EventData<typeof TeacherAppointed>[]): Promise<void> {
    const rows = as.map((a) => ({
      appointment_id: a.appointmentId, teacher_id: a.teacherId, school_id: a.schoolId, kind: a.kind, role: a.role, subject: a.subject,
      start_date: a.startDate, end_date: a.endDate, workload_share: a.workloadShare, post_id: a.postId, move_id: a.moveId,
    }));
    await m.query(
      `INSERT INTO rotation.appointments (appointment_id, teacher_id, school_id, kind, role, subject, start_date, end_date, workload_share, post_id, move_id)
       SELECT appointment_id, teacher_id, school_id, kind, role, subject, start_date, end_date, workload_share, post_id, move_id
         FROM json_populate_recordset(null::rotation.appointments, $1::json)
       ON CONFLICT (appointment_id) DO UPDATE SET workload_share = EXCLUDED.workload_share, post_id = EXCLUDED.post_id, move_id = EXCLUDED.move_id WHERE rotation.appointments.workload_share IS NULL`,
      [JSON.stringify(rows)],
    );
  }

  async endedMany(m: EntityManager, es: EventData<typeof AppointmentEnded>[]): Promise<void> {
    const rows = es.map((e) => ({ appointment_id: e.appointmentId, end_date: e.endDate }));
    await m.query(
      `UPDATE rotation.appointments a SET end_date = u.end_date FROM json_populate_recordset(null::rotation.appointments, $1::json) u WHERE a.appointment_id = u.appointment_id`,
      [JSON.stringify(rows)],
    );
  }

  async quotas(m: EntityManager, qs: EventData<typeof PostQuotaSet>[]): Promise<void> {
    const rows = qs.map((q) => ({
      post_id: q.postId, school_year: q.schoolYear, school_id: q.schoolId, county_code: q.countyCode, subject_code: q.subjectCode, category: q.category,
      approved_headcount: q.approvedHeadcount,
    }));
    await m.query(
      `INSERT INTO rotation.post_quotas (post_id, school_year, school_id, county_code, subject_code, category, approved_headcount)
       SELECT post_id, school_year, school_id, county_code, subject_code, category, approved_headcount FROM json_populate_recordset(null::rotation.post_quotas, $1::json)
       ON CONFLICT (post_id, school_year) DO UPDATE SET approved_headcount = EXCLUDED.approved_headcount`,
      [JSON.stringify(rows)],
    );
  }

  async appointed(m: EntityManager, a: EventData<typeof TeacherAppointed>): Promise<void> {
    await m.query(
      `INSERT INTO rotation.appointments (appointment_id, teacher_id, school_id, kind, role, subject, start_date, end_date, workload_share, post_id, move_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (appointment_id) DO UPDATE SET workload_share = EXCLUDED.workload_share, post_id = EXCLUDED.post_id, move_id = EXCLUDED.move_id WHERE rotation.appointments.workload_share IS NULL`,
      [a.appointmentId, a.teacherId, a.schoolId, a.kind, a.role, a.subject, a.startDate, a.endDate, a.workloadShare, a.postId, a.moveId],
    );
  }

  async ended(m: EntityManager, e: EventData<typeof AppointmentEnded>): Promise<void> {
    await m.query(`UPDATE rotation.appointments SET end_date = $2 WHERE appointment_id = $1`, [e.appointmentId, e.endDate]);
  }

  async corrected(m: EntityManager, c: EventData<typeof AppointmentCorrected>): Promise<void> {
    await m.query(`UPDATE rotation.appointments SET superseded = true WHERE appointment_id = $1`, [c.correctedAppointmentId]);
    await m.query(
      `INSERT INTO rotation.appointments (appointment_id, teacher_id, school_id, kind, role, subject, start_date, end_date, workload_share, post_id, corrects_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (appointment_id) DO UPDATE SET workload_share = EXCLUDED.workload_share, post_id = EXCLUDED.post_id WHERE rotation.appointments.workload_share IS NULL`,
      [c.appointmentId, c.teacherId, c.schoolId, c.kind, c.role, c.subject, c.startDate, c.endDate, c.workloadShare, c.postId, c.correctedAppointmentId],
    );
  }

  /** an appointment that never takes effect (its move was cancelled before its date): gone from every count, remembered as withdrawn */
  async withdrawn(m: EntityManager, w: EventData<typeof AppointmentWithdrawn>): Promise<void> {
    await m.query(`UPDATE rotation.appointments SET superseded = true, withdrawn = true WHERE appointment_id = $1`, [w.appointmentId]);
  }

  async obligationRaised(m: EntityManager, o: EventData<typeof ObligationRaised>): Promise<void> {
    await m.query(
      `INSERT INTO rotation.obligations (obligation_id, rule, teacher_id, county_code, severity, due_by, open) VALUES ($1, $2, $3, $4, $5, $6, true)
       ON CONFLICT (obligation_id) DO UPDATE SET severity = EXCLUDED.severity, due_by = EXCLUDED.due_by, open = true`,
      [o.obligationId, o.rule, o.teacherId, o.countyCode, o.severity, o.dueBy],
    );
  }

  async obligationResolved(m: EntityManager, o: EventData<typeof ObligationResolved>): Promise<void> {
    await m.query(`UPDATE rotation.obligations SET open = false WHERE obligation_id = $1`, [o.obligationId]);
  }

  async exemption(m: EntityManager, x: EventData<typeof ExemptionRecorded>): Promise<void> {
    await m.query(
      `INSERT INTO rotation.exemptions (exemption_id, teacher_id, reason, from_date, until_date) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (exemption_id) DO NOTHING`,
      [x.exemptionId, x.teacherId, x.reason, x.from, x.until],
    );
  }

  async moveRejected(m: EntityManager, r: EventData<typeof MoveRejected>): Promise<void> {
    await m.query(`INSERT INTO rotation.move_rejections (move_id, teacher_id, code, reason) VALUES ($1, $2, $3, $4) ON CONFLICT (move_id) DO NOTHING`, [r.moveId, r.teacherId, r.code, r.reason]);
  }

  async quota(m: EntityManager, q: EventData<typeof PostQuotaSet>): Promise<void> {
    await m.query(
      `INSERT INTO rotation.post_quotas (post_id, school_year, school_id, county_code, subject_code, category, approved_headcount) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (post_id, school_year) DO UPDATE SET approved_headcount = EXCLUDED.approved_headcount`,
      [q.postId, q.schoolYear, q.schoolId, q.countyCode, q.subjectCode, q.category, q.approvedHeadcount],
    );
  }
}
