import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the living subsidy (R9) also needs staffing to know: each teacher's establishment type with its
 * dated history (在编, 特岗, contract, substitute) and absences (leave, secondment out, suspension, study).
 * The database guards: one current entry per teacher and date; active absences of a teacher never overlap.
 */
export class StaffingEstablishmentAbsences1765100000000 implements MigrationInterface {
  name = 'StaffingEstablishmentAbsences1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staffing.teachers ADD COLUMN establishment_version integer NOT NULL DEFAULT 1`);
    await q.query(`CREATE TABLE staffing.establishment_entries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      teacher_id uuid NOT NULL REFERENCES staffing.teachers(id),
      type text NOT NULL CHECK (type IN ('on_establishment', 'special_post', 'contract', 'substitute')),
      effective_from date NOT NULL,
      reason text NOT NULL,
      superseded_by uuid REFERENCES staffing.establishment_entries(id) DEFERRABLE INITIALLY DEFERRED,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX establishment_entries_one_per_date ON staffing.establishment_entries (teacher_id, effective_from) WHERE superseded_by IS NULL`);
    await q.query(`CREATE INDEX establishment_entries_teacher ON staffing.establishment_entries (teacher_id, effective_from)`);
    await q.query(`CREATE INDEX establishment_entries_superseded_by ON staffing.establishment_entries (superseded_by) WHERE superseded_by IS NOT NULL`);
    await q.query(`CREATE TABLE staffing.absences (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      teacher_id uuid NOT NULL REFERENCES staffing.teachers(id),
      kind text NOT NULL CHECK (kind IN ('paid_leave', 'unpaid_leave', 'secondment_out', 'suspension', 'study_leave')),
      start_date date NOT NULL,
      end_date date CHECK (end_date >= start_date),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
      reason text NOT NULL,
      version integer NOT NULL DEFAULT 1,
      recorded_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT active_absences_do_not_overlap EXCLUDE USING gist (
        teacher_id WITH =, daterange(start_date, end_date, '[]') WITH &&
      ) WHERE (status = 'active')
    )`);
    await q.query(`CREATE INDEX absences_teacher ON staffing.absences (teacher_id, start_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staffing.absences`);
    await q.query(`DROP TABLE staffing.establishment_entries`);
    await q.query(`ALTER TABLE staffing.teachers DROP COLUMN establishment_version`);
  }
}
