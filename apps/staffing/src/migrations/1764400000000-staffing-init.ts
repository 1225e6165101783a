import type { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '@app/messaging';

export class StaffingInit1764400000000 implements MigrationInterface {
  name = 'StaffingInit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesUp('staffing')) await q.query(sql);
    await q.query(`CREATE TABLE staffing.counties (
      code text PRIMARY KEY CHECK (code ~ '^[a-z]+$'),
      name_zh text NOT NULL,
      name_en text NOT NULL,
      western boolean NOT NULL DEFAULT false
    )`);
    await q.query(`CREATE TABLE staffing.schools (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      county_code text NOT NULL REFERENCES staffing.counties(code),
      code text NOT NULL,
      name text NOT NULL,
      type text NOT NULL,
      district_code text,
      weak boolean NOT NULL DEFAULT false,
      small_scale boolean NOT NULL DEFAULT false,
      rural boolean NOT NULL DEFAULT false,
      remote_tier smallint NOT NULL DEFAULT 0 CHECK (remote_tier BETWEEN 0 AND 3),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (county_code, code)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staffing.schools`);
    await q.query(`DROP TABLE staffing.counties`);
    for (const sql of messagingTablesDown('staffing')) await q.query(sql);
  }
}
