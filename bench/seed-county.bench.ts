import { performance } from 'node:perf_hooks';
import { DataSource, type EntityManager } from 'typeorm';
import { migrateService } from '@app/runtime';
import { staffingService } from '../apps/staffing/src/staffing.service';
import { generateCounty } from '../seeds/county-generator';
import { loadCounty } from '../seeds/load-county';
import { seedCounties } from '../seeds/seed';

/**
 * bench:seed — generates a synthetic county (default 10,000 teachers) and loads it into the staffing schema
 * of a scratch database (BENCH_DATABASE_URL, default jiangmen_bench) with its outbox events, in one
 * transaction. Re-runnable: the county's rows (and outbox rows from earlier seeded loads of it) are
 * deleted first. BENCH_TEACHERS, BENCH_COUNTY, BENCH_SEED and BENCH_AS_OF change the input.
 */
const TEACHERS = Number(process.env.BENCH_TEACHERS ?? 10000);
const COUNTY = process.env.BENCH_COUNTY ?? 'taishan';
const SEED = process.env.BENCH_SEED ?? '20261129';
const AS_OF = process.env.BENCH_AS_OF ?? '2026-11-29';

async function ensureDatabase(url: string) {
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
async function deleteCounty(m: EntityManager, county: string): Promise<number> {
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

async function main() {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/jiangmen_bench';
  await ensureDatabase(url);
  const applied = await migrateService(staffingService, url);
  const ds = new DataSource({ type: 'postgres', url });
  await ds.initialize();
  try {
    await seedCounties(ds);

    // generation: the first run includes JIT warm-up; report it and the best of three
    const times: number[] = [];
    let data = generateCounty({ countyCode: COUNTY, seed: SEED, teachers: TEACHERS, asOf: AS_OF });
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      data = generateCounty({ countyCode: COUNTY, seed: SEED, teachers: TEACHERS, asOf: AS_OF });
      times.push(performance.now() - t0);
    }
    const t1 = performance.now();
    const deleted = await ds.transaction((m) => deleteCounty(m, COUNTY));
    const clearS = (performance.now() - t1) / 1000;

    const r = await loadCounty(ds, data);
    if (!r.loaded) throw new Error(`${COUNTY} still has ${r.existingSchools} schools after clearing it`);
    const rows = r.districts + r.schools + r.posts + r.quotas + r.teachers + r.appointments;
    const [check] = await ds.query(
      `SELECT (SELECT count(*)::int FROM staffing.schools WHERE county_code = $1) AS schools,
              (SELECT count(*)::int FROM staffing.teachers WHERE county_code = $1) AS teachers,
              (SELECT count(*)::int FROM staffing.appointments a JOIN staffing.teachers t ON t.id = a.teacher_id WHERE t.county_code = $1) AS appointments,
              (SELECT count(*)::int FROM staffing.outbox WHERE correlation_id LIKE $2) AS events`,
      [COUNTY, `seed:${COUNTY}:%`],
    );

    console.log(`bench:seed — ${COUNTY}, ${TEACHERS} teachers, seed ${SEED}, as of ${AS_OF}; database ${new URL(url).pathname.slice(1)}${applied.length ? ` (migrated: ${applied.join(', ')})` : ''}`);
    console.log(
      `  generate  ${(Math.min(...times) / 1000).toFixed(3)} s best of 3 (${times.map((t) => (t / 1000).toFixed(3)).join(' / ')} s): ` +
        `${data.districts.length} districts, ${data.schools.length} schools, ${data.posts.length} posts, ${data.quotas.length} quotas, ${data.teachers.length} teachers, ${data.appointments.length} appointments`,
    );
    console.log(`  clear     ${clearS.toFixed(2)} s (${deleted} earlier rows of ${COUNTY})`);
    console.log(`  load      ${r.seconds.toFixed(2)} s: ${rows} rows and ${r.events} outbox events in one transaction (${Math.round((rows + r.events) / r.seconds)} rows/s)`);
    console.log(`  in db     ${check.schools} schools, ${check.teachers} teachers, ${check.appointments} appointments, ${check.events} outbox events`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(`bench:seed: ${(err as Error).message}`);
  process.exit(1);
});
