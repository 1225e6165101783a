import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R10: which urban public kindergartens are quality ones (dated designations) and their pairings with
 * village kindergartens (dated, ended rather than deleted, optimistic version).
 */
export class StaffingKindergartens1764800000000 implements MigrationInterface {
  name = 'StaffingKindergartens1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE staffing.kindergarten_designations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES staffing.schools(id),
      from_date date NOT NULL,
      until_date date CHECK (until_date IS NULL OR until_date >= from_date),
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX kindergarten_designations_school ON staffing.kindergarten_designations (school_id, from_date)`);
    await q.query(`CREATE TABLE staffing.kindergarten_pairings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      urban_school_id uuid NOT NULL REFERENCES staffing.schools(id),
      village_school_id uuid NOT NULL REFERENCES staffing.schools(id),
      county_code text NOT NULL REFERENCES staffing.counties(code),
      from_date date NOT NULL,
      until_date date CHECK (until_date IS NULL OR until_date >= from_date),
      end_reason text,
      version integer NOT NULL DEFAULT 1,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (urban_school_id <> village_school_id)
    )`);
    await q.query(`CREATE INDEX kindergarten_pairings_county ON staffing.kindergarten_pairings (county_code, urban_school_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staffing.kindergarten_pairings`);
    await q.query(`DROP TABLE staffing.kindergarten_designations`);
  }
}
