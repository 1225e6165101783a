import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { DeliveryRepository, type ClaimedDelivery, type DeliveryView } from '../application/delivery.repository';
import type { ChannelName, DeliveryStatus } from '../domain/delivery';

const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const VIEW = `d.id, d.notice_id AS "noticeId", d.channel, d.status, d.attempts,
  CASE WHEN d.status = 'pending' THEN ${ts('d.next_attempt_at')} END AS "nextAttemptAt", d.last_error AS "lastError",
  d.message_id AS "messageId", ${ts('d.sent_at')} AS "sentAt", n.kind, n.recipient_type AS "recipientType", n.recipient_id AS "recipientId",
  n.county_code AS "countyCode", ${ts('d.created_at')} AS "createdAt", ${ts('d.updated_at')} AS "updatedAt"`;

@Injectable()
export class SqlDeliveryRepository extends DeliveryRepository {
  async claim(m: EntityManager, limit: number, leaseMs: number, messageIdDomain: string): Promise<ClaimedDelivery[]> {
    const claimed = await updateReturning<{ id: string }>(
      m,
      `UPDATE notices.deliveries d
          SET status = 'sending', attempts = d.attempts + 1, claimed_until = now() + $2 * interval '1 millisecond', updated_at = now(),
              message_id = coalesce(d.message_id, '<notice-' || d.id::text || '@' || $3 || '>')
        WHERE d.id IN (SELECT id FROM notices.deliveries WHERE status = 'pending' AND next_attempt_at <= now()
                        ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING d.id`,
      [limit, leaseMs, messageIdDomain],
    );
    if (claimed.length === 0) return [];
    return m.query(
      `SELECT d.id, d.notice_id AS "noticeId", d.channel, d.attempts, d.message_id AS "messageId", n.subject, n.body, n.language,
              CASE d.channel WHEN 'email' THEN c.email WHEN 'sms' THEN c.phone END AS address
         FROM notices.deliveries d
         JOIN notices.notices n ON n.id = d.notice_id
         LEFT JOIN notices.contacts c ON c.teacher_id = (CASE WHEN n.recipient_type = 'teacher' THEN n.recipient_id::uuid END)
        WHERE d.id = ANY($1::uuid[])
        ORDER BY d.next_attempt_at`,
      [claimed.map((c) => c.id)],
    );
  }

  async markSent(m: EntityManager, id: string, providerId: string | null): Promise<void> {
    // Unconditional: a late acceptance wins over an "interrupted" verdict the sweeper gave meanwhile.
    await m.query(`UPDATE notices.deliveries SET status = 'sent', sent_at = now(), provider_id = $2, last_error = NULL, claimed_until = NULL, updated_at = now() WHERE id = $1`, [id, providerId]);
  }

  async markFailedAttempt(m: EntityManager, id: string, next: { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' }, error: string): Promise<void> {
    await m.query(
      `UPDATE notices.deliveries SET status = $2, next_attempt_at = coalesce($3::timestamptz, next_attempt_at), last_error = $4, claimed_until = NULL, updated_at = now()
        WHERE id = $1 AND status = 'sending'`,
      [id, next.status, next.status === 'pending' ? next.nextAttemptAt.toISOString() : null, error],
    );
  }

  async failInterrupted(m: EntityManager): Promise<number> {
    const rows = await updateReturning(
      m,
      `UPDATE notices.deliveries SET status = 'failed', claimed_until = NULL, updated_at = now(),
              last_error = 'interrupted while sending (attempt ' || attempts || '): the provider may have accepted it; look for Message-ID ' || coalesce(message_id, '?') || ' in its log before re-sending'
        WHERE status = 'sending' AND claimed_until < now() RETURNING id`,
      [],
    );
    return rows.length;
  }

  async list(m: EntityManager, q: { status?: DeliveryStatus; channel?: ChannelName; countyCode?: string; limit: number; offset: number }): Promise<{ items: DeliveryView[]; total: number }> {
    const where = `($1::text IS NULL OR d.status = $1) AND ($2::text IS NULL OR d.channel = $2) AND ($3::text IS NULL OR n.county_code = $3)`;
    const params = [q.status ?? null, q.channel ?? null, q.countyCode ?? null];
    const items = await m.query(
      `SELECT ${VIEW} FROM notices.deliveries d JOIN notices.notices n ON n.id = d.notice_id WHERE ${where} ORDER BY d.updated_at DESC, d.id LIMIT $4 OFFSET $5`,
      [...params, q.limit, q.offset],
    );
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM notices.deliveries d JOIN notices.notices n ON n.id = d.notice_id WHERE ${where}`, params);
    return { items, total };
  }

  async find(m: EntityManager, id: string): Promise<DeliveryView | null> {
    const [row] = await m.query(`SELECT ${VIEW} FROM notices.deliveries d JOIN notices.notices n ON n.id = d.notice_id WHERE d.id = $1`, [id]);
    return row ?? null;
  }

  async requeue(m: EntityManager, id: string): Promise<DeliveryView | null> {
    const rows = await updateReturning(m, `UPDATE notices.deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now() WHERE id = $1 AND status = 'failed' RETURNING id`, [id]);
    return rows.length ? this.find(m, id) : null;
  }

  async counts(m: EntityManager): Promise<{ channel: string; status: string; n: number }[]> {
    return m.query(`SELECT channel, status, count(*)::int AS n FROM notices.deliveries GROUP BY channel, status`);
  }
}
