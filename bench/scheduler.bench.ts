import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Outbox, type OutboxRelay } from '@app/messaging';
import { createDataSource, migrateService, UnitOfWork } from '@app/runtime';
import { RunCounty } from '../apps/scheduler/src/jobs/application/run-county.service';
import { runId, type CountyJobData } from '../apps/scheduler/src/jobs/domain/jobs';
import { ReviewCounty } from '../apps/scheduler/src/obligations/application/review-county.service';
import { CountyFactsQuery } from '../apps/scheduler/src/obligations/infrastructure/county-facts.query';
import { schedulerService } from '../apps/scheduler/src/scheduler.service';
import { generateCounty } from '../seeds/county-generator';
import { clearSchedulerCounty, loadSchedulerReadModel } from '../seeds/scheduler-read-model';
import { BENCH_DATABASE_URL, ensureDatabase } from './support';

/**
 * bench:scheduler — a term-end review over 50,000 teachers (5 counties × 10,000) in the scheduler's read
 * model, through the code the operators' CLI and the queue's workers run (RunCounty → ReviewCounty, one
 * transaction per county). Target: < 10 s with peak RSS < 500 MB.
 *
 *  1. load: the five generated counties go straight into scheduler.schools/teachers/appointments
 *     (set-based SQL; the counties' earlier rows, obligations, closings, runs and outbox rows are deleted
 *     first, so the benchmark is re-runnable);
 *  2. review, in a fresh process so its peak RSS is the review's alone: the first run raises the
 *     obligations and writes their events to the outbox; the re-run of the same date emits nothing.
 *
 * BENCH_COUNTIES (5), BENCH_TEACHERS (10000 per county) and BENCH_AS_OF (2027-07-10, a spring term-end,
 * so R1 is checked too) change the load.
 */
const COUNTIES = ['taishan', 'kaiping', 'enping', 'xinhui', 'heshan', 'jianghai', 'pengjiang'].slice(0, Number(process.env.BENCH_COUNTIES ?? 5));
const TEACHERS = Number(process.env.BENCH_TEACHERS ?? 10000);
const AS_OF = process.env.BENCH_AS_OF ?? '2027-07-10';
const TARGET_SECONDS = 10;
const TARGET_RSS_MB = 500;

interface ReviewFigures {
  seconds: number;
  counties: number;
  teachers: number;
  raised: number;
  changed: number;
  resolved: number;
  events: number;
  outboxRows: number;
}

async function load(): Promise<void> {
  const url = BENCH_DATABASE_URL;
  await ensureDatabase(url);
  const applied = await migrateService(schedulerService, url);
  const ds = createDataSource(schedulerService, url, 2);
  await ds.initialize();
  try {
    const t0 = performance.now();
    let teachers = 0;
    let appointments = 0;
    for (const [i, county] of COUNTIES.entries()) {
      const data = generateCounty({ countyCode: county, seed: `bench-scheduler-${i}`, teachers: TEACHERS, asOf: '2026-11-29' });
      const n = await ds.transaction(async (m) => {
        await clearSchedulerCounty(m, county);
        return loadSchedulerReadModel(m, data);
      });
      teachers += n.teachers;
      appointments += n.appointments;
    }
    await ds.query(`ANALYZE scheduler.teachers; ANALYZE scheduler.appointments; ANALYZE scheduler.schools; ANALYZE scheduler.obligations`);
    console.log(
      `bench:scheduler — database ${new URL(url).pathname.slice(1)}${applied.length ? ` (migrated: ${applied.join(', ')})` : ''}; ` +
        `loaded ${COUNTIES.length} counties (${COUNTIES.join(', ')}): ${teachers} teachers, ${appointments} appointments in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  } finally {
    await ds.destroy();
  }
}

/** One term-end run over the counties, county by county as the CLI does it. */
async function reviewAll(runner: RunCounty, uow: UnitOfWork, suffix: string): Promise<ReviewFigures> {
  const [{ before }] = await uow.reader.query(`SELECT coalesce(max(seq), 0)::bigint AS before FROM scheduler.outbox`);
  const figures: ReviewFigures = { seconds: 0, counties: 0, teachers: 0, raised: 0, changed: 0, resolved: 0, events: 0, outboxRows: 0 };
  const t0 = performance.now();
  for (const county of COUNTIES) {
    const job: CountyJobData = { runId: runId('term-end-review', county, AS_OF, false, suffix), job: 'term-end-review', countyCode: county, asOf: AS_OF, dryRun: false };
    const s = (await runner.run(job)) as { teachers: number; raised: number; changed: number; resolved: number; events: number };
    figures.counties++;
    figures.teachers += s.teachers;
    figures.raised += s.raised;
    figures.changed += s.changed;
    figures.resolved += s.resolved;
    figures.events += s.events;
  }
  figures.seconds = (performance.now() - t0) / 1000;
  const [{ n }] = await uow.reader.query(`SELECT count(*)::int AS n FROM scheduler.outbox WHERE seq > $1`, [before]);
  figures.outboxRows = n;
  return figures;
}

/** The measured part, in its own process (see main). Prints one JSON line. */
async function review(): Promise<void> {
  const ds = createDataSource(schedulerService, BENCH_DATABASE_URL, 4);
  await ds.initialize();
  try {
    // As in tools/jobs.ts: no relay in this process; the events stay in the outbox.
    const uow = new UnitOfWork(ds, { poke: () => undefined } as unknown as OutboxRelay);
    const runner = new RunCounty(new ReviewCounty(uow, new CountyFactsQuery(), new Outbox('scheduler')), uow);
    const first = await reviewAll(runner, uow, 'bench-first');
    const rerun = await reviewAll(runner, uow, 'bench-rerun');
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(JSON.stringify({ first, rerun, maxRssMb }) + '\n');
  } finally {
    await ds.destroy();
  }
}

function line(title: string, f: ReviewFigures): string {
  return (
    `  ${title.padEnd(9)} ${f.seconds.toFixed(2)} s for ${f.teachers} teachers in ${f.counties} counties (${Math.round(f.teachers / f.seconds)} teachers/s): ` +
    `${f.raised} obligations raised, ${f.changed} changed, ${f.resolved} resolved; ${f.events} events (${f.outboxRows} outbox rows written)`
  );
}

async function main(): Promise<void> {
  await load();
  const child = spawn(process.execPath, [...process.execArgv, __filename, 'review'], { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the review process exited with ${code}`);
  const r = JSON.parse(out.trim().split('\n').pop()!) as { first: ReviewFigures; rerun: ReviewFigures; maxRssMb: number };
  console.log(`term-end review as of ${AS_OF} (RunCounty → ReviewCounty, one transaction per county), in a fresh process:`);
  console.log(line('first', r.first));
  console.log(line('re-run', r.rerun));
  const ok = r.first.seconds < TARGET_SECONDS && r.maxRssMb < TARGET_RSS_MB && r.rerun.outboxRows === 0 && r.first.outboxRows === r.first.events;
  console.log(
    `  peak RSS  ${Math.round(r.maxRssMb)} MB (process.resourceUsage().maxRSS of the review process)\n` +
      `  target    first run < ${TARGET_SECONDS} s with peak RSS < ${TARGET_RSS_MB} MB, re-run emits nothing: ${ok ? 'met' : 'NOT met'}`,
  );
  if (!ok) process.exitCode = 1;
}

if (process.argv[2] === 'review') {
  review().catch((err) => {
    console.error(`bench:scheduler review failed: ${err instanceof Error ? err.stack : err}`);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(`bench:scheduler failed: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
