import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How to reach a teacher (issue #13): e-mail, mobile phone and language. Personal data, in a table of its own
 * (never part of a teacher's record as other services and school administrators see it); readable by the
 * teacher and their county's HR only. `version` is the optimistic lock (0 = none recorded yet).
 */
export class StaffingContacts1765300000100 implements MigrationInterface {
  name = 'StaffingContacts1765300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE staffing.teacher_contacts (
      teacher_id uuid PRIMARY KEY REFERENCES staffing.teachers(id),
      email text CHECK (email IS NULL OR length(email) <= 254),
      phone text CHECK (phone IS NULL OR phone ~ '^1[0-9]{10}$'),
      language text NOT NULL DEFAULT 'zh-CN' CHECK (language IN ('zh-CN', 'en')),
      version integer NOT NULL DEFAULT 1,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staffing.teacher_contacts`);
  }
}
