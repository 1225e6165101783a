import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #13: appeals of approved moves and the amendments that answer them.
 * - `approved_plans`: when a cycle's plan was approved (the day its teachers were told: the appeal period
 *   counts from it) and by whom;
 * - `approved_moves`: every move announced to staffing — the plan's own and those an approved amendment added
 *   — with the day its teacher was told, what was announced, the ends it changed as they were before (so an
 *   amendment can re-solve on the county as it stood before the plan), and the amendment that cancelled it;
 * - `appeals` (one open appeal per move) and their `appeal_attachments` (the files themselves, size-capped);
 * - `amendments`: an appeal's re-solve, its result and its approval;
 * - `calendar_years`: the holiday calendar the city administrator entered (each change a new version);
 * - `appointments.withdrawn`: staffing withdrew the appointment (its move was cancelled before it took effect);
 *   `appointments.corrects_id`: the record a correction superseded (staffing restores a cancelled move's ends so).
 */
export class RotationAppeals1766000000100 implements MigrationInterface {
  name = 'RotationAppeals1766000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rotation.approved_plans (
      plan_id uuid PRIMARY KEY REFERENCES rotation.plans(id),
      cycle_id uuid NOT NULL UNIQUE REFERENCES rotation.cycles(id),
      county_code text NOT NULL,
      approved_at timestamptz NOT NULL,
      approved_on date NOT NULL,
      approved_by text NOT NULL
    )`);
    await q.query(`CREATE TABLE rotation.approved_moves (
      move_id uuid PRIMARY KEY,
      plan_id uuid NOT NULL REFERENCES rotation.approved_plans(plan_id),
      teacher_id uuid NOT NULL,
      amendment_id uuid,
      told_on date NOT NULL,
      planned jsonb NOT NULL,
      announced jsonb NOT NULL,
      prior_ends jsonb NOT NULL DEFAULT '[]'::jsonb,
      cancelled_by uuid,
      cancelled_at timestamptz
    )`);
    await q.query(`CREATE INDEX approved_moves_plan ON rotation.approved_moves (plan_id)`);
    await q.query(`CREATE UNIQUE INDEX approved_moves_current ON rotation.approved_moves (plan_id, teacher_id) WHERE cancelled_by IS NULL`);
    await q.query(`CREATE TABLE rotation.appeals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cycle_id uuid NOT NULL REFERENCES rotation.cycles(id),
      plan_id uuid NOT NULL REFERENCES rotation.approved_plans(plan_id),
      move_id uuid NOT NULL REFERENCES rotation.approved_moves(move_id),
      teacher_id uuid NOT NULL,
      county_code text NOT NULL,
      reasons text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'upheld', 'amended')),
      filed_at timestamptz NOT NULL,
      filed_on date NOT NULL,
      appeal_deadline date NOT NULL,
      decide_by date NOT NULL,
      decided_at timestamptz,
      decided_by text,
      decision_reason text,
      amendment_id uuid,
      version integer NOT NULL DEFAULT 1
    )`);
    await q.query(`CREATE UNIQUE INDEX appeals_one_open_per_move ON rotation.appeals (move_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX appeals_county ON rotation.appeals (county_code, filed_at DESC)`);
    await q.query(`CREATE INDEX appeals_teacher ON rotation.appeals (teacher_id)`);
    await q.query(`CREATE TABLE rotation.appeal_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      appeal_id uuid NOT NULL REFERENCES rotation.appeals(id),
      filename text NOT NULL,
      content_type text NOT NULL,
      size integer NOT NULL CHECK (size > 0 AND size <= 5242880),
      sha256 text NOT NULL,
      content bytea NOT NULL,
      uploaded_by text NOT NULL,
      uploaded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX appeal_attachments_appeal ON rotation.appeal_attachments (appeal_id)`);
    await q.query(`CREATE TABLE rotation.amendments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cycle_id uuid NOT NULL REFERENCES rotation.cycles(id),
      plan_id uuid NOT NULL REFERENCES rotation.approved_plans(plan_id),
      appeal_id uuid REFERENCES rotation.appeals(id),
      number integer NOT NULL,
      solve_id uuid REFERENCES rotation.solves(id),
      action jsonb NOT NULL,
      baseline_version integer NOT NULL,
      status text NOT NULL CHECK (status IN ('solving', 'ready', 'infeasible', 'failed', 'approved')),
      result jsonb,
      error jsonb,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      approved_by text,
      approved_at timestamptz,
      approved_on date,
      reason text,
      UNIQUE (plan_id, number)
    )`);
    await q.query(`CREATE INDEX amendments_appeal ON rotation.amendments (appeal_id)`);
    await q.query(`CREATE TABLE rotation.calendar_years (
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      version integer NOT NULL CHECK (version >= 1),
      status text NOT NULL CHECK (status IN ('published', 'assumption')),
      source text NOT NULL,
      holidays jsonb NOT NULL,
      workdays jsonb NOT NULL,
      entered_by text NOT NULL,
      entered_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (year, version)
    )`);
    await q.query(`ALTER TABLE rotation.appointments ADD COLUMN withdrawn boolean NOT NULL DEFAULT false, ADD COLUMN corrects_id uuid`);
    await q.query(`CREATE INDEX appointments_corrects ON rotation.appointments (corrects_id) WHERE corrects_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rotation.appointments DROP COLUMN withdrawn, DROP COLUMN corrects_id`);
    for (const t of ['calendar_years', 'amendments', 'appeal_attachments', 'appeals', 'approved_moves', 'approved_plans']) await q.query(`DROP TABLE rotation.${t}`);
  }
}
