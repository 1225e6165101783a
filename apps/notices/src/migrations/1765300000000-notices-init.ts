import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTableUp } from '@app/audit';
import { messagingTablesDown, messagingTablesUp } from '@app/messaging';

/**
 * The notices service's schema: its read model of staffing (teachers, their schools, schools, contacts) and
 * rotation (cycles, who submitted preferences, obligations seen), the notices themselves (one per event and
 * recipient: a unique key makes a redelivered or replayed event create nothing), and their deliveries by
 * e-mail or SMS (one per notice and channel, so nothing is sent twice through a channel).
 */
export class NoticesInit1765300000000 implements MigrationInterface {
  name = 'NoticesInit1765300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesUp('notices')) await q.query(sql);
    for (const sql of auditTableUp('notices')) await q.query(sql);
    await q.query(`CREATE TABLE notices.schools (
      school_id uuid PRIMARY KEY,
      county_code text NOT NULL,
      code text NOT NULL,
      name text NOT NULL
    )`);
    await q.query(`CREATE TABLE notices.teachers (
      teacher_id uuid PRIMARY KEY,
      county_code text NOT NULL,
      staff_no text,
      name text NOT NULL
    )`);
    await q.query(`CREATE INDEX notices_teachers_county ON notices.teachers (county_code)`);
    await q.query(`CREATE TABLE notices.appointments (
      appointment_id uuid PRIMARY KEY,
      teacher_id uuid NOT NULL,
      school_id uuid NOT NULL,
      workload_share numeric(4,3) NOT NULL,
      start_date date NOT NULL,
      end_date date,
      superseded boolean NOT NULL DEFAULT false
    )`);
    await q.query(`CREATE INDEX notices_appointments_teacher ON notices.appointments (teacher_id)`);
    // Personal data (staffing owns it; staffing.contacts is compacted): how to reach a teacher, in which language.
    await q.query(`CREATE TABLE notices.contacts (
      teacher_id uuid PRIMARY KEY,
      county_code text NOT NULL,
      email text,
      phone text,
      language text NOT NULL CHECK (language IN ('zh-CN', 'en'))
    )`);
    await q.query(`CREATE TABLE notices.cycles (
      cycle_id uuid PRIMARY KEY,
      county_code text NOT NULL,
      school_year integer NOT NULL,
      preference_deadline date NOT NULL,
      effective_date date NOT NULL,
      status text NOT NULL DEFAULT 'collecting' CHECK (status IN ('collecting', 'approved')),
      opened_event_id text NOT NULL
    )`);
    await q.query(`CREATE TABLE notices.submissions (
      cycle_id uuid NOT NULL,
      teacher_id uuid NOT NULL,
      schools integer NOT NULL,
      submitted_at timestamptz NOT NULL,
      PRIMARY KEY (cycle_id, teacher_id)
    )`);
    await q.query(`CREATE TABLE notices.obligations (
      obligation_id uuid PRIMARY KEY,
      severity text NOT NULL,
      due_by date NOT NULL
    )`);
    await q.query(`CREATE TABLE notices.notices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source_event_id text NOT NULL,
      source_type text NOT NULL,
      recipient_type text NOT NULL CHECK (recipient_type IN ('teacher', 'school', 'county', 'city')),
      recipient_id text NOT NULL,
      county_code text,
      kind text NOT NULL,
      language text NOT NULL CHECK (language IN ('zh-CN', 'en')),
      subject text NOT NULL,
      body text NOT NULL,
      facts jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      CONSTRAINT notices_once_per_event_and_recipient UNIQUE (source_event_id, recipient_type, recipient_id)
    )`);
    await q.query(`CREATE INDEX notices_inbox ON notices.notices (recipient_type, recipient_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notices_inbox_unread ON notices.notices (recipient_type, recipient_id) WHERE read_at IS NULL`);
    await q.query(`CREATE TABLE notices.deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      notice_id uuid NOT NULL REFERENCES notices.notices(id) ON DELETE CASCADE,
      channel text NOT NULL CHECK (channel IN ('email', 'sms')),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      claimed_until timestamptz,
      last_error text,
      message_id text,
      provider_id text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT deliveries_once_per_notice_and_channel UNIQUE (notice_id, channel)
    )`);
    await q.query(`CREATE INDEX deliveries_due ON notices.deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX deliveries_sending ON notices.deliveries (claimed_until) WHERE status = 'sending'`);
    await q.query(`CREATE INDEX deliveries_status ON notices.deliveries (status, updated_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['deliveries', 'notices', 'obligations', 'submissions', 'cycles', 'contacts', 'appointments', 'teachers', 'schools', 'audit_log']) await q.query(`DROP TABLE notices.${t}`);
    for (const sql of messagingTablesDown('notices')) await q.query(sql);
  }
}
