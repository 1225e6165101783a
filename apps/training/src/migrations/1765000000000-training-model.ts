import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTableUp } from '@app/audit';

/**
 * Training's model: its read model of teachers and their appointments (from staffing's events, next to
 * the schools it already kept), activities, attendance, the append-only credit ledger, compliance
 * results per period, and the growth path (R12).
 */
export class TrainingModel1765000000000 implements MigrationInterface {
  name = 'TrainingModel1765000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE training.schools ADD COLUMN code text, ADD COLUMN name text, ADD COLUMN type text,
         ADD COLUMN rural boolean NOT NULL DEFAULT false, ADD COLUMN small_scale boolean NOT NULL DEFAULT false`,
      `CREATE INDEX schools_county ON training.schools (county_code, code)`,
      `CREATE TABLE training.teachers (
        teacher_id uuid PRIMARY KEY,
        county_code text NOT NULL,
        staff_no text,
        name text NOT NULL,
        first_service_date date NOT NULL,
        title text,
        category text NOT NULL,
        backbone_level text NOT NULL
      )`,
      `CREATE INDEX teachers_staff_no ON training.teachers (county_code, staff_no)`,
      `CREATE TABLE training.appointments (
        appointment_id uuid PRIMARY KEY,
        teacher_id uuid NOT NULL,
        school_id uuid NOT NULL,
        role text NOT NULL,
        workload_share numeric(4,3) NOT NULL,
        start_date date NOT NULL,
        end_date date,
        superseded boolean NOT NULL DEFAULT false
      )`,
      `CREATE INDEX appointments_teacher ON training.appointments (teacher_id, start_date)`,
      `CREATE TABLE training.activities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_code text NOT NULL,
        code text NOT NULL,
        title text NOT NULL,
        kind text NOT NULL,
        organiser text NOT NULL,
        organiser_code text,
        category text NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL CHECK (end_date >= start_date),
        full_days int NOT NULL DEFAULT 0,
        half_days int NOT NULL DEFAULT 0,
        periods int NOT NULL DEFAULT 0,
        credit_hours numeric(6,1) NOT NULL,
        target_type text NOT NULL,
        target_district text,
        target_school_ids uuid[] NOT NULL DEFAULT '{}',
        researcher_id uuid,
        school_id uuid,
        confirmed_at timestamptz,
        confirmed_by text,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (county_code, code)
      )`,
      `CREATE INDEX activities_county_date ON training.activities (county_code, start_date)`,
      `CREATE INDEX activities_researcher ON training.activities (researcher_id) WHERE researcher_id IS NOT NULL`,
      `CREATE TABLE training.attendance (
        activity_id uuid NOT NULL REFERENCES training.activities(id),
        teacher_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('attended', 'absent', 'excused')),
        hours numeric(6,1) NOT NULL CHECK (hours >= 0),
        result text,
        certificate_no text,
        confirmed_at timestamptz,
        confirmed_by text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (activity_id, teacher_id),
        UNIQUE (activity_id, certificate_no)
      )`,
      `CREATE INDEX attendance_teacher ON training.attendance (teacher_id)`,
      `CREATE TABLE training.credit_entries (
        id bigserial PRIMARY KEY,
        teacher_id uuid NOT NULL,
        county_code text NOT NULL,
        activity_id uuid NOT NULL REFERENCES training.activities(id),
        earned_on date NOT NULL,
        credit_year int NOT NULL,
        category text NOT NULL,
        hours numeric(6,1) NOT NULL,
        reverses_id bigint UNIQUE REFERENCES training.credit_entries(id),
        posted_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX credit_entries_teacher ON training.credit_entries (teacher_id, credit_year)`,
      `CREATE INDEX credit_entries_activity ON training.credit_entries (activity_id, teacher_id)`,
      // Append-only: a wrong posting is reversed by a new entry, never changed or deleted.
      `CREATE FUNCTION training.credit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'training.credit_entries is append-only: post a reversal instead of %', TG_OP; END $$`,
      `CREATE TRIGGER credit_entries_append_only BEFORE UPDATE OR DELETE ON training.credit_entries
         FOR EACH ROW EXECUTE FUNCTION training.credit_entries_append_only()`,
      `CREATE TABLE training.compliance_results (
        rule text NOT NULL,
        period text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        county_code text NOT NULL,
        school_id uuid,
        district_code text,
        status text NOT NULL,
        required numeric NOT NULL,
        actual numeric NOT NULL,
        facts jsonb NOT NULL,
        message text NOT NULL,
        evaluated_on date NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (rule, period, subject_type, subject_id)
      )`,
      `CREATE INDEX compliance_county ON training.compliance_results (county_code, period, rule, status)`,
      `CREATE TABLE training.evaluations (
        id bigserial PRIMARY KEY,
        county_code text NOT NULL,
        kind text NOT NULL,
        period text NOT NULL,
        as_of date NOT NULL,
        trigger text NOT NULL,
        results int NOT NULL,
        written int NOT NULL,
        shortfalls int NOT NULL,
        restored int NOT NULL,
        ran_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE training.stages (
        teacher_id uuid PRIMARY KEY,
        county_code text NOT NULL,
        category text NOT NULL,
        stage text NOT NULL,
        since date NOT NULL,
        version int NOT NULL DEFAULT 1
      )`,
      `CREATE TABLE training.stage_history (
        id bigserial PRIMARY KEY,
        teacher_id uuid NOT NULL,
        category text NOT NULL,
        stage text NOT NULL,
        since date NOT NULL,
        evidence text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX stage_history_teacher ON training.stage_history (teacher_id, since)`,
      `CREATE TABLE training.awards (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        teacher_id uuid NOT NULL,
        title text NOT NULL,
        level text NOT NULL,
        awarded_on date NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX awards_teacher ON training.awards (teacher_id, awarded_on)`,
      ...auditTableUp('training'),
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_log', 'awards', 'stage_history', 'stages', 'evaluations', 'compliance_results', 'credit_entries', 'attendance', 'activities', 'appointments', 'teachers']) {
      await q.query(`DROP TABLE training.${t}`);
    }
    await q.query(`DROP FUNCTION training.credit_entries_append_only()`);
    await q.query(`DROP INDEX training.schools_county`);
    await q.query(`ALTER TABLE training.schools DROP COLUMN code, DROP COLUMN name, DROP COLUMN type, DROP COLUMN rural, DROP COLUMN small_scale`);
  }
}
