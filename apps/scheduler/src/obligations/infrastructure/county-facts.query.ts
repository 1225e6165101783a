import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppointmentFacts, Exemption, TeacherFacts } from '../domain/facts';

export interface OpenObligation {
  id: string;
  rule: 'R2' | 'R3';
  teacherId: string;
  severity: 'warning' | 'due' | 'overdue';
  dueBy: string;
}

/** Everything a county's review needs, read in a few set-based queries from the read model. */
@Injectable()
export class CountyFactsQuery {
  async teachers(m: EntityManager, countyCode: string): Promise<TeacherFacts[]> {
    return m.query(
      `SELECT teacher_id AS "teacherId", county_code AS "countyCode", gender, birth_date AS "birthDate", first_service_date AS "firstServiceDate",
              category, backbone_level AS "backboneLevel"
         FROM scheduler.teachers WHERE county_code = $1 ORDER BY teacher_id`,
      [countyCode],
    );
  }

  /** Appointments by teacher; a school the read model has not heard of yet has no type (neither village nor central). */
  async appointments(m: EntityManager, countyCode: string): Promise<Map<string, AppointmentFacts[]>> {
    const rows: (AppointmentFacts & { teacherId: string })[] = await m.query(
      `SELECT a.teacher_id AS "teacherId", a.appointment_id AS "appointmentId", a.school_id AS "schoolId", coalesce(s.type, 'unknown') AS "schoolType",
              a.kind, a.role, a.workload_share::float8 AS "workloadShare", a.start_date AS "startDate", a.end_date AS "endDate"
         FROM scheduler.appointments a LEFT JOIN scheduler.schools s ON s.school_id = a.school_id
        WHERE a.county_code = $1 AND NOT a.superseded ORDER BY a.teacher_id, a.start_date`,
      [countyCode],
    );
    const byTeacher = new Map<string, AppointmentFacts[]>();
    for (const { teacherId, ...a } of rows) {
      const list = byTeacher.get(teacherId);
      if (list) list.push(a);
      else byTeacher.set(teacherId, [a]);
    }
    return byTeacher;
  }

  async exemptions(m: EntityManager, countyCode: string, asOf: string): Promise<Map<string, Exemption[]>> {
    const rows: Exemption[] = await m.query(
      `SELECT teacher_id AS "teacherId", reason, from_date AS "from", until_date AS "until" FROM scheduler.exemptions
        WHERE county_code = $1 AND from_date <= $2 AND until_date >= $2`,
      [countyCode, asOf],
    );
    const byTeacher = new Map<string, Exemption[]>();
    for (const e of rows) byTeacher.set(e.teacherId, [...(byTeacher.get(e.teacherId) ?? []), e]);
    return byTeacher;
  }

  async openObligations(m: EntityManager, countyCode: string): Promise<OpenObligation[]> {
    return m.query(
      `SELECT id, rule, teacher_id AS "teacherId", severity, due_by AS "dueBy" FROM scheduler.obligations WHERE county_code = $1 AND status = 'open' FOR UPDATE`,
      [countyCode],
    );
  }

  /** Distinct teachers of the county moved by approved moves effective in [from, to]. */
  async movedTeacherIds(m: EntityManager, countyCode: string, from: string, to: string): Promise<string[]> {
    const rows = await m.query(
      `SELECT DISTINCT mv.teacher_id AS id FROM scheduler.moves mv JOIN scheduler.teachers t ON t.teacher_id = mv.teacher_id
        WHERE t.county_code = $1 AND mv.effective_date BETWEEN $2 AND $3`,
      [countyCode, from, to],
    );
    return rows.map((r: { id: string }) => r.id);
  }
}
