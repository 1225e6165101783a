import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { AppealRepository, type AppealFilter } from '../application/appeal.repository';
import type { Appeal } from '../domain/appeal';
import type { AttachmentMeta } from '../domain/attachment';

const COLUMNS = `id, cycle_id AS "cycleId", plan_id AS "planId", move_id AS "moveId", teacher_id AS "teacherId", county_code AS "countyCode", reasons, status,
  filed_at AS "filedAt", to_char(filed_on, 'YYYY-MM-DD') AS "filedOn", to_char(appeal_deadline, 'YYYY-MM-DD') AS "appealDeadline",
  to_char(decide_by, 'YYYY-MM-DD') AS "decideBy", decided_at AS "decidedAt", decided_by AS "decidedBy", decision_reason AS "decisionReason",
  amendment_id AS "amendmentId", version`;
const ATTACHMENT = `id, appeal_id AS "appealId", filename, content_type AS "contentType", size, sha256, uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"`;

@Injectable()
export class SqlAppealRepository extends AppealRepository {
  async insert(m: EntityManager, a: Omit<Appeal, 'id' | 'version'>): Promise<Appeal | null> {
    const [row] = await m.query(
      `INSERT INTO rotation.appeals (cycle_id, plan_id, move_id, teacher_id, county_code, reasons, status, filed_at, filed_on, appeal_deadline, decide_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (move_id) WHERE status = 'open' DO NOTHING RETURNING ${COLUMNS}`,
      [a.cycleId, a.planId, a.moveId, a.teacherId, a.countyCode, a.reasons, a.status, a.filedAt, a.filedOn, a.appealDeadline, a.decideBy],
    );
    return row ?? null;
  }

  async find(m: EntityManager, id: string): Promise<Appeal | null> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM rotation.appeals WHERE id = $1`, [id]);
    return row ?? null;
  }

  async lock(m: EntityManager, id: string): Promise<Appeal | null> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM rotation.appeals WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async openForMove(m: EntityManager, moveId: string): Promise<Appeal | null> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM rotation.appeals WHERE move_id = $1 AND status = 'open'`, [moveId]);
    return row ?? null;
  }

  async list(m: EntityManager, f: AppealFilter): Promise<{ items: Appeal[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR county_code = $1) AND ($2::uuid IS NULL OR cycle_id = $2) AND ($3::uuid IS NULL OR teacher_id = $3) AND ($4::text IS NULL OR status = $4)`;
    const params = [f.countyCode ?? null, f.cycleId ?? null, f.teacherId ?? null, f.status ?? null];
    const items = await m.query(`SELECT ${COLUMNS} FROM rotation.appeals ${where} ORDER BY (status = 'open') DESC, decide_by, filed_at DESC, id LIMIT $5 OFFSET $6`, [...params, f.limit, f.offset]);
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM rotation.appeals ${where}`, params);
    return { items, total };
  }

  async decide(m: EntityManager, id: string, expectedVersion: number, d: Pick<Appeal, 'status' | 'decidedAt' | 'decidedBy' | 'decisionReason' | 'amendmentId'>): Promise<Appeal | null> {
    const [row] = await updateReturning<Appeal>(
      m,
      `UPDATE rotation.appeals SET status = $3, decided_at = $4, decided_by = $5, decision_reason = $6, amendment_id = $7, version = version + 1
        WHERE id = $1 AND version = $2 AND status = 'open' RETURNING ${COLUMNS}`,
      [id, expectedVersion, d.status, d.decidedAt, d.decidedBy, d.decisionReason, d.amendmentId],
    );
    return row ?? null;
  }

  async addAttachment(m: EntityManager, a: Omit<AttachmentMeta, 'id' | 'uploadedAt'> & { content: Buffer }): Promise<AttachmentMeta> {
    const [row] = await m.query(
      `INSERT INTO rotation.appeal_attachments (appeal_id, filename, content_type, size, sha256, content, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${ATTACHMENT}`,
      [a.appealId, a.filename, a.contentType, a.size, a.sha256, a.content, a.uploadedBy],
    );
    return row;
  }

  async attachments(m: EntityManager, appealIds: readonly string[]): Promise<AttachmentMeta[]> {
    if (appealIds.length === 0) return [];
    return m.query(`SELECT ${ATTACHMENT} FROM rotation.appeal_attachments WHERE appeal_id = ANY($1::uuid[]) ORDER BY uploaded_at, id`, [appealIds]);
  }

  async attachment(m: EntityManager, appealId: string, attachmentId: string): Promise<(AttachmentMeta & { content: Buffer }) | null> {
    const [row] = await m.query(`SELECT ${ATTACHMENT}, content FROM rotation.appeal_attachments WHERE appeal_id = $1 AND id = $2`, [appealId, attachmentId]);
    return row ?? null;
  }
}
