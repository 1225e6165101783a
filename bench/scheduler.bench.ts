import { performance } from 'node:perf_hooks';
import type { OutboxRelay } from '@app/messaging';
import { createDataSource, migrateService, UnitOfWork } from '@app/runtime';
import { runId, type CountyJobData } from '../apps/scheduler/src/jobs/domain/jobs';
import type { RunCounty } from '../apps/scheduler/src/jobs/application/run-county.service';
import { inProcessRunner } from '../apps/scheduler/src/jobs/infrastructure/in-process-runner';
import { schedulerService } from '../apps/scheduler/src/scheduler.service';
import { clearSchedulerCounty, loadSchedulerReadModel } from '../seeds/scheduler-read-model';
import { BENCH_DATABASE_URL, loadGeneratedCounties, measureInChild, runBenchmark } from './support';

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
  await loadGeneratedCounties(
    'bench:scheduler',
    schedulerService,
    { counties: COUNTIES, teachers: TEACHERS, seedPrefix: 'bench-scheduler', asOf: '2026-11-29', analyze: ['scheduler.teachers', 'scheduler.appointments', 'scheduler.schools', 'scheduler.obligations'] },
    async (m, data) => {
      await clearSchedulerCounty(m, data.countyCode);
      return loadSchedulerReadModel(m, data);
    },
  );
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
    const { runner } = inProcessRunner(uow);
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
  const r = await measureInChild<{ first: ReviewFigures; rerun: ReviewFigures; maxRssMb: number }>(__filename, 'review');
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

runBenchmark('bench:scheduler', 'review', main, review);
