import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import type { ChannelName } from '../../delivery/domain/delivery';
import { NoticeRepository, type InboxPage, type NewNotice, type NoticeView, type Recipient, type TeacherBroadcast } from '../application/notice.repository';

const VIEW = `id, kind, language, subject, body, facts, source_type AS "sourceType",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "readAt"`;

/** Deliveries for the teacher notices just inserted (ids in $1), one per channel the teacher has an address for. */
const DELIVERIES = `
  INSERT INTO notices.deliveries (notice_id, channel)
  SELECT n.id, ch.channel
    FROM notices.notices n
    JOIN notices.contacts c ON c.teacher_id = (CASE WHEN n.recipient_type = 'teacher' THEN n.recipient_id::uuid END)
    CROSS JOIN unnest($2::text[]) AS ch(channel)
   WHERE n.id = ANY($1::uuid[]) AND n.recipient_type = 'teacher'
     AND ((ch.channel = 'email' AND c.email IS NOT NULL) OR (ch.channel = 'sms' AND c.phone IS NOT NULL))
  ON CONFLICT ON CONSTRAINT deliveries_once_per_notice_and_channel DO NOTHING`;

@Injectable()
export class SqlNoticeRepository extends NoticeRepository {
  async add(m: EntityManager, notices: NewNotice[], channels: readonly ChannelName[]): Promise<number> {
    if (notices.length === 0) return 0;
    // One statement: the notices, and for the new teacher notices their deliveries (a plan's moves come one
    // event at a time on one partition, so statements per event are what the consumer's pace is made of).
    const [{ n }] = await m.query(
      `WITH ins AS (
         INSERT INTO notices.notices (source_event_id, source_type, recipient_type, recipient_id, county_code, kind, language, subject, body, facts)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[])
         ON CONFLICT ON CONSTRAINT notices_once_per_event_and_recipient DO NOTHING
         RETURNING id, recipient_type, recipient_id),
       del AS (
         INSERT INTO notices.deliveries (notice_id, channel)
         SELECT ins.id, ch.channel FROM ins
           JOIN notices.contacts c ON c.teacher_id = (CASE WHEN ins.recipient_type = 'teacher' THEN ins.recipient_id::uuid END)
           CROSS JOIN unnest($11::text[]) AS ch(channel)
          WHERE (ch.channel = 'email' AND c.email IS NOT NULL) OR (ch.channel = 'sms' AND c.phone IS NOT NULL)
         ON CONFLICT ON CONSTRAINT deliveries_once_per_notice_and_channel DO NOTHING)
       SELECT count(*)::int AS n FROM ins`,
      [
        notices.map((x) => x.sourceEventId),
        notices.map((x) => x.sourceType),
        notices.map((x) => x.recipient.type),
        notices.map((x) => x.recipient.id),
        notices.map((x) => x.countyCode),
        notices.map((x) => x.kind),
        notices.map((x) => x.language),
        notices.map((x) => x.subject),
        notices.map((x) => x.body),
        notices.map((x) => JSON.stringify(x.facts)),
        channels,
      ],
    );
    return n;
  }

  async broadcast(m: EntityManager, b: TeacherBroadcast, channels: readonly ChannelName[]): Promise<number> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO notices.notices (source_event_id, source_type, recipient_type, recipient_id, county_code, kind, language, subject, body, facts)
       SELECT $1, $2, 'teacher', t.teacher_id::text, t.county_code, $4, l.language,
              CASE WHEN l.language = 'en' THEN $7 ELSE $5 END, CASE WHEN l.language = 'en' THEN $8 ELSE $6 END, $9::jsonb
         FROM notices.teachers t
         LEFT JOIN notices.contacts c ON c.teacher_id = t.teacher_id
         CROSS JOIN LATERAL (SELECT coalesce(c.language, 'zh-CN') AS language) l
        WHERE t.county_code = $3
          AND ($10::uuid IS NULL OR NOT EXISTS (
                SELECT 1 FROM notices.submissions s WHERE s.cycle_id = $10 AND s.teacher_id = t.teacher_id AND s.schools > 0))
       ON CONFLICT ON CONSTRAINT notices_once_per_event_and_recipient DO NOTHING
       RETURNING id`,
      [b.sourceEventId, b.sourceType, b.countyCode, b.kind, b.rendered['zh-CN'].subject, b.rendered['zh-CN'].body, b.rendered.en.subject, b.rendered.en.body, JSON.stringify(b.facts), b.notSubmittedIn ?? null],
    );
    if (rows.length > 0 && channels.length > 0) await m.query(DELIVERIES, [rows.map((r) => r.id), channels]);
    return rows.length;
  }

  async inbox(m: EntityManager, r: Recipient, q: { unread: boolean; kind?: string; limit: number; offset: number }): Promise<InboxPage> {
    const where = `recipient_type = $1 AND recipient_id = $2 AND ($3::boolean IS FALSE OR read_at IS NULL) AND ($4::text IS NULL OR kind = $4)`;
    const params = [r.type, r.id, q.unread, q.kind ?? null];
    const items: NoticeView[] = await m.query(`SELECT ${VIEW} FROM notices.notices WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $5 OFFSET $6`, [...params, q.limit, q.offset]);
    const [{ total, unread }] = await m.query(
      `SELECT (SELECT count(*)::int FROM notices.notices WHERE ${where}) AS total,
              (SELECT count(*)::int FROM notices.notices WHERE recipient_type = $1 AND recipient_id = $2 AND read_at IS NULL) AS unread`,
      params,
    );
    return { items, total, unread };
  }

  async markRead(m: EntityManager, r: Recipient, id: string): Promise<NoticeView | null> {
    const [row] = await updateReturning<NoticeView>(
      m,
      `UPDATE notices.notices SET read_at = coalesce(read_at, now()) WHERE id = $3 AND recipient_type = $1 AND recipient_id = $2 RETURNING ${VIEW}`,
      [r.type, r.id, id],
    );
    return row ?? null;
  }

  async markAllRead(m: EntityManager, r: Recipient): Promise<number> {
    const rows = await updateReturning(m, `UPDATE notices.notices SET read_at = now() WHERE recipient_type = $1 AND recipient_id = $2 AND read_at IS NULL RETURNING id`, [r.type, r.id]);
    return rows.length;
  }
}
