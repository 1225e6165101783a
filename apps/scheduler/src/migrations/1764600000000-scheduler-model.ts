import type { MigrationInterface, QueryRunner } from 'typeorm';
import { JIANGMEN_COUNTY_CODES } from '../calendar/domain/calendar';

/**
 * The scheduler's own copy of teachers, appointments and approved moves (built from events, never read
 * from another service), its term calendar, exemptions, obligations and job runs.
 */
export class SchedulerModel1764600000000 implements MigrationInterface {
  name = 'SchedulerModel1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE scheduler.teachers (
      teacher_id uuid PRIMARY KEY,
      county_code text NOT NULL,
      gender text NOT NULL,
      birth_date date NOT NULL,
      first_service_date date NOT NULL,
      category text NOT NULL,
      backbone_level text NOT NULL
    )`);
    await q.query(`CREATE INDEX teachers_county ON scheduler.teachers (county_code)`);
    await q.query(`CREATE TABLE scheduler.appointments (
      appointment_id uuid PRIMARY KEY,
      teacher_id uuid NOT NULL,
      school_id uuid NOT NULL,
      county_code text NOT NULL,
      kind text NOT NULL,
      role text NOT NULL,
      workload_share numeric(4, 3) NOT NULL,
      start_date date NOT NULL,
      end_date date,
      move_id uuid,
      superseded boolean NOT NULL DEFAULT false
    )`);
    await q.query(`CREATE INDEX appointments_teacher ON scheduler.appointments (teacher_id)`);
    await q.query(`CREATE INDEX appointments_county ON scheduler.appointments (county_code) WHERE NOT superseded`);
    await q.query(`CREATE TABLE scheduler.moves (
      move_id uuid PRIMARY KEY,
      teacher_id uuid NOT NULL,
      from_school_id uuid,
      to_school_id uuid NOT NULL,
      kind text NOT NULL,
      effective_date date NOT NULL,
      end_date date
    )`);
    await q.query(`CREATE INDEX moves_effective ON scheduler.moves (effective_date)`);
    // Term calendar per county and school year (named by the year it starts); editable data.
    await q.query(`CREATE TABLE scheduler.terms (
      county_code text NOT NULL,
      school_year integer NOT NULL,
      term text NOT NULL CHECK (term IN ('autumn', 'spring')),
      ends_on date NOT NULL,
      PRIMARY KEY (county_code, school_year, term)
    )`);
    for (const county of JIANGMEN_COUNTY_CODES) {
      for (let year = 2023; year <= 2030; year++) {
        // Defaults: the autumn term ends in late January, the spring term in mid-July.
        await q.query(`INSERT INTO scheduler.terms (county_code, school_year, term, ends_on) VALUES ($1, $2, 'autumn', $3), ($1, $2, 'spring', $4)`, [
          county,
          year,
          `${year + 1}-01-24`,
          `${year + 1}-07-10`,
        ]);
      }
    }
    await q.query(`CREATE TABLE scheduler.exemptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      teacher_id uuid NOT NULL,
      county_code text NOT NULL,
      reason text NOT NULL,
      from_date date NOT NULL,
      until_date date NOT NULL CHECK (until_date >= from_date),
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX exemptions_teacher ON scheduler.exemptions (teacher_id)`);
    await q.query(`CREATE TABLE scheduler.obligations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      rule text NOT NULL CHECK (rule IN ('R2', 'R3')),
      teacher_id uuid NOT NULL,
      county_code text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('warning', 'due', 'overdue')),
      due_by date NOT NULL,
      facts jsonb NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
      raised_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      resolution text
    )`);
    await q.query(`CREATE UNIQUE INDEX obligations_open ON scheduler.obligations (rule, teacher_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX obligations_county ON scheduler.obligations (county_code, rule, severity) WHERE status = 'open'`);
    // Job runs as operators see them; ids are deterministic (job:county:asOf), so a rerun is the same run.
    await q.query(`CREATE TABLE scheduler.runs (
      id text PRIMARY KEY,
      job text NOT NULL,
      county_code text,
      as_of date NOT NULL,
      dry_run boolean NOT NULL DEFAULT false,
      status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
      attempts integer NOT NULL DEFAULT 1,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      summary jsonb,
      error text
    )`);
    await q.query(`CREATE INDEX runs_started ON scheduler.runs (started_at DESC)`);
    // Periods already closed per county, so TermClosed, MonthClosed and QuotaShortfall go out once.
    await q.query(`CREATE TABLE scheduler.closings (
      kind text NOT NULL,
      county_code text NOT NULL,
      period text NOT NULL,
      closed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, county_code, period)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['closings', 'runs', 'obligations', 'exemptions', 'terms', 'moves', 'appointments', 'teachers']) await q.query(`DROP TABLE scheduler.${t}`);
  }
}
