import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { GrowthRepository, type Award, type CurrentStage, type HistoryItem } from '../application/growth.repository';

const CURRENT = `teacher_id AS "teacherId", county_code AS "countyCode", category, stage, since, version`;

@Injectable()
export class SqlGrowthRepository extends GrowthRepository {
  async lock(m: EntityManager, teacherId: string): Promise<CurrentStage | null> {
    const [row] = await m.query(`SELECT ${CURRENT} FROM training.stages WHERE teacher_id = $1 FOR UPDATE`, [teacherId]);
    return row ?? null;
  }

  async current(m: EntityManager, teacherId: string): Promise<CurrentStage | null> {
    const [row] = await m.query(`SELECT ${CURRENT} FROM training.stages WHERE teacher_id = $1`, [teacherId]);
    return row ?? null;
  }

  async save(m: EntityManager, s: Omit<CurrentStage, 'version'>, expectedVersion: number, evidence: string, recordedBy: string): Promise<CurrentStage | null> {
    const rows =
      expectedVersion === 0
        ? await m.query(
            `INSERT INTO training.stages (teacher_id, county_code, category, stage, since) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (teacher_id) DO NOTHING RETURNING ${CURRENT}`,
            [s.teacherId, s.countyCode, s.category, s.stage, s.since],
          )
        : await updateReturning(
            m,
            `UPDATE training.stages SET category = $3, stage = $4, since = $5, version = version + 1 WHERE teacher_id = $1 AND version = $2 RETURNING ${CURRENT}`,
            [s.teacherId, expectedVersion, s.category, s.stage, s.since],
          );
    if (rows.length === 0) return null;
    await m.query(`INSERT INTO training.stage_history (teacher_id, category, stage, since, evidence, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
      s.teacherId, s.category, s.stage, s.since, evidence, recordedBy,
    ]);
    return rows[0] as CurrentStage;
  }

  async history(m: EntityManager, teacherId: string): Promise<HistoryItem[]> {
    return m.query(
      `SELECT category, stage, since, evidence, recorded_by AS "recordedBy", recorded_at AS "recordedAt" FROM training.stage_history WHERE teacher_id = $1 ORDER BY since, id`,
      [teacherId],
    );
  }

  async addAward(m: EntityManager, teacherId: string, a: Omit<Award, 'id'>, recordedBy: string): Promise<Award> {
    const [row] = await m.query(
      `INSERT INTO training.awards (teacher_id, title, level, awarded_on, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id, title, level, awarded_on AS "awardedOn"`,
      [teacherId, a.title, a.level, a.awardedOn, recordedBy],
    );
    return row;
  }

  async awards(m: EntityManager, teacherId: string): Promise<Award[]> {
    return m.query(`SELECT id, title, level, awarded_on AS "awardedOn" FROM training.awards WHERE teacher_id = $1 ORDER BY awarded_on`, [teacherId]);
  }

  async county(m: EntityManager, countyCode: string) {
    return m.query(
      `SELECT s.teacher_id AS "teacherId", s.county_code AS "countyCode", s.category, s.stage, s.since, s.version,
              coalesce((SELECT array_agg(a.awarded_on::text) FROM training.awards a WHERE a.teacher_id = s.teacher_id), '{}') AS "awardDates"
         FROM training.stages s WHERE s.county_code = $1 ORDER BY s.teacher_id`,
      [countyCode],
    );
  }
}
