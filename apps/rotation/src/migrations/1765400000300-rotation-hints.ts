import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Achievable-school hints (issue #13): the runs of the what-if computation (nightly or on demand), and the
 * latest run's hints per cycle × teacher (hint_teachers) and cycle × teacher × school (hints), replaced
 * whole by each run in one transaction (which deletes both; no foreign key from hints, so writing a county's
 * ~40,000 rows checks nothing per row).
 */
export class RotationHints1765400000300 implements MigrationInterface {
  name = 'RotationHints1765400000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rotation.hint_runs (
      id uuid PRIMARY KEY,
      cycle_id uuid NOT NULL REFERENCES rotation.cycles(id),
      trigger text NOT NULL CHECK (trigger IN ('nightly', 'manual')),
      requested_by text NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'refused', 'skipped', 'superseded')),
      computed_at timestamptz,
      stats jsonb,
      error jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz
    )`);
    await q.query(`CREATE INDEX hint_runs_cycle ON rotation.hint_runs (cycle_id, created_at DESC)`);
    await q.query(`CREATE TABLE rotation.hint_teachers (
      cycle_id uuid NOT NULL REFERENCES rotation.cycles(id),
      teacher_id uuid NOT NULL,
      run_id uuid NOT NULL REFERENCES rotation.hint_runs(id),
      kind text NOT NULL CHECK (kind IN ('mandatory_r2', 'mandatory_r3', 'volunteer', 'eligible', 'not_eligible', 'exempt')),
      placed_school_id uuid,
      placed_rank smallint,
      PRIMARY KEY (cycle_id, teacher_id)
    )`);
    await q.query(`CREATE TABLE rotation.hints (
      cycle_id uuid NOT NULL,
      teacher_id uuid NOT NULL,
      school_id uuid NOT NULL,
      position smallint NOT NULL,
      level text NOT NULL CHECK (level IN ('likely', 'possible', 'unlikely')),
      reason text NOT NULL,
      listed_rank smallint,
      suggested boolean NOT NULL,
      facts jsonb NOT NULL,
      PRIMARY KEY (cycle_id, teacher_id, school_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rotation.hints`);
    await q.query(`DROP TABLE rotation.hint_teachers`);
    await q.query(`DROP TABLE rotation.hint_runs`);
  }
}
