import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TeacherFactsRepository, type RankableSchool } from '../application/teacher-facts.repository';
import type { OpenObligation, RecordedExemption, Stint, TeacherRecord } from '../domain/eligibility';

@Injectable()
export class SqlTeacherFactsRepository extends TeacherFactsRepository {
  async membership(m: EntityManager, teacherId: string): Promise<{ countyCode: string; currentSchoolId: string | null } | null> {
    const [row] = await m.query(
      `SELECT t.county_code AS "countyCode",
              (SELECT a.school_id FROM rotation.appointments a WHERE a.teacher_id = t.teacher_id AND NOT a.superseded AND a.kind = 'regular'
                  AND a.start_date <= current_date AND (a.end_date IS NULL OR a.end_date >= current_date) ORDER BY a.start_date DESC LIMIT 1) AS "currentSchoolId"
         FROM rotation.teachers t WHERE t.teacher_id = $1`,
      [teacherId],
    );
    return row ?? null;
  }

  async record(m: EntityManager, teacherId: string): Promise<TeacherRecord | null> {
    const [row] = await m.query(`SELECT birth_date AS "birthDate", gender, backbone_level AS "backboneLevel", category FROM rotation.teachers WHERE teacher_id = $1`, [teacherId]);
    return row ?? null;
  }

  async stints(m: EntityManager, teacherId: string): Promise<Stint[]> {
    return m.query(
      `SELECT a.appointment_id AS "appointmentId", a.school_id AS "schoolId", coalesce(s.type, 'unknown') AS "schoolType", coalesce(s.rural, false) AS rural,
              a.kind, a.role, a.start_date AS "startDate", a.end_date AS "endDate"
         FROM rotation.appointments a LEFT JOIN rotation.schools s ON s.school_id = a.school_id WHERE a.teacher_id = $1 AND NOT a.superseded`,
      [teacherId],
    );
  }

  async openObligations(m: EntityManager, teacherId: string): Promise<OpenObligation[]> {
    return m.query(`SELECT rule, severity, due_by AS "dueBy" FROM rotation.obligations WHERE teacher_id = $1 AND open ORDER BY rule`, [teacherId]);
  }

  async exemptions(m: EntityManager, teacherId: string): Promise<RecordedExemption[]> {
    return m.query(`SELECT reason, from_date AS "from", until_date AS "until" FROM rotation.exemptions WHERE teacher_id = $1`, [teacherId]);
  }

  async countySchools(m: EntityManager, countyCode: string): Promise<Set<string>> {
    const rows = await m.query(`SELECT school_id FROM rotation.schools WHERE county_code = $1`, [countyCode]);
    return new Set(rows.map((r: { school_id: string }) => r.school_id));
  }

  async schoolsForRanking(m: EntityManager, countyCode: string): Promise<RankableSchool[]> {
    return m.query(
      `SELECT school_id AS "schoolId", name, type, district_code AS "districtCode", rural, weak FROM rotation.schools WHERE county_code = $1 ORDER BY district_code NULLS LAST, name`,
      [countyCode],
    );
  }
}
