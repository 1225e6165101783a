import type { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '@app/messaging';

export class SchedulerInit1764400000000 implements MigrationInterface {
  name = 'SchedulerInit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesUp('scheduler')) await q.query(sql);
    await q.query(`CREATE TABLE scheduler.schools (
      school_id uuid PRIMARY KEY,
      county_code text NOT NULL,
      type text NOT NULL,
      placement_origin boolean NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scheduler.schools`);
    for (const sql of messagingTablesDown('scheduler')) await q.query(sql);
  }
}
