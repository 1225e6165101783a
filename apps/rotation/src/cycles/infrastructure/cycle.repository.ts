import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import type { Cycle } from '../domain/cycle';
import type { Stint, TeacherRecord } from '../../eligibility/domain/eligibility';

const COLUMNS = `id, county_code AS "countyCode", school_year AS "schoolYear", state, preference_deadline AS "preferenceDeadline", effective_date AS "effectiveDate", version`;

@Injectable()
export class CycleRepository {
  async insert(m: EntityManager, c: Omit<Cycle, 'id' | 'version'>): Promise<Cycle | null> {
    const [row] = await m.query(
      `INSERT INTO rotation.cycles (county_code, school_year, state, preference_deadline, effective_date) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (county_code, school_year) DO NOTHING RETURNING ${COLUMNS}`,
      [c.countyCode, c.schoolYear, c.state, c.preferenceDeadline, c.effectiveDate],
    );
    return row ?? null;
  }

  async findById(m: EntityManager, id: string): Promise<Cycle | null> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM rotation.cycles WHERE id = $1`, [id]);
    return row ?? null;
  }

  async list(m: EntityManager, countyCode: string | undefined): Promise<Cycle[]> {
    return m.query(`SELECT ${COLUMNS} FROM rotation.cycles WHERE ($1::text IS NULL OR county_code = $1) ORDER BY school_year DESC, county_code`, [countyCode ?? null]);
  }

  /** Saves the new state if the version still matches; null when someone else changed the cycle first. */
  async save(m: EntityManager, c: Cycle, expectedVersion: number): Promise<Cycle | null> {
    const [row] = await updateReturning<Cycle>(
      m,
      `UPDATE rotation.cycles SET state = $3, preference_deadline = $4, version = version + 1 WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
      [c.id, expectedVersion, c.state, c.preferenceDeadline],
    );
    return row ?? null;
  }

  async countySchools(m: EntityManager, countyCode: string): Promise<Set<string>> {
    const rows = await m.query(`SELECT school_id FROM rotation.schools WHERE county_code = $1`, [countyCode]);
    return new Set(rows.map((r: { school_id: string }) => r.school_id));
  }

  async teacher(m: EntityManager, teacherId: string): Promise<{ countyCode: string; currentSchoolId: string | null } | null> {
    const [row] = await m.query(
      `SELECT t.county_code AS "countyCode",
              (SELECT a.school_id FROM rotation.appointments a WHERE a.teacher_id = t.teacher_id AND NOT a.superseded AND a.kind = 'regular'
                  AND a.start_date <= current_date AND (a.end_date IS NULL OR a.end_date >= current_date) ORDER BY a.start_date DESC LIMIT 1) AS "currentSchoolId"
         FROM rotation.teachers t WHERE t.teacher_id = $1`,
      [teacherId],
    );
    return row ?? null;
  }

  async savePreferences(m: EntityManager, cycleId: string, teacherId: string, schoolIds: string[]): Promise<{ schoolIds: string[]; submittedAt: string; version: number }> {
    const [row] = await m.query(
      `INSERT INTO rotation.preferences (cycle_id, teacher_id, school_ids) VALUES ($1, $2, $3)
       ON CONFLICT (cycle_id, teacher_id) DO UPDATE SET school_ids = EXCLUDED.school_ids, submitted_at = now(), version = rotation.preferences.version + 1
       RETURNING school_ids AS "schoolIds", submitted_at AS "submittedAt", version`,
      [cycleId, teacherId, schoolIds],
    );
    return row;
  }

  async preferences(m: EntityManager, cycleId: string, teacherId: string): Promise<{ schoolIds: string[]; submittedAt: string; version: number } | null> {
    const [row] = await m.query(`SELECT school_ids AS "schoolIds", submitted_at AS "submittedAt", version FROM rotation.preferences WHERE cycle_id = $1 AND teacher_id = $2`, [cycleId, teacherId]);
    return row ?? null;
  }

  async openObligations(m: EntityManager, teacherId: string): Promise<{ rule: string; severity: string; dueBy: string }[]> {
    return m.query(`SELECT rule, severity, due_by AS "dueBy" FROM rotation.obligations WHERE teacher_id = $1 AND open ORDER BY rule`, [teacherId]);
  }

  async teacherRecord(m: EntityManager, teacherId: string): Promise<TeacherRecord | null> {
    const [row] = await m.query(`SELECT birth_date AS "birthDate", gender, backbone_level AS "backboneLevel", category FROM rotation.teachers WHERE teacher_id = $1`, [teacherId]);
    return row ?? null;
  }

  async stints(m: EntityManager, teacherId: string): Promise<Stint[]> {
    return m.query(
      `SELECT a.school_id AS "schoolId", coalesce(s.rural, false) AS rural, a.kind, a.start_date AS "startDate", a.end_date AS "endDate"
         FROM rotation.appointments a LEFT JOIN rotation.schools s ON s.school_id = a.school_id WHERE a.teacher_id = $1 AND NOT a.superseded`,
      [teacherId],
    );
  }

  async addCorrection(m: EntityManager, cycleId: string, teacherId: string, message: string): Promise<{ id: string; createdAt: string }> {
    const [row] = await m.query(`INSERT INTO rotation.point_corrections (cycle_id, teacher_id, message) VALUES ($1, $2, $3) RETURNING id, created_at AS "createdAt"`, [cycleId, teacherId, message]);
    return row;
  }

  async corrections(m: EntityManager, cycleId: string): Promise<{ id: string; teacherId: string; message: string; createdAt: string }[]> {
    return m.query(`SELECT id, teacher_id AS "teacherId", message, created_at AS "createdAt" FROM rotation.point_corrections WHERE cycle_id = $1 ORDER BY created_at`, [cycleId]);
  }

  async exemptions(m: EntityManager, teacherId: string): Promise<{ reason: string; from: string; until: string }[]> {
    return m.query(`SELECT reason, from_date AS "from", until_date AS "until" FROM rotation.exemptions WHERE teacher_id = $1`, [teacherId]);
  }
}
