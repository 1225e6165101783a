import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_DIR } from '@app/testing';
import { performance } from 'node:perf_hooks';
import { readRows } from '@app/spreadsheet';
import { createDataSource, migrateService } from '@app/runtime';
import { ACTIVITY_IMPORT_COLUMNS } from '../apps/training/src/activities/application/import-activities.use-case';
import { ATTENDANCE_IMPORT_COLUMNS } from '../apps/training/src/attendance/application/import-attendance.use-case';
import { trainingService } from '../apps/training/src/training.service';
import { generateCounty } from '../seeds/county-generator';
import { SEED_ACTOR, trainingUseCases } from '../seeds/load-training';
import { generateTrainingYear, loadTrainingReadModel } from '../seeds/training-year';
import { BENCH_DATABASE_URL, ensureDatabase } from './support';

/**
 * bench:training — a school year of activities and attendance for a county of 10,000 teachers
 * (≈ 200,000 attendance rows): the attendance import (parse the sheet, check every row, write the
 * attendance, the ledger postings, one CreditPosted per teacher and the audit rows, one transaction)
 * and the term-end evaluations (autumn: R7 + the closed calendar year's hours; spring: R7, R8, R6), in a
 * fresh process so its peak RSS is the measured work's alone. Targets: import < 20 s, evaluation < 3 s,
 * peak RSS < 500 MB. BENCH_TEACHERS (10000) changes the load.
 */
const COUNTY = 'heshan';
const TEACHERS = Number(process.env.BENCH_TEACHERS ?? 10000);
const YEAR = 2025;
/** the attendance sheet, written by the preparing process and read by the measuring one */
const SHEET = join(RUN_DIR, 'bench-training-attendance.csv');
const TARGETS = { importSeconds: 20, evaluationSeconds: 3, rssMb: 500 };

async function prepare(): Promise<void> {
  await ensureDatabase(BENCH_DATABASE_URL);
  await migrateService(trainingService, BENCH_DATABASE_URL);
  const ds = createDataSource(trainingService, BENCH_DATABASE_URL, 2);
  await ds.initialize();
  try {
    const data = generateCounty({ countyCode: COUNTY, seed: 'bench-training', teachers: TEACHERS, asOf: '2026-11-29' });
    await ds.transaction(async (m) => {
      await m.query(`ALTER TABLE training.credit_entries DISABLE TRIGGER credit_entries_append_only`);
      for (const sql of [
        `DELETE FROM training.credit_entries WHERE county_code = $1`,
        `DELETE FROM training.attendance WHERE activity_id IN (SELECT id FROM training.activities WHERE county_code = $1)`,
        `DELETE FROM training.activities WHERE county_code = $1`,
        `DELETE FROM training.compliance_results WHERE county_code = $1`,
        `DELETE FROM training.audit_log WHERE county_code = $1`,
        `DELETE FROM training.outbox WHERE payload->>'countyCode' = $1`,
        `DELETE FROM training.appointments WHERE teacher_id IN (SELECT teacher_id FROM training.teachers WHERE county_code = $1)`,
        `DELETE FROM training.teachers WHERE county_code = $1`,
        `DELETE FROM training.schools WHERE county_code = $1`,
      ])
        await m.query(sql, [COUNTY]);
      await m.query(`ALTER TABLE training.credit_entries ENABLE TRIGGER credit_entries_append_only`);
      await loadTrainingReadModel(m, data);
    });
    const year = generateTrainingYear(data, YEAR);
    const u = trainingUseCases(ds);
    await u.importActivities.execute(SEED_ACTOR, COUNTY, await readRows(Buffer.from(year.activitiesCsv), 'csv', ACTIVITY_IMPORT_COLUMNS, 250_000), false);
    await ds.query(`UPDATE training.activities SET confirmed_at = now(), confirmed_by = 'bench' WHERE county_code = $1 AND code = ANY($2)`, [COUNTY, year.confirmedCodes]);
    await ds.query(`ANALYZE training.teachers; ANALYZE training.appointments; ANALYZE training.activities`);
    writeFileSync(SHEET, year.attendanceCsv);
    console.log(`bench:training — database ${new URL(BENCH_DATABASE_URL).pathname.slice(1)}; ${COUNTY}: ${data.teachers.length} teachers, ${data.schools.length} schools, ${year.activities} activities of school year ${YEAR}–${YEAR + 1}; attendance sheet ${year.attendance} rows (${(year.attendanceCsv.length / 1e6).toFixed(1)} MB CSV)`);
  } finally {
    await ds.destroy();
  }
}

/** The measured part, in its own process. Prints one JSON line. */
async function measure(): Promise<void> {
  const ds = createDataSource(trainingService, BENCH_DATABASE_URL, 4);
  await ds.initialize();
  try {
    const sheet = readFileSync(SHEET);
    const u = trainingUseCases(ds);
    const t0 = performance.now();
    const rows = await readRows(sheet, 'csv', ATTENDANCE_IMPORT_COLUMNS, 250_000);
    const parsed = performance.now();
    if (process.env.BENCH_MEMORY) console.error(`after parse: rss ${Math.round(process.memoryUsage().rss / 1e6)} MB heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
    const summary = await u.importAttendance.execute(SEED_ACTOR, COUNTY, rows, false);
    const imported = performance.now();
    if (process.env.BENCH_MEMORY) console.error(`after import: rss ${Math.round(process.memoryUsage().rss / 1e6)} MB heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB max ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
    const evaluations: Record<string, { seconds: number; results: number; shortfalls: number }> = {};
    for (const [term, asOf] of [['autumn', `${YEAR + 1}-01-24`], ['spring', `${YEAR + 1}-07-10`]] as const) {
      const e0 = performance.now();
      const s = await u.uow.run((m) => u.evaluate.evaluateTerm(m, COUNTY, YEAR, term, asOf, 'bench'));
      evaluations[term] = { seconds: (performance.now() - e0) / 1000, results: s.results, shortfalls: s.shortfalls };
    }
    const r0 = performance.now();
    const rerun = await u.uow.run((m) => u.evaluate.evaluateTerm(m, COUNTY, YEAR, 'spring', `${YEAR + 1}-07-10`, 'bench-rerun'));
    const rerunSeconds = (performance.now() - r0) / 1000;
    process.stdout.write(
      JSON.stringify({ rows: rows.length, parseSeconds: (parsed - t0) / 1000, importSeconds: (imported - t0) / 1000, written: summary.written, evaluations, rerun: { seconds: rerunSeconds, shortfalls: rerun.shortfalls, written: rerun.written }, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n',
    );
  } finally {
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  await prepare();
  const child = spawn(process.execPath, [...process.execArgv, ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), __filename, 'measure'], { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the measuring process exited with ${code}`);
  const r = JSON.parse(out.trim().split('\n').pop()!);
  const evalMax = Math.max(r.evaluations.autumn.seconds, r.evaluations.spring.seconds);
  console.log(`  import     ${r.importSeconds.toFixed(2)} s for ${r.rows} rows (parse ${r.parseSeconds.toFixed(2)} s): ${r.written.attendance} attendance rows, ${r.written.postings} ledger postings, ${r.written.teachers} CreditPosted events`);
  for (const term of ['autumn', 'spring'] as const) {
    const e = r.evaluations[term];
    console.log(`  evaluate   ${term.padEnd(6)} term end: ${e.seconds.toFixed(2)} s, ${e.results} results, ${e.shortfalls} shortfalls announced`);
  }
  console.log(`  re-run     spring: ${r.rerun.seconds.toFixed(2)} s, ${r.rerun.written} results written, ${r.rerun.shortfalls} announced`);
  const ok = r.importSeconds < TARGETS.importSeconds && evalMax < TARGETS.evaluationSeconds && r.maxRssMb < TARGETS.rssMb && r.rerun.shortfalls === 0;
  console.log(
    `  peak RSS   ${Math.round(r.maxRssMb)} MB (process.resourceUsage().maxRSS of the measuring process, reading the sheet included)\n` +
      `  target     import < ${TARGETS.importSeconds} s, evaluation < ${TARGETS.evaluationSeconds} s, peak RSS < ${TARGETS.rssMb} MB, re-run announces nothing: ${ok ? 'met' : 'NOT met'}`,
  );
  if (!ok) process.exitCode = 1;
}

if (process.argv[2] === 'measure') {
  measure().catch((err) => {
    console.error(`bench:training measure failed: ${err instanceof Error ? err.stack : err}`);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(`bench:training failed: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
