import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An approved plan is applied whole (issue #9): its moves (rotation.MoveApproved.v2) are gathered here
 * until the plan's last one arrives, then applied in one transaction; `applied_plans` says a plan is done,
 * so a redelivered or replayed plan changes nothing. Each move's outcome stays in `moves`, now with its plan.
 */
export class StaffingPlans1765200000000 implements MigrationInterface {
  name = 'StaffingPlans1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staffing.moves ADD COLUMN plan_id uuid`);
    await q.query(`CREATE INDEX moves_plan ON staffing.moves (plan_id) WHERE plan_id IS NOT NULL`);
    await q.query(`CREATE TABLE staffing.plan_moves (
      plan_id uuid NOT NULL,
      move_id uuid NOT NULL,
      plan_moves integer NOT NULL,
      effective_date date NOT NULL,
      payload jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (plan_id, move_id)
    )`);
    await q.query(`CREATE TABLE staffing.applied_plans (
      plan_id uuid PRIMARY KEY,
      county_code text,
      moves integer NOT NULL,
      applied integer NOT NULL,
      rejected integer NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staffing.applied_plans`);
    await q.query(`DROP TABLE staffing.plan_moves`);
    await q.query(`ALTER TABLE staffing.moves DROP COLUMN plan_id`);
  }
}
