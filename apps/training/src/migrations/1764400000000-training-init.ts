import type { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '@app/messaging';

export class TrainingInit1764400000000 implements MigrationInterface {
  name = 'TrainingInit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesUp('training')) await q.query(sql);
    await q.query(`CREATE TABLE training.schools (
      school_id uuid PRIMARY KEY,
      county_code text NOT NULL,
      district_code text,
      rules text[] NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE training.schools`);
    for (const sql of messagingTablesDown('training')) await q.query(sql);
  }
}
