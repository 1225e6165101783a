import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { EstablishmentRepository } from '../application/establishment.repository';
import type { EstablishmentEntry, NewEstablishmentEntry } from '../domain/establishment';

const COLUMNS = `e.id, e.teacher_id AS "teacherId", e.type, e.effective_from AS "effectiveFrom", e.reason, e.superseded_by AS "supersededBy",
  e.recorded_by AS "recordedBy", e.recorded_at AS "recordedAt"`;

@Injectable()
export class SqlEstablishmentRepository extends EstablishmentRepository {
  async history(m: EntityManager, teacherId: string): Promise<EstablishmentEntry[]> {
    return m.query(`SELECT ${COLUMNS} FROM staffing.establishment_entries e WHERE e.teacher_id = $1 ORDER BY e.effective_from, e.recorded_at`, [teacherId]);
  }

  async version(m: EntityManager, teacherId: string): Promise<number | null> {
    const [row] = await m.query(`SELECT establishment_version AS v FROM staffing.teachers WHERE id = $1`, [teacherId]);
    return row?.v ?? null;
  }

  async bumpVersion(m: EntityManager, teacherId: string, expectedVersion: number): Promise<boolean> {
    const rows = await updateReturning(
      m,
      `UPDATE staffing.teachers SET establishment_version = establishment_version + 1 WHERE id = $1 AND establishment_version = $2 RETURNING id`,
      [teacherId, expectedVersion],
    );
    return rows.length === 1;
  }

  async supersede(m: EntityManager, entryId: string, byId: string): Promise<void> {
    await m.query(`UPDATE staffing.establishment_entries SET superseded_by = $2 WHERE id = $1 AND superseded_by IS NULL`, [entryId, byId]);
  }

  async insert(m: EntityManager, teacherId: string, e: NewEstablishmentEntry, recordedBy: string, id: string): Promise<EstablishmentEntry> {
    const [row] = await m.query(
      `INSERT INTO staffing.establishment_entries AS e (id, teacher_id, type, effective_from, reason, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [id, teacherId, e.type, e.effectiveFrom, e.reason, recordedBy],
    );
    return row;
  }
}
