import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #13: staffing applies an amended plan (rotation.PlanAmended) as one change.
 * - `moves.prior_ends`: the ends an applied move set, as they were before it (what undoing it restores);
 *   moves applied before this migration take theirs from the audit row of their application;
 * - `moves.amendment_id`: the amendment that added the move; `cancelled_by`, `cancellation`
 *   (undone | refused | not_applied | skipped), `cancellation_reason`, `cancelled_at`: what staffing did
 *   with a move an amendment cancelled; status 'cancelled': cancelled before the plan was applied;
 * - `appointments.withdrawn_at`: an appointment withdrawn before it started (its move cancelled) is
 *   superseded by no record: superseded_by points to itself, so every query of the records in force leaves it out;
 * - `applied_amendments`: an amendment applied once (a redelivery changes nothing).
 */
export class StaffingAmendments1766000000000 implements MigrationInterface {
  name = 'StaffingAmendments1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staffing.moves ADD COLUMN prior_ends jsonb, ADD COLUMN amendment_id uuid, ADD COLUMN cancelled_by uuid,
      ADD COLUMN cancellation text CHECK (cancellation IN ('undone', 'refused', 'not_applied', 'skipped')), ADD COLUMN cancellation_reason text, ADD COLUMN cancelled_at timestamptz`);
    await q.query(`ALTER TABLE staffing.moves DROP CONSTRAINT moves_status_check`);
    await q.query(`ALTER TABLE staffing.moves ADD CONSTRAINT moves_status_check CHECK (status IN ('applied', 'rejected', 'cancelled'))`);
    await q.query(`ALTER TABLE staffing.appointments ADD COLUMN withdrawn_at timestamptz`);
    await q.query(`ALTER TABLE staffing.appointments ADD CONSTRAINT appointments_withdrawn CHECK (withdrawn_at IS NULL OR superseded_by = id)`);
    await q.query(`CREATE TABLE staffing.applied_amendments (
      amendment_id uuid PRIMARY KEY,
      plan_id uuid NOT NULL,
      county_code text,
      cancelled integer NOT NULL,
      undone integer NOT NULL,
      refused integer NOT NULL,
      applied integer NOT NULL,
      rejected integer NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staffing.applied_amendments`);
    await q.query(`ALTER TABLE staffing.appointments DROP CONSTRAINT appointments_withdrawn, DROP COLUMN withdrawn_at`);
    await q.query(`ALTER TABLE staffing.moves DROP CONSTRAINT moves_status_check`);
    await q.query(`ALTER TABLE staffing.moves ADD CONSTRAINT moves_status_check CHECK (status IN ('applied', 'rejected'))`);
    await q.query(`ALTER TABLE staffing.moves DROP COLUMN prior_ends, DROP COLUMN amendment_id, DROP COLUMN cancelled_by, DROP COLUMN cancellation, DROP COLUMN cancellation_reason, DROP COLUMN cancelled_at`);
  }
}
