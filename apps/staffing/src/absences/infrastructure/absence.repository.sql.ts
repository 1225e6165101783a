import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { AbsenceRepository } from '../application/absence.repository';
import type { Absence, NewAbsence } from '../domain/absence';

const COLUMNS = `a.id, a.teacher_id AS "teacherId", a.kind, a.start_date AS "startDate", a.end_date AS "endDate", a.status, a.reason, a.version`;

@Injectable()
export class SqlAbsenceRepository extends AbsenceRepository {
  async forTeacher(m: EntityManager, teacherId: string): Promise<Absence[]> {
    return m.query(`SELECT ${COLUMNS} FROM staffing.absences a WHERE a.teacher_id = $1 ORDER BY a.start_date, a.created_at`, [teacherId]);
  }

  async findById(m: EntityManager, id: string): Promise<Absence | null> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM staffing.absences a WHERE a.id = $1`, [id]);
    return row ?? null;
  }

  async insert(m: EntityManager, x: NewAbsence, recordedBy: string): Promise<Absence> {
    const [row] = await m.query(
      `INSERT INTO staffing.absences AS a (teacher_id, kind, start_date, end_date, reason, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [x.teacherId, x.kind, x.startDate, x.endDate, x.reason, recordedBy],
    );
    return row;
  }

  async update(m: EntityManager, x: Absence, expectedVersion: number): Promise<Absence | null> {
    const [row] = await updateReturning<Absence>(
      m,
      `UPDATE staffing.absences AS a SET kind = $3, start_date = $4, end_date = $5, status = $6, reason = $7, version = a.version + 1
        WHERE a.id = $1 AND a.version = $2 RETURNING ${COLUMNS}`,
      [x.id, expectedVersion, x.kind, x.startDate, x.endDate, x.status, x.reason],
    );
    return row ?? null;
  }
}
