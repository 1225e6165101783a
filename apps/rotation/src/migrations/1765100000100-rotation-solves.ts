import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Solve requests run in worker threads (their status, progress and result), and teachers' staff numbers. */
export class RotationSolves1765100000100 implements MigrationInterface {
  name = 'RotationSolves1765100000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rotation.solves (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cycle_id uuid NOT NULL REFERENCES rotation.cycles(id),
      what_if jsonb,
      pins jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
      progress jsonb,
      result jsonb,
      error jsonb,
      plan_id uuid REFERENCES rotation.plans(id),
      requested_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`);
    await q.query(`CREATE INDEX solves_cycle ON rotation.solves (cycle_id, created_at DESC)`);
    await q.query(`ALTER TABLE rotation.teachers ADD COLUMN staff_no text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rotation.teachers DROP COLUMN staff_no`);
    await q.query(`DROP TABLE rotation.solves`);
  }
}
