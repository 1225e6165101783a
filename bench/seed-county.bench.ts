import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { migrateService } from '@app/runtime';
import { staffingService } from '../apps/staffing/src/staffing.service';
import { generateCounty } from '../seeds/county-generator';
import { loadCounty } from '../seeds/load-county';
import { seedCounties } from '../seeds/seed';
import { deleteCounty, ensureDatabase } from './support';

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
