import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #9: the planner knows each teacher's current appointments with their shares and posts (a move says
 * which of them end), and which approved moves staffing applied (its appointment carries the move id).
 * Rows read before this migration get the values when the topics are replayed (the upsert fills them).
 */
export class RotationAppointmentShares1765200000100 implements MigrationInterface {
  name = 'RotationAppointmentShares1765200000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rotation.appointments ADD COLUMN workload_share numeric(4,3), ADD COLUMN post_id uuid, ADD COLUMN move_id uuid`);
    await q.query(`CREATE INDEX appointments_move ON rotation.appointments (move_id) WHERE move_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rotation.appointments DROP COLUMN workload_share, DROP COLUMN post_id, DROP COLUMN move_id`);
  }
}
