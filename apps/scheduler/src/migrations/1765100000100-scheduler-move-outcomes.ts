import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTableUp } from '@app/audit';

/** Moves staffing refused (staffing.MoveRejected): R1 counts only the moves staffing applied; the audit trail of officers' writes. */
export class SchedulerMoveOutcomes1765100000100 implements MigrationInterface {
  name = 'SchedulerMoveOutcomes1765100000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE scheduler.move_rejections (
      move_id uuid PRIMARY KEY,
      teacher_id uuid NOT NULL,
      code text NOT NULL,
      reason text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX appointments_move ON scheduler.appointments (move_id) WHERE move_id IS NOT NULL`);
    for (const sql of auditTableUp('scheduler')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scheduler.audit_log`);
    await q.query(`DROP INDEX scheduler.appointments_move`);
    await q.query(`DROP TABLE scheduler.move_rejections`);
  }
}
