import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTableUp } from '@app/audit';

/**
 * The living subsidy (R9): read models of staffing's facts (schools with their dated facts, teachers,
 * appointments, establishment types, absences), the county schemes as dated versions, the monthly ledger
 * and payment batches. The database guards what must never happen: two accrual lines for one teacher,
 * month and school (a replayed month close writes nothing new), two accruals of one county's month, two
 * live batches for one county and period.
 */
export class SubsidiesLedger1765100000000 implements MigrationInterface {
  name = 'SubsidiesLedger1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subsidies.schools ADD COLUMN code text, ADD COLUMN type text`);
    // What a school was from a date: the first announcement counts from the beginning, a change from its day.
    await q.query(`CREATE TABLE subsidies.school_facts (
      school_id uuid NOT NULL REFERENCES subsidies.schools(school_id),
      effective_from date NOT NULL,
      remote_tier smallint NOT NULL,
      rural boolean NOT NULL,
      type text,
      PRIMARY KEY (school_id, effective_from)
    )`);
    await q.query(`INSERT INTO subsidies.school_facts (school_id, effective_from, remote_tier, rural, type)
      SELECT school_id, DATE '1900-01-01', remote_tier, rural, type FROM subsidies.schools`);
    await q.query(`CREATE TABLE subsidies.teachers (
      teacher_id uuid PRIMARY KEY,
      county_code text NOT NULL,
      staff_no text,
      name text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE subsidies.appointments (
      appointment_id uuid PRIMARY KEY,
      teacher_id uuid NOT NULL,
      school_id uuid NOT NULL,
      county_code text NOT NULL,
      kind text NOT NULL,
      workload_share numeric(4, 3) NOT NULL,
      start_date date NOT NULL,
      end_date date,
      superseded boolean NOT NULL DEFAULT false
    )`);
    await q.query(`CREATE INDEX appointments_teacher ON subsidies.appointments (teacher_id)`);
    await q.query(`CREATE INDEX appointments_county ON subsidies.appointments (county_code, start_date) WHERE NOT superseded`);
    await q.query(`CREATE TABLE subsidies.establishments (
      entry_id uuid PRIMARY KEY,
      teacher_id uuid NOT NULL,
      county_code text NOT NULL,
      type text NOT NULL,
      effective_from date NOT NULL,
      superseded boolean NOT NULL DEFAULT false
    )`);
    await q.query(`CREATE INDEX establishments_teacher ON subsidies.establishments (teacher_id)`);
    await q.query(`CREATE INDEX establishments_county ON subsidies.establishments (county_code) WHERE NOT superseded`);
    await q.query(`CREATE TABLE subsidies.absences (
      absence_id uuid PRIMARY KEY,
      teacher_id uuid NOT NULL,
      county_code text NOT NULL,
      kind text NOT NULL,
      start_date date NOT NULL,
      end_date date,
      status text NOT NULL
    )`);
    await q.query(`CREATE INDEX absences_teacher ON subsidies.absences (teacher_id)`);
    await q.query(`CREATE INDEX absences_county ON subsidies.absences (county_code, start_date) WHERE status = 'active'`);

    await q.query(`CREATE TABLE subsidies.scheme_versions (
      county_code text NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      effective_from date NOT NULL,
      source text NOT NULL,
      rules jsonb NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, version)
    )`);
    await q.query(`CREATE TABLE subsidies.accruals (
      county_code text NOT NULL,
      month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      teachers integer NOT NULL,
      paid_teachers integer NOT NULL,
      lines integer NOT NULL,
      total_fen bigint NOT NULL,
      scheme_versions integer[] NOT NULL,
      exceptions integer NOT NULL,
      trigger text NOT NULL,
      accrued_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (county_code, month)
    )`);
    await q.query(`CREATE TABLE subsidies.batches (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      county_code text NOT NULL,
      period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      status text NOT NULL CHECK (status IN ('draft', 'published', 'approved', 'exported', 'paid', 'withdrawn')),
      version integer NOT NULL DEFAULT 1,
      lines integer NOT NULL,
      teachers integer NOT NULL,
      total_fen bigint NOT NULL,
      drafted_by text NOT NULL,
      drafted_at timestamptz NOT NULL DEFAULT now(),
      published_by text, published_at timestamptz,
      approved_by text, approved_at timestamptz,
      exported_by text, exported_at timestamptz,
      paid_by text, paid_at timestamptz,
      payroll_reference text,
      withdrawn_by text, withdrawn_at timestamptz,
      note text,
      CONSTRAINT approver_is_not_drafter CHECK (approved_by IS NULL OR approved_by <> drafted_by)
    )`);
    await q.query(`CREATE UNIQUE INDEX batches_one_per_county_period ON subsidies.batches (county_code, period) WHERE status <> 'withdrawn'`);
    await q.query(`CREATE TABLE subsidies.ledger_lines (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      county_code text NOT NULL,
      teacher_id uuid NOT NULL,
      month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      school_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('accrual', 'adjustment')),
      revision integer NOT NULL,
      amount_fen integer NOT NULL,
      before_fen integer,
      after_fen integer,
      tier smallint NOT NULL,
      band text NOT NULL,
      rate_fen integer NOT NULL,
      share_milli integer NOT NULL,
      days_counted smallint NOT NULL,
      trace jsonb,
      cause text,
      batch_id uuid REFERENCES subsidies.batches(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT accrual_is_revision_zero CHECK ((kind = 'accrual') = (revision = 0)),
      -- one accrual line (revision 0) per teacher × month × school; adjustments follow as revisions 1, 2, …
      CONSTRAINT one_line_per_teacher_month_school UNIQUE (teacher_id, month, school_id, revision)
    )`);
    await q.query(`CREATE INDEX ledger_lines_county_month ON subsidies.ledger_lines (county_code, month)`);
    await q.query(`CREATE INDEX ledger_lines_batch ON subsidies.ledger_lines (batch_id) WHERE batch_id IS NOT NULL`);
    await q.query(`CREATE INDEX ledger_lines_unpaid ON subsidies.ledger_lines (county_code, month) WHERE batch_id IS NULL AND amount_fen <> 0`);
    for (const sql of auditTableUp('subsidies')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_log', 'ledger_lines', 'batches', 'accruals', 'scheme_versions', 'absences', 'establishments', 'appointments', 'teachers', 'school_facts']) {
      await q.query(`DROP TABLE subsidies.${t}`);
    }
    await q.query(`ALTER TABLE subsidies.schools DROP COLUMN code, DROP COLUMN type`);
  }
}
