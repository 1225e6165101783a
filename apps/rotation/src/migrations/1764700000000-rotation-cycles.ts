import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTableUp } from '@app/audit';

/** Cycles and preferences, the read model of teachers' current appointments and obligations, audit trail. */
export class RotationCycles1764700000000 implements MigrationInterface {
  name = 'RotationCycles1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rotation.cycles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      county_code text NOT NULL,
      school_year integer NOT NULL CHECK (school_year BETWEEN 2000 AND 2100),
      state text NOT NULL CHECK (state IN ('draft', 'collecting', 'planning', 'proposed', 'approved', 'executed')),
      preference_deadline date,
      effective_date date NOT NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (county_code, school_year)
    )`);
    await q.query(`ALTER TABLE rotation.schools ADD COLUMN name text`);
    await q.query(`CREATE TABLE rotation.preferences (
      cycle_id uuid NOT NULL REFERENCES rotation.cycles(id),
      teacher_id uuid NOT NULL,
      school_ids uuid[] NOT NULL,
      submitted_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (cycle_id, teacher_id)
    )`);
    await q.query(`CREATE TABLE rotation.teachers (
      teacher_id uuid PRIMARY KEY,
      county_code text NOT NULL,
      name text NOT NULL,
      birth_date date NOT NULL,
      gender text NOT NULL,
      subjects text[] NOT NULL,
      backbone_level text NOT NULL,
      category text NOT NULL
    )`);
    await q.query(`CREATE TABLE rotation.appointments (
      appointment_id uuid PRIMARY KEY,
      teacher_id uuid NOT NULL,
      school_id uuid NOT NULL,
      kind text NOT NULL,
      role text NOT NULL,
      subject text,
      start_date date NOT NULL,
      end_date date,
      superseded boolean NOT NULL DEFAULT false
    )`);
    await q.query(`CREATE INDEX appointments_teacher ON rotation.appointments (teacher_id)`);
    // Approved headcounts per post and school year (staffing.PostQuotaSet): the planner's capacities.
    await q.query(`CREATE TABLE rotation.post_quotas (
      post_id uuid NOT NULL,
      school_year integer NOT NULL,
      school_id uuid NOT NULL,
      county_code text NOT NULL,
      subject_code text,
      category text NOT NULL,
      approved_headcount integer NOT NULL,
      PRIMARY KEY (post_id, school_year)
    )`);
    await q.query(`CREATE INDEX post_quotas_county ON rotation.post_quotas (county_code, school_year)`);
    await q.query(`CREATE TABLE rotation.obligations (
      obligation_id uuid PRIMARY KEY,
      rule text NOT NULL,
      teacher_id uuid NOT NULL,
      county_code text NOT NULL,
      severity text NOT NULL,
      due_by date NOT NULL,
      open boolean NOT NULL
    )`);
    await q.query(`CREATE INDEX obligations_teacher ON rotation.obligations (teacher_id) WHERE open`);
    // A teacher's request to correct the facts behind their points, before planning starts.
    await q.query(`CREATE TABLE rotation.point_corrections (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cycle_id uuid NOT NULL REFERENCES rotation.cycles(id),
      teacher_id uuid NOT NULL,
      message text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Plans computed for a cycle; the proposed one is approved as a whole.
    await q.query(`CREATE TABLE rotation.plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cycle_id uuid NOT NULL REFERENCES rotation.cycles(id),
      number integer NOT NULL,
      method text NOT NULL,
      status text NOT NULL,
      objective double precision NOT NULL,
      moves jsonb NOT NULL,
      metrics jsonb NOT NULL,
      infeasibilities jsonb NOT NULL,
      pins jsonb NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (cycle_id, number)
    )`);
    await q.query(`ALTER TABLE rotation.cycles ADD COLUMN proposed_plan_id uuid REFERENCES rotation.plans(id)`);
    // HR-recorded exemptions (scheduler.ExemptionRecorded): health, maternity… with their dates.
    await q.query(`CREATE TABLE rotation.exemptions (
      exemption_id uuid PRIMARY KEY,
      teacher_id uuid NOT NULL,
      reason text NOT NULL,
      from_date date NOT NULL,
      until_date date NOT NULL
    )`);
    await q.query(`CREATE INDEX exemptions_teacher ON rotation.exemptions (teacher_id)`);
    // HR's pins for a cycle: every re-solve honours them until they are changed.
    await q.query(`CREATE TABLE rotation.pins (
      cycle_id uuid NOT NULL REFERENCES rotation.cycles(id),
      teacher_id uuid NOT NULL,
      school_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('force', 'forbid')),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (cycle_id, teacher_id, school_id)
    )`);
    // staffing.MoveRejected: approved moves staffing could not apply, shown on the plan.
    await q.query(`CREATE TABLE rotation.move_rejections (
      move_id uuid PRIMARY KEY,
      teacher_id uuid NOT NULL,
      code text NOT NULL,
      reason text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    for (const sql of auditTableUp('rotation')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rotation.cycles DROP COLUMN proposed_plan_id`);
    await q.query(`ALTER TABLE rotation.schools DROP COLUMN name`);
    for (const t of ['audit_log', 'exemptions', 'pins', 'move_rejections', 'plans', 'point_corrections', 'obligations', 'post_quotas', 'appointments', 'teachers', 'preferences', 'cycles']) await q.query(`DROP TABLE rotation.${t}`);
  }
}
