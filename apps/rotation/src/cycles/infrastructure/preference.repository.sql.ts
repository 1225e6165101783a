import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PreferenceRepository, type PointCorrection, type SavedPreferences } from '../application/preference.repository';

@Injectable()
export class SqlPreferenceRepository extends PreferenceRepository {
  async save(m: EntityManager, cycleId: string, teacherId: string, schoolIds: string[]): Promise<SavedPreferences> {
    const [row] = await m.query(
      `INSERT INTO rotation.preferences (cycle_id, teacher_id, school_ids) VALUES ($1, $2, $3)
       ON CONFLICT (cycle_id, teacher_id) DO UPDATE SET school_ids = EXCLUDED.school_ids, submitted_at = now(), version = rotation.preferences.version + 1
       RETURNING school_ids AS "schoolIds", submitted_at AS "submittedAt", version`,
      [cycleId, teacherId, schoolIds],
    );
    return row;
  }

  async find(m: EntityManager, cycleId: string, teacherId: string): Promise<SavedPreferences | null> {
    const [row] = await m.query(`SELECT school_ids AS "schoolIds", submitted_at AS "submittedAt", version FROM rotation.preferences WHERE cycle_id = $1 AND teacher_id = $2`, [cycleId, teacherId]);
    return row ?? null;
  }

  async addCorrection(m: EntityManager, cycleId: string, teacherId: string, message: string): Promise<{ id: string; createdAt: string }> {
    const [row] = await m.query(`INSERT INTO rotation.point_corrections (cycle_id, teacher_id, message) VALUES ($1, $2, $3) RETURNING id, created_at AS "createdAt"`, [cycleId, teacherId, message]);
    return row;
  }

  async corrections(m: EntityManager, cycleId: string): Promise<PointCorrection[]> {
    return m.query(`SELECT id, teacher_id AS "teacherId", message, created_at AS "createdAt" FROM rotation.point_corrections WHERE cycle_id = $1 ORDER BY created_at`, [cycleId]);
  }
}
