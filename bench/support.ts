import { DataSource, type EntityManager } from 'typeorm';

/** Shared by the benchmarks: each uses its own database (BENCH_DATABASE_URL, default jiangmen_bench). */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/jiangmen_bench';

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function ensureDatabase(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const ds = new DataSource({ type: 'postgres', url: admin.toString() });
  await ds.initialize();
  try {
    const exists = await ds.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (exists.length === 0) await ds.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await ds.destroy();
  }
}

/**
 * Deletes one county's staffing rows, children first, and the outbox rows of its earlier seeded loads.
 * The foreign keys that point at appointments, teachers, posts and schools (corrects_id, superseded_by,
 * moves.appointment_id, appointments.teacher_id …) have no plain index, so PostgreSQL checks each deleted
 * row with a sequential scan: ~12 s for 10,000 teachers. Every referencing row is deleted here too, so when
 * the role may (superuser) the checks are skipped for this transaction only (session_replication_role).
 */
export async function deleteCounty(m: EntityManager, county: string): Promise<number> {
  const [role] = await m.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`);
  if (role?.rolsuper) await m.query(`SET LOCAL session_replication_role = replica`);
  const teachers = `SELECT id FROM staffing.teachers WHERE county_code = $1`;
  const schools = `SELECT id FROM staffing.schools WHERE county_code = $1`;
  const appointments = `SELECT id FROM staffing.appointments WHERE teacher_id IN (${teachers}) OR school_id IN (${schools})`;
  const statements = [
    `DELETE FROM staffing.moves WHERE teacher_id IN (${teachers}) OR appointment_id IN (${appointments})`,
    `DELETE FROM staffing.appointments WHERE id IN (${appointments})`,
    `DELETE FROM staffing.post_quotas WHERE post_id IN (SELECT id FROM staffing.posts WHERE school_id IN (${schools}))`,
    `DELETE FROM staffing.posts WHERE school_id IN (${schools})`,
    `DELETE FROM staffing.teachers WHERE county_code = $1`,
    `DELETE FROM staffing.schools WHERE county_code = $1`,
    `DELETE FROM staffing.districts WHERE county_code = $1`,
  ];
  let rows = 0;
  for (const sql of statements) {
    const res = await m.query(sql, [county]);
    rows += Array.isArray(res) && typeof res[1] === 'number' ? res[1] : 0;
  }
  const outbox = await m.query(`DELETE FROM staffing.outbox WHERE correlation_id LIKE $1`, [`seed:${county}:%`]);
  return rows + (Array.isArray(outbox) && typeof outbox[1] === 'number' ? outbox[1] : 0);
}

