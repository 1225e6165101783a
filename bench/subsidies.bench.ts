import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AppointmentCorrected } from '@app/contracts';
import { AuditTrail } from '@app/audit';
import { Outbox } from '@app/messaging';
import { createDataSource } from '@app/runtime';
import { AccrueMonth } from '../apps/subsidies/src/ledger/application/accrue-month.use-case';
import { RecomputeLedger } from '../apps/subsidies/src/ledger/application/recompute.service';
import { SqlLedgerFacts } from '../apps/subsidies/src/ledger/infrastructure/ledger-facts.sql';
import { SqlLedgerRepository } from '../apps/subsidies/src/ledger/infrastructure/ledger.repository.sql';
import { IngestFacts } from '../apps/subsidies/src/read-model/application/ingest-facts.service';
import { ReadModelStore } from '../apps/subsidies/src/read-model/infrastructure/read-model.store';
import { seedExampleSchemes } from '../apps/subsidies/src/scheme/application/publish-scheme-version.use-case';
import { SqlSchemeRepository } from '../apps/subsidies/src/scheme/infrastructure/scheme.repository.sql';
import { subsidiesService } from '../apps/subsidies/src/subsidies.service';
import { clearSubsidiesCounty, loadSubsidiesReadModel } from '../seeds/subsidies-read-model';
import { BENCH_DATABASE_URL, loadGeneratedCounties, measureInChild, percentile, runBenchmark } from './support';

/**
 * bench:subsidies — the living subsidy's month close (R9) through the code the MonthClosed handler and the
 * operators' command run (AccrueMonth: one transaction per county under its lock), on generated counties
 * loaded straight into the subsidies read model with the example scheme:
 *
 *  1. the seeded county (taishan) with BENCH_TEACHERS (10,000) teachers, one month;   target < 3 s
 *  2. seven counties × BENCH_TEACHERS, the month before, one after the other;          target < 20 s
 *  3. the same closes again: nothing is written;
 *  4. a backdated correction of one teacher's appointment, applied as the consumer applies
 *     staffing.AppointmentCorrected (read model + recompute of the accrued months + adjustment lines),
 *     BENCH_CORRECTIONS (30) times for different teachers;                              target < 100 ms each
 *  all in a fresh process, whose peak RSS must stay under 500 MB.
 *
 * The machine is shared: note `uptime`'s load with the figures. BENCH_DATABASE_URL picks the database.
 */
const COUNTIES = ['taishan', 'kaiping', 'enping', 'xinhui', 'heshan', 'jianghai', 'pengjiang'];
const TEACHERS = Number(process.env.BENCH_TEACHERS ?? 10000);
const CORRECTIONS = Number(process.env.BENCH_CORRECTIONS ?? 30);
const AS_OF = '2026-11-29';
const MONTH = '2026-11';
const MONTH_BEFORE = '2026-10';
const TARGETS = { oneCounty: 3, sevenCounties: 20, correctionMs: 100, rssMb: 500 };

interface Figures {
  one: { seconds: number; lines: number; teachers: number; totalFen: number };
  seven: { seconds: number; lines: number; teachers: number; perCounty: number[] };
  rerun: { seconds: number; written: number };
  corrections: { ms: number[]; adjustments: number };
  maxRssMb: number;
  /** the same fixed work timed in the same process, to compare runs on a loaded machine: sorting 1,000,000 numbers; summing 3,000,000 rows in PostgreSQL */
  baseline: { sortMs: number; sqlMs: number };
}

/** Best of three of a fixed piece of work (the machine is shared: the best is the least disturbed). */
async function bestOf3(work: () => unknown): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await work();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function load(): Promise<void> {
  await loadGeneratedCounties(
    'bench:subsidies',
    subsidiesService,
    { counties: COUNTIES, teachers: TEACHERS, seedPrefix: 'bench-subsidies', asOf: AS_OF, analyze: ['subsidies.appointments', 'subsidies.establishments', 'subsidies.absences', 'subsidies.school_facts', 'subsidies.ledger_lines'] },
    async (m, data) => {
      await clearSubsidiesCounty(m, data.countyCode);
      await m.query(`DELETE FROM subsidies.scheme_versions WHERE county_code = $1`, [data.countyCode]);
      await seedExampleSchemes(m, [data.countyCode]);
      return loadSubsidiesReadModel(m, data);
    },
  );
}

/** The measured part, in its own process (see main). Prints one JSON line. */
async function measure(): Promise<void> {
  const ds = createDataSource(subsidiesService, BENCH_DATABASE_URL, 4);
  await ds.initialize();
  try {
    const ledger = new SqlLedgerRepository();
    const facts = new SqlLedgerFacts();
    const schemes = new SqlSchemeRepository();
    const outbox = new Outbox('subsidies');
    const accrue = new AccrueMonth(ledger, facts, schemes, outbox, new AuditTrail('subsidies'));
    const ingest = new IngestFacts(new ReadModelStore(), ledger, new RecomputeLedger(ledger, facts, schemes, outbox));
    const close = (county: string, month: string) => ds.transaction((m) => accrue.execute(m, { countyCode: county, month, trigger: 'bench' }));

    let t0 = performance.now();
    const one = (await close('taishan', MONTH)).summary;
    const f: Figures = {
      one: { seconds: (performance.now() - t0) / 1000, lines: one.lines, teachers: one.teachers, totalFen: one.totalFen },
      seven: { seconds: 0, lines: 0, teachers: 0, perCounty: [] },
      rerun: { seconds: 0, written: 0 },
      corrections: { ms: [], adjustments: 0 },
      maxRssMb: 0,
      baseline: { sortMs: 0, sqlMs: 0 },
    };
    t0 = performance.now();
    for (const county of COUNTIES) {
      const c0 = performance.now();
      const s = (await close(county, MONTH_BEFORE)).summary;
      f.seven.perCounty.push((performance.now() - c0) / 1000);
      f.seven.lines += s.lines;
      f.seven.teachers += s.teachers;
    }
    f.seven.seconds = (performance.now() - t0) / 1000;

    const [{ before }] = await ds.query(`SELECT count(*)::int AS before FROM subsidies.ledger_lines`);
    t0 = performance.now();
    for (const [county, month] of [['taishan', MONTH], ...COUNTIES.map((c) => [c, MONTH_BEFORE])]) {
      if ((await close(county, month)).status !== 'already_accrued') throw new Error(`${county} ${month} accrued twice`);
    }
    f.rerun.seconds = (performance.now() - t0) / 1000;
    const [{ after }] = await ds.query(`SELECT count(*)::int AS after FROM subsidies.ledger_lines`);
    f.rerun.written = after - before;

    // Backdated corrections: an appointment paid in both months is corrected to start on the 16th of the
    // month before, as staffing's AppointmentCorrected would say; the consumer's work is timed.
    const victims: { appointmentId: string; teacherId: string; schoolId: string; kind: string; workloadShare: number; endDate: string | null }[] = await ds.query(
      `SELECT a.appointment_id AS "appointmentId", a.teacher_id AS "teacherId", a.school_id AS "schoolId", a.kind, a.workload_share::float8 AS "workloadShare", a.end_date AS "endDate"
         FROM subsidies.appointments a JOIN subsidies.ledger_lines l ON l.teacher_id = a.teacher_id AND l.school_id = a.school_id AND l.month = $1 AND l.amount_fen > 0
        WHERE a.county_code = 'taishan' AND NOT a.superseded AND a.start_date < $2 AND a.end_date IS NULL
        ORDER BY a.appointment_id LIMIT $3`,
      [MONTH_BEFORE, `${MONTH_BEFORE}-01`, CORRECTIONS],
    );
    for (const v of victims) {
      const c0 = performance.now();
      const n = await ds.transaction((m) =>
        ingest.corrected(
          m,
          {
            correctedAppointmentId: v.appointmentId,
            appointmentId: randomUUID(),
            teacherId: v.teacherId,
            schoolId: v.schoolId,
            countyCode: 'taishan',
            postId: null,
            subject: null,
            kind: v.kind as 'regular',
            role: 'teacher',
            workloadShare: v.workloadShare,
            startDate: `${MONTH_BEFORE}-16`,
            endDate: v.endDate,
            reason: 'bench: backdated correction',
          },
          AppointmentCorrected.type,
        ),
      );
      f.corrections.ms.push(performance.now() - c0);
      f.corrections.adjustments += n;
    }
    f.maxRssMb = process.resourceUsage().maxRSS / 1024;
    // After the measured work, so it neither warms nor grows the process before it.
    const numbers = Float64Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    f.baseline = { sortMs: await bestOf3(() => numbers.slice().sort()), sqlMs: await bestOf3(() => ds.query(`SELECT sum(x) FROM generate_series(1, 3000000) x`)) };
    process.stdout.write(JSON.stringify(f) + '\n');
  } finally {
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  await load();
  const f = await measureInChild<Figures>(__filename, 'measure');
  const ms = [...f.corrections.ms].sort((a, b) => a - b);
  const yuan = (fen: number) => (fen / 100).toFixed(2);
  console.log(`month close (AccrueMonth, one transaction per county), in a fresh process:`);
  console.log(`  one county  ${f.one.seconds.toFixed(2)} s: taishan ${MONTH}, ${f.one.teachers} teachers with lines at eligible schools, ${f.one.lines} lines, ${yuan(f.one.totalFen)} yuan (target < ${TARGETS.oneCounty} s)`);
  console.log(
    `  7 counties  ${f.seven.seconds.toFixed(2)} s: ${MONTH_BEFORE}, ${f.seven.teachers} teachers, ${f.seven.lines} lines; per county ${f.seven.perCounty.map((s) => s.toFixed(2)).join(' / ')} s (target < ${TARGETS.sevenCounties} s)`,
  );
  console.log(`  re-run      ${f.rerun.seconds.toFixed(2)} s for the 8 closes again: ${f.rerun.written} lines written`);
  console.log(
    `  correction  ${ms.length} backdated corrections: p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms; ${f.corrections.adjustments} adjustments (target < ${TARGETS.correctionMs} ms)`,
  );
  const ok =
    f.one.seconds < TARGETS.oneCounty &&
    f.seven.seconds < TARGETS.sevenCounties &&
    f.rerun.written === 0 &&
    ms[ms.length - 1] < TARGETS.correctionMs &&
    f.corrections.adjustments >= ms.length &&
    f.maxRssMb < TARGETS.rssMb;
  console.log(`  peak RSS    ${Math.round(f.maxRssMb)} MB (target < ${TARGETS.rssMb} MB)`);
  const { sortMs, sqlMs } = f.baseline;
  console.log(
    `  baseline    sort of 1,000,000 numbers ${sortMs.toFixed(0)} ms, PostgreSQL sum of 3,000,000 rows ${sqlMs.toFixed(0)} ms (best of 3, same process): ` +
      `one county = ${((f.one.seconds * 1000) / (sortMs + sqlMs)).toFixed(1)} × (sort + sum), seven = ${((f.seven.seconds * 1000) / (sortMs + sqlMs)).toFixed(1)} ×`,
  );
  console.log(`  targets     ${ok ? 'met' : 'NOT met'}`);
  if (!ok) process.exitCode = 1;
}

runBenchmark('bench:subsidies', 'measure', main, measure);
