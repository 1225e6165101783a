import type { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '@app/messaging';

export class SubsidiesInit1764400000000 implements MigrationInterface {
  name = 'SubsidiesInit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesUp('subsidies')) await q.query(sql);
    // Read model fed by staffing.schools events.
    await q.query(`CREATE TABLE subsidies.schools (
      school_id uuid PRIMARY KEY,
      county_code text NOT NULL,
      name text NOT NULL,
      remote_tier smallint NOT NULL,
      rural boolean NOT NULL,
      eligible boolean NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE subsidies.schools`);
    for (const sql of messagingTablesDown('subsidies')) await q.query(sql);
  }
}
