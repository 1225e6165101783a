import type { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '@app/messaging';

export class RotationInit1764400000000 implements MigrationInterface {
  name = 'RotationInit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesUp('rotation')) await q.query(sql);
    await q.query(`CREATE TABLE rotation.schools (
      school_id uuid PRIMARY KEY,
      county_code text NOT NULL,
      type text NOT NULL,
      district_code text,
      weak boolean NOT NULL,
      rural boolean NOT NULL,
      flow_target boolean NOT NULL,
      accepts_placement boolean NOT NULL
    )`);
    await q.query(`CREATE INDEX schools_county ON rotation.schools (county_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rotation.schools`);
    for (const sql of messagingTablesDown('rotation')) await q.query(sql);
  }
}
