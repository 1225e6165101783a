import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LedgerFacts, type SchoolInfo, type TeacherInfo } from '../application/ledger-facts';
import type { AbsenceFact, AppointmentFact, EstablishmentFact, SchoolHistory, TeacherFacts } from '../domain/accrual';
import type { Month } from '../domain/calendar';

type Row<T> = T & { teacherId: string };

function group(ids: readonly string[], appointments: Row<AppointmentFact>[], establishment: Row<EstablishmentFact>[], absences: Row<AbsenceFact>[]): TeacherFacts[] {
  const facts = new Map<string, TeacherFacts>(ids.map((teacherId) => [teacherId, { teacherId, appointments: [], establishment: [], absences: [] }]));
  for (const { teacherId, ...a } of appointments) facts.get(teacherId)?.appointments.push(a);
  for (const { teacherId, ...e } of establishment) facts.get(teacherId)?.establishment.push(e);
  for (const { teacherId, ...a } of absences) facts.get(teacherId)?.absences.push(a);
  return [...facts.values()];
}

const APPOINTMENT = `a.teacher_id AS "teacherId", a.appointment_id AS "appointmentId", a.school_id AS "schoolId", a.workload_share::float8 AS "workloadShare",
  a.start_date AS "startDate", a.end_date AS "endDate"`;
const ESTABLISHMENT = `e.teacher_id AS "teacherId", e.type, e.effective_from AS "effectiveFrom"`;
const ABSENCE = `b.teacher_id AS "teacherId", b.absence_id AS "absenceId", b.kind, b.start_date AS "startDate", b.end_date AS "endDate"`;

/** Set-based reads: one query per table for a whole county (a month close reads 10,000 teachers at once). */
@Injectable()
export class SqlLedgerFacts extends LedgerFacts {
  async countyTeachers(m: EntityManager, countyCode: string, month: Month): Promise<TeacherFacts[]> {
    // A teacher's appointments, establishment entries and absences all carry the teacher's county.
    const inMonth = `SELECT teacher_id FROM subsidies.appointments
                      WHERE county_code = $1 AND NOT superseded AND start_date <= $3 AND (end_date IS NULL OR end_date >= $2)`;
    const params = [countyCode, month.firstDay, month.lastDay];
    // One after the other: inside a transaction they share one connection.
    const appointments: Row<AppointmentFact>[] = await m.query(
      `SELECT ${APPOINTMENT} FROM subsidies.appointments a WHERE a.county_code = $1 AND NOT a.superseded AND a.start_date <= $3 AND a.teacher_id IN (${inMonth})`,
      params,
    );
    if (appointments.length === 0) return [];
    const establishment = await m.query(
      `SELECT ${ESTABLISHMENT} FROM subsidies.establishments e WHERE e.county_code = $1 AND NOT e.superseded AND e.effective_from <= $3 AND e.teacher_id IN (${inMonth})`,
      params,
    );
    const absences = await m.query(
      `SELECT ${ABSENCE} FROM subsidies.absences b WHERE b.county_code = $1 AND b.status = 'active' AND b.start_date <= $3 AND (b.end_date IS NULL OR b.end_date >= $2)`,
      params,
    );
    const ids = [...new Set(appointments.map((a) => a.teacherId))];
    return group(ids, appointments, establishment, absences);
  }

  async teacher(m: EntityManager, teacherId: string): Promise<TeacherFacts> {
    const appointments = await m.query(`SELECT ${APPOINTMENT} FROM subsidies.appointments a WHERE a.teacher_id = $1 AND NOT a.superseded`, [teacherId]);
    const establishment = await m.query(`SELECT ${ESTABLISHMENT} FROM subsidies.establishments e WHERE e.teacher_id = $1 AND NOT e.superseded`, [teacherId]);
    const absences = await m.query(`SELECT ${ABSENCE} FROM subsidies.absences b WHERE b.teacher_id = $1 AND b.status = 'active'`, [teacherId]);
    return group([teacherId], appointments, establishment, absences)[0];
  }

  async schools(m: EntityManager, countyCode: string): Promise<SchoolHistory[]> {
    const rows: { schoolId: string; effectiveFrom: string; remoteTier: number; rural: boolean; type: SchoolHistory['facts'][number]['type'] }[] = await m.query(
      `SELECT f.school_id AS "schoolId", f.effective_from AS "effectiveFrom", f.remote_tier AS "remoteTier", f.rural, f.type
         FROM subsidies.school_facts f JOIN subsidies.schools s USING (school_id) WHERE s.county_code = $1 ORDER BY f.school_id, f.effective_from`,
      [countyCode],
    );
    const out = new Map<string, SchoolHistory>();
    for (const { schoolId, ...f } of rows) {
      const s = out.get(schoolId) ?? { schoolId, facts: [] };
      s.facts.push(f);
      out.set(schoolId, s);
    }
    return [...out.values()];
  }

  async schoolInfo(m: EntityManager, schoolIds: readonly string[]): Promise<Map<string, SchoolInfo>> {
    const rows: SchoolInfo[] = await m.query(`SELECT school_id AS "schoolId", code, name, county_code AS "countyCode" FROM subsidies.schools WHERE school_id = ANY($1)`, [[...new Set(schoolIds)]]);
    return new Map(rows.map((r) => [r.schoolId, r]));
  }

  async teacherInfo(m: EntityManager, teacherId: string): Promise<TeacherInfo | null> {
    const [row] = await m.query(`SELECT teacher_id AS "teacherId", county_code AS "countyCode", staff_no AS "staffNo", name FROM subsidies.teachers WHERE teacher_id = $1`, [teacherId]);
    return row ?? null;
  }
}
