import type { DataSource } from 'typeorm';
import { EXAMPLE_SCHEME_FROM, EXAMPLE_SCHEME_RULES } from '../../apps/subsidies/src/scheme/domain/scheme';
import { JIANGMEN_COUNTIES } from '../../seeds/counties';
import { shanghaiToday } from './staffing-fixture';

/** The seven counties in staffing's table (only two are there unless a test adds them). */
export async function ensureAllCounties(ds: DataSource): Promise<void> {
  for (const c of JIANGMEN_COUNTIES) {
    await ds.query(`INSERT INTO staffing.counties (code, name_zh, name_en, western) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [c.code, c.nameZh, c.nameEn, c.western]);
  }
}

/** 'YYYY-MM', `back` months before the current month in Asia/Shanghai (1 = last month, always over). */
export function monthsAgo(back: number, today = shanghaiToday()): string {
  const t = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - back;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

export function daysIn(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The body that publishes the example scheme as a county's first version. */
export const exampleSchemeBody = (basedOnVersion = 0, effectiveFrom = EXAMPLE_SCHEME_FROM, rules = EXAMPLE_SCHEME_RULES) => ({
  basedOnVersion,
  effectiveFrom,
  source: '测试用示例方案 example scheme for the tests',
  rules,
});

/** Half-up rounding of a / b for the amounts the tests expect. */
export const halfUp = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b));

export interface ReadModelTeacher {
  teacherId: string;
  staffNo: string;
  name: string;
  /** appointed (full time) at the school from this date, on the establishment from the same date */
  from: string;
}

/**
 * Puts a school and its teachers straight into the subsidies read model (as if staffing's events had been
 * consumed), for tests of the subsidies API that need no Kafka.
 */
export async function seedReadModel(ds: DataSource, countyCode: string, school: { schoolId: string; code: string; name: string; remoteTier: number }, teachers: ReadModelTeacher[]): Promise<void> {
  await ds.query(
    `INSERT INTO subsidies.schools (school_id, county_code, name, remote_tier, rural, eligible, code, type) VALUES ($1, $2, $3, $4, true, true, $5, 'village_primary')`,
    [school.schoolId, countyCode, school.name, school.remoteTier, school.code],
  );
  await ds.query(`INSERT INTO subsidies.school_facts (school_id, effective_from, remote_tier, rural, type) VALUES ($1, '1900-01-01', $2, true, 'village_primary')`, [school.schoolId, school.remoteTier]);
  for (const t of teachers) {
    await ds.query(`INSERT INTO subsidies.teachers (teacher_id, county_code, staff_no, name) VALUES ($1, $2, $3, $4)`, [t.teacherId, countyCode, t.staffNo, t.name]);
    await ds.query(
      `INSERT INTO subsidies.appointments (appointment_id, teacher_id, school_id, county_code, kind, workload_share, start_date) VALUES (gen_random_uuid(), $1, $2, $3, 'regular', 1, $4)`,
      [t.teacherId, school.schoolId, countyCode, t.from],
    );
    await ds.query(`INSERT INTO subsidies.establishments (entry_id, teacher_id, county_code, type, effective_from) VALUES (gen_random_uuid(), $1, $2, 'on_establishment', $3)`, [
      t.teacherId,
      countyCode,
      t.from,
    ]);
  }
}

/** Row counts of the subsidies tables a request could write to, and a digest of the batches' states. */
export async function subsidiesState(ds: DataSource) {
  const tables = ['scheme_versions', 'accruals', 'ledger_lines', 'batches', 'audit_log', 'outbox'];
  const [counts] = await ds.query(`SELECT ${tables.map((t) => `(SELECT count(*)::int FROM subsidies.${t}) AS ${t}`).join(', ')}`);
  const digest = async (sql: string) => (await ds.query(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS d FROM (${sql}) t`))[0].d;
  return {
    counts,
    batches: await digest(`SELECT id, status, version, lines, total_fen, approved_by, payroll_reference FROM subsidies.batches`),
    lines: await digest(`SELECT id, batch_id, amount_fen FROM subsidies.ledger_lines`),
    schemes: await digest(`SELECT county_code, version, rules FROM subsidies.scheme_versions`),
  };
}
