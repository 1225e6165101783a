import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { TeacherRepository, type TeacherFilter, type TeacherListItem } from '../application/teacher.repository';
import type { NewTeacher, Teacher } from '../domain/teacher';

export const TEACHER_COLUMNS = `t.id, t.county_code AS "countyCode", t.staff_no AS "staffNo", t.name, t.gender, t.birth_date AS "birthDate",
  t.first_service_date AS "firstServiceDate", t.subjects, t.title, t.backbone_level AS "backboneLevel", t.category, t.version`;

@Injectable()
export class SqlTeacherRepository extends TeacherRepository {
  async insert(m: EntityManager, t: NewTeacher): Promise<Teacher> {
    const [row] = await m.query(
      `INSERT INTO staffing.teachers AS t (county_code, staff_no, name, gender, birth_date, first_service_date, subjects, title, backbone_level, category)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${TEACHER_COLUMNS}`,
      [t.countyCode, t.staffNo, t.name, t.gender, t.birthDate, t.firstServiceDate, t.subjects, t.title, t.backboneLevel, t.category],
    );
    return row;
  }

  async findById(m: EntityManager, id: string): Promise<Teacher | null> {
    const [row] = await m.query(`SELECT ${TEACHER_COLUMNS} FROM staffing.teachers t WHERE t.id = $1`, [id]);
    return row ?? null;
  }

  async lock(m: EntityManager, id: string): Promise<Teacher | null> {
    const [row] = await m.query(`SELECT ${TEACHER_COLUMNS} FROM staffing.teachers t WHERE t.id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async staffNoTaken(m: EntityManager, countyCode: string, staffNo: string, exceptId?: string): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM staffing.teachers WHERE county_code = $1 AND staff_no = $2 AND id IS DISTINCT FROM $3`, [countyCode, staffNo, exceptId ?? null]);
    return rows.length > 0;
  }

  async update(m: EntityManager, t: Teacher, expectedVersion: number): Promise<Teacher | null> {
    const [row] = await updateReturning<Teacher>(
      m,
      `UPDATE staffing.teachers AS t SET staff_no = $3, name = $4, gender = $5, birth_date = $6, first_service_date = $7, subjects = $8,
              title = $9, backbone_level = $10, category = $11, version = t.version + 1
        WHERE t.id = $1 AND t.version = $2 RETURNING ${TEACHER_COLUMNS}`,
      [t.id, expectedVersion, t.staffNo, t.name, t.gender, t.birthDate, t.firstServiceDate, t.subjects, t.title, t.backboneLevel, t.category],
    );
    return row ?? null;
  }

  async list(m: EntityManager, f: TeacherFilter): Promise<{ items: TeacherListItem[]; total: number }> {
    const active = `SELECT 1 FROM staffing.appointments a WHERE a.teacher_id = t.id AND a.superseded_by IS NULL
                      AND a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1)`;
    const where = `WHERE ($2::text IS NULL OR t.county_code = $2)
      AND ($3::uuid IS NULL OR EXISTS (${active} AND a.school_id = $3))
      AND ($4::text IS NULL OR $4 = ANY (t.subjects))
      AND ($5::text IS NULL OR t.category = $5)
      AND ($6::boolean IS NULL OR $6 <> EXISTS (${active}))
      AND ($7::text IS NULL OR t.name LIKE '%' || $7 || '%' OR t.staff_no = $7)`;
    const params = [f.asOf, f.countyCode ?? null, f.schoolId ?? null, f.subject ?? null, f.category ?? null, f.inPool ?? null, f.q ?? null];
    const items = await m.query(
      `SELECT ${TEACHER_COLUMNS},
              ARRAY(SELECT DISTINCT a.school_id FROM staffing.appointments a WHERE a.teacher_id = t.id AND a.superseded_by IS NULL
                      AND a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1)) AS "currentSchoolIds"
         FROM staffing.teachers t ${where} ORDER BY t.county_code, t.staff_no LIMIT $8 OFFSET $9`,
      [...params, f.limit, f.offset],
    );
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM staffing.teachers t ${where}`, params);
    return { items, total };
  }
}
