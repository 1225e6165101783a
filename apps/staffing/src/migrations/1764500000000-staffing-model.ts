import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTableUp } from '@app/audit';

/**
 * Districts, subjects, posts and quotas, teachers, appointments, applied/rejected moves, audit trail.
 * The database guards what must never happen even under races: regular appointments of one teacher
 * never overlap (exclusion constraint), shares stay in (0, 1], an end never precedes its start.
 */
export class StaffingModel1764500000000 implements MigrationInterface {
  name = 'StaffingModel1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`CREATE TABLE staffing.districts (
      county_code text NOT NULL REFERENCES staffing.counties(code),
      code text NOT NULL,
      name text NOT NULL,
      PRIMARY KEY (county_code, code)
    )`);
    await q.query(`INSERT INTO staffing.districts (county_code, code, name)
      SELECT DISTINCT county_code, district_code, district_code FROM staffing.schools WHERE district_code IS NOT NULL`);
    await q.query(`ALTER TABLE staffing.schools ADD CONSTRAINT schools_district_fk
      FOREIGN KEY (county_code, district_code) REFERENCES staffing.districts (county_code, code)`);
    await q.query(`CREATE TABLE staffing.subjects (
      code text PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
      name_zh text NOT NULL,
      name_en text NOT NULL
    )`);
    await q.query(`INSERT INTO staffing.subjects (code, name_zh, name_en) VALUES
      ('chinese', '语文', 'Chinese'), ('mathematics', '数学', 'Mathematics'), ('english', '英语', 'English'),
      ('physics', '物理', 'Physics'), ('chemistry', '化学', 'Chemistry'), ('biology', '生物', 'Biology'),
      ('history', '历史', 'History'), ('geography', '地理', 'Geography'), ('politics', '道德与法治', 'Ethics and law'),
      ('music', '音乐', 'Music'), ('art', '美术', 'Art'), ('pe', '体育', 'Physical education'),
      ('it', '信息科技', 'Information technology'), ('science', '科学', 'Science'), ('psychology', '心理健康', 'Mental health'),
      ('preschool', '学前教育', 'Preschool education')`);
    await q.query(`CREATE TABLE staffing.posts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES staffing.schools(id),
      subject_code text REFERENCES staffing.subjects(code),
      category text NOT NULL CHECK (category IN ('teacher', 'leader', 'researcher')),
      version integer NOT NULL DEFAULT 1,
      CONSTRAINT posts_unique UNIQUE NULLS NOT DISTINCT (school_id, subject_code, category),
      CONSTRAINT teacher_posts_have_subject CHECK (category <> 'teacher' OR subject_code IS NOT NULL)
    )`);
    await q.query(`CREATE TABLE staffing.post_quotas (
      post_id uuid NOT NULL REFERENCES staffing.posts(id),
      school_year integer NOT NULL CHECK (school_year BETWEEN 2000 AND 2100),
      approved_headcount integer NOT NULL CHECK (approved_headcount >= 0),
      PRIMARY KEY (post_id, school_year)
    )`);
    await q.query(`CREATE TABLE staffing.teachers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      county_code text NOT NULL REFERENCES staffing.counties(code),
      staff_no text NOT NULL,
      name text NOT NULL,
      gender text NOT NULL CHECK (gender IN ('female', 'male')),
      birth_date date NOT NULL,
      first_service_date date NOT NULL,
      subjects text[] NOT NULL DEFAULT '{}',
      title text,
      backbone_level text NOT NULL DEFAULT 'none' CHECK (backbone_level IN ('none', 'school', 'county', 'city', 'province')),
      category text NOT NULL CHECK (category IN ('teacher', 'principal', 'researcher')),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (county_code, staff_no),
      CHECK (first_service_date > birth_date)
    )`);
    await q.query(`CREATE TABLE staffing.appointments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      teacher_id uuid NOT NULL REFERENCES staffing.teachers(id),
      school_id uuid NOT NULL REFERENCES staffing.schools(id),
      post_id uuid REFERENCES staffing.posts(id),
      kind text NOT NULL CHECK (kind IN ('regular', 'rotation', 'support', 'placement', 'walking')),
      role text NOT NULL CHECK (role IN ('teacher', 'principal', 'vice_principal', 'secretary', 'researcher')),
      workload_share numeric(4, 3) NOT NULL CHECK (workload_share > 0 AND workload_share <= 1),
      start_date date NOT NULL,
      end_date date CHECK (end_date >= start_date),
      move_id uuid,
      corrects_id uuid REFERENCES staffing.appointments(id),
      superseded_by uuid REFERENCES staffing.appointments(id) DEFERRABLE INITIALLY DEFERRED,
      reason text,
      end_reason text,
      arrival_confirmed_at timestamptz,
      arrival_confirmed_by text,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT regular_appointments_do_not_overlap EXCLUDE USING gist (
        teacher_id WITH =, daterange(start_date, end_date, '[]') WITH &&
      ) WHERE (kind = 'regular' AND superseded_by IS NULL)
    )`);
    // Full (not partial) indexes on the foreign keys, so deletes and key checks do not scan the table.
    await q.query(`CREATE INDEX appointments_teacher ON staffing.appointments (teacher_id, start_date)`);
    await q.query(`CREATE INDEX appointments_school ON staffing.appointments (school_id, start_date)`);
    await q.query(`CREATE INDEX appointments_post ON staffing.appointments (post_id, start_date)`);
    await q.query(`CREATE INDEX appointments_corrects ON staffing.appointments (corrects_id) WHERE corrects_id IS NOT NULL`);
    await q.query(`CREATE INDEX appointments_superseded_by ON staffing.appointments (superseded_by) WHERE superseded_by IS NOT NULL`);
    await q.query(`CREATE INDEX posts_school ON staffing.posts (school_id)`);
    await q.query(`CREATE TABLE staffing.moves (
      move_id uuid PRIMARY KEY,
      teacher_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('applied', 'rejected')),
      code text,
      reason text,
      appointment_id uuid REFERENCES staffing.appointments(id),
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX moves_appointment ON staffing.moves (appointment_id) WHERE appointment_id IS NOT NULL`);
    for (const sql of auditTableUp('staffing')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_log', 'moves', 'appointments', 'teachers', 'post_quotas', 'posts', 'subjects']) await q.query(`DROP TABLE staffing.${t}`);
    await q.query(`ALTER TABLE staffing.schools DROP CONSTRAINT schools_district_fk`);
    await q.query(`DROP TABLE staffing.districts`);
  }
}
