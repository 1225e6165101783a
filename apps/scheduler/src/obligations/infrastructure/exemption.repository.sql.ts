import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ExemptionRepository, ObligationRepository, type ObligationFilter, type ObligationRow, type RecordedExemptionRow } from '../application/exemption.repository';

const EXEMPTION = `id, teacher_id AS "teacherId", county_code AS "countyCode", reason, from_date AS "from", until_date AS "until", recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

@Injectable()
export class SqlExemptionRepository extends ExemptionRepository {
  async insert(m: EntityManager, e: Omit<RecordedExemptionRow, 'id' | 'recordedAt'>): Promise<RecordedExemptionRow> {
    const [row] = await m.query(
      `INSERT INTO scheduler.exemptions (teacher_id, county_code, reason, from_date, until_date, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${EXEMPTION}`,
      [e.teacherId, e.countyCode, e.reason, e.from, e.until, e.recordedBy],
    );
    return row;
  }

  async list(m: EntityManager, countyCode: string | undefined, limit: number, offset: number): Promise<RecordedExemptionRow[]> {
    return m.query(`SELECT ${EXEMPTION} FROM scheduler.exemptions WHERE ($1::text IS NULL OR county_code = $1) ORDER BY recorded_at DESC LIMIT $2 OFFSET $3`, [countyCode ?? null, limit, offset]);
  }

  async teacherInCounty(m: EntityManager, teacherId: string, countyCode: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM scheduler.teachers WHERE teacher_id = $1 AND county_code = $2`, [teacherId, countyCode])).length === 1;
  }
}

@Injectable()
export class SqlObligationRepository extends ObligationRepository {
  async list(m: EntityManager, f: ObligationFilter): Promise<{ items: ObligationRow[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR county_code = $1) AND ($2::text IS NULL OR rule = $2) AND ($3::text IS NULL OR severity = $3) AND status = $4`;
    const params = [f.countyCode ?? null, f.rule ?? null, f.severity ?? null, f.status];
    const items = await m.query(
      `SELECT id, rule, teacher_id AS "teacherId", county_code AS "countyCode", severity, due_by AS "dueBy", facts, status, raised_at AS "raisedAt",
              updated_at AS "updatedAt", resolved_at AS "resolvedAt", resolution
         FROM scheduler.obligations ${where} ORDER BY due_by, rule, teacher_id LIMIT $5 OFFSET $6`,
      [...params, f.limit, f.offset],
    );
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM scheduler.obligations ${where}`, params);
    return { items, total };
  }
}
