import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue #13: a move an amended plan cancelled (rotation.PlanAmended) no longer counts for R1 once staffing undid it. */
export class SchedulerCancelledMoves1766000000200 implements MigrationInterface {
  name = 'SchedulerCancelledMoves1766000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scheduler.moves ADD COLUMN cancelled boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scheduler.moves DROP COLUMN cancelled`);
  }
}
