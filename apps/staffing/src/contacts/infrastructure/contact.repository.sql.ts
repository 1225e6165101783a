import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { ContactRepository } from '../application/contact.repository';
import type { Contact, Language } from '../domain/contact';

const COLUMNS = `teacher_id AS "teacherId", email, phone, language, version, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`;

@Injectable()
export class SqlContactRepository extends ContactRepository {
  async find(m: EntityManager, teacherId: string, forUpdate = false): Promise<Contact> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM staffing.teacher_contacts WHERE teacher_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [teacherId]);
    return row ?? { teacherId, email: null, phone: null, language: 'zh-CN', version: 0, updatedAt: null };
  }

  async save(m: EntityManager, teacherId: string, c: { email: string | null; phone: string | null; language: Language }, expectedVersion: number, by: string): Promise<Contact | null> {
    if (expectedVersion === 0) {
      const rows: Contact[] = await m.query(
        `INSERT INTO staffing.teacher_contacts (teacher_id, email, phone, language, updated_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (teacher_id) DO NOTHING RETURNING ${COLUMNS}`,
        [teacherId, c.email, c.phone, c.language, by],
      );
      return rows[0] ?? null;
    }
    const [row] = await updateReturning<Contact>(
      m,
      `UPDATE staffing.teacher_contacts SET email = $2, phone = $3, language = $4, updated_by = $5, updated_at = now(), version = version + 1
        WHERE teacher_id = $1 AND version = $6 RETURNING ${COLUMNS}`,
      [teacherId, c.email, c.phone, c.language, by, expectedVersion],
    );
    return row ?? null;
  }
}
