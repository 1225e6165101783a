import { randomUUID } from 'node:crypto';
import { SingleBar, Presets } from 'cli-progress';
import pino from 'pino';
import { createKafka, ReadModelFreshness, type LagSummary, type OutboxRelay } from '@app/messaging';
import { baseConfigSchema, ConfigError, kafkaBrokerList, parseKafkaBrokers } from '@app/platform';
import { createDataSource, describeConnectionError, UnitOfWork } from '@app/runtime';
import { todayInShanghai } from '@app/rules';
import { JIANGMEN_COUNTY_CODES } from '../apps/scheduler/src/calendar/domain/calendar';
import type { JobKind } from '../apps/scheduler/src/jobs/domain/jobs';
import { RunCounty } from '../apps/scheduler/src/jobs/application/run-county.service';
import { inProcessRunner } from '../apps/scheduler/src/jobs/infrastructure/in-process-runner';
import { schedulerService } from '../apps/scheduler/src/scheduler.service';

/**
 * Operators' CLI: runs a scheduler job in this process, county by county, with a progress bar and a
 * summary table. The same code as the queue's workers, so a CLI run and a scheduled run agree; events go
 * to the scheduler's outbox and leave with its relay.
 *
 *   npm run jobs -- term-end --county taishan --as-of 2027-07-10 [--dry-run]
 *   npm run jobs -- monthly-close [--county …] [--as-of 2027-08-01]
 *   npm run jobs -- obligations [--county …] [--as-of …] [--dry-run] [--wait 300]
 *
 * Reviews decide from the scheduler's copy of staffing and rotation: while that copy is behind (the
 * scheduler service has not yet applied what was published), the CLI waits with a progress line, up to
 * --wait seconds (default 300; 0 = refuse at once), and refuses if it is still behind.
 */
const JOBS: Record<string, JobKind> = { 'term-end': 'term-end-review', 'monthly-close': 'monthly-close', obligations: 'obligation-refresh' };
const USAGE = 'usage: npm run jobs -- <term-end|monthly-close|obligations> [--county <code>] [--as-of YYYY-MM-DD] [--dry-run] [--wait <seconds>]';

export interface JobsArgs {
  job: JobKind;
  countyCode?: string;
  asOf?: string;
  dryRun: boolean;
  waitSeconds: number;
}

export function parseJobsArgs(argv: string[]): JobsArgs {
  const [name, ...rest] = argv;
  const job = JOBS[name ?? ''];
  if (!job) throw new Error(`unknown job ${name ?? '(none)'}; ${USAGE}`);
  const args: JobsArgs = { job, dryRun: false, waitSeconds: 300 };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (flag === '--dry-run') args.dryRun = true;
    else if (flag === '--county') {
      const v = rest[++i];
      if (!v || !(JIANGMEN_COUNTY_CODES as readonly string[]).includes(v)) throw new Error(`--county must be one of ${JIANGMEN_COUNTY_CODES.join(', ')}`);
      args.countyCode = v;
    } else if (flag === '--as-of') {
      const v = rest[++i];
      if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
        throw new Error('--as-of must be a date like 2027-07-10');
      }
      args.asOf = v;
    } else if (flag === '--wait') {
      const v = Number(rest[++i]);
      if (!Number.isInteger(v) || v < 0 || v > 3600) throw new Error('--wait must be a number of seconds from 0 to 3600');
      args.waitSeconds = v;
    } else throw new Error(`unknown option ${flag}; ${USAGE}`);
  }
  return args;
}

function row(county: string, s: Record<string, any>) {
  if ('month' in s) return { county, month: s.month, emitted: s.emitted ? 'MonthClosed' : '(already closed)' };
  const o = s.open ?? { R2: {}, R3: {} };
  return {
    county,
    teachers: s.teachers,
    exempt: s.exempt,
    'R2 warn/due/over': `${o.R2.warning ?? 0}/${o.R2.due ?? 0}/${o.R2.overdue ?? 0}`,
    'R3 due/over': `${o.R3.due ?? 0}/${o.R3.overdue ?? 0}`,
    raised: s.raised,
    changed: s.changed,
    resolved: s.resolved,
    events: s.events,
    'R1 moved/required': s.quota ? `${s.quota.moved}/${s.quota.required}` : '',
    term: s.term ?? '',
  };
}

async function main() {
  let args: JobsArgs;
  try {
    args = parseJobsArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const url = baseConfigSchema.shape.DATABASE_URL.parse(process.env.DATABASE_URL);
  const ds = createDataSource(schedulerService, url, 4);
  try {
    await ds.initialize();
  } catch (err) {
    console.error(`jobs: ${describeConnectionError('PostgreSQL', url, err)}`);
    process.exit(1);
  }
  // No relay here: the scheduler service's relay publishes what this run writes to the outbox.
  const uow = new UnitOfWork(ds, { poke: () => undefined } as unknown as OutboxRelay);
  const freshness = RunCounty.readsTheCopy(args.job) ? await copyCaughtUp(args.waitSeconds) : undefined;
  const { runner, planner } = inProcessRunner(uow, freshness);
  const plan = await planner.plan({ ...args, asOf: args.asOf ?? todayInShanghai(), runSuffix: `cli-${randomUUID().slice(0, 8)}` });
  console.log(`${plan.job} as of ${plan.asOf}${plan.dryRun ? ' (dry run: nothing is written)' : ''}: ${plan.children.length} county(ies), run ${plan.runId}`);
  const rows: Record<string, unknown>[] = [];
  let failed = 0;
  await runner.start(ds.manager, plan.runId, plan.job, plan.countyCode, plan.asOf, plan.dryRun);
  for (const child of plan.children) {
    const bar = new SingleBar({ format: `${child.countyCode.padEnd(10)} [{bar}] {percentage}% {value}/{total} teachers`, hideCursor: true }, Presets.shades_classic);
    bar.start(1, 0);
    try {
      const summary = await runner.run(child, (done, total) => {
        bar.setTotal(total);
        bar.update(done);
      });
      bar.stop();
      rows.push(row(child.countyCode, summary));
    } catch (err) {
      bar.stop();
      failed++;
      rows.push({ county: child.countyCode, error: (err as Error).message });
    }
  }
  await runner.finish(plan.runId, failed ? 'failed' : 'completed', { counties: rows }, failed ? `${failed} county(ies) failed` : null);
  console.table(rows);
  await ds.destroy();
  process.exit(failed ? 1 : 0);
}

/** Waits (with a progress line) until the scheduler service has applied what staffing and rotation published. */
async function copyCaughtUp(waitSeconds: number): Promise<ReadModelFreshness> {
  let brokers: string[];
  try {
    brokers = kafkaBrokerList({ KAFKA_BROKERS: parseKafkaBrokers(process.env) });
  } catch (err) {
    console.error(`jobs: ${err instanceof ConfigError ? err.message : String(err)}`);
    process.exit(1);
  }
  const maxLag = baseConfigSchema.shape.READ_MODEL_MAX_LAG.parse(process.env.READ_MODEL_MAX_LAG);
  const groupId = baseConfigSchema.shape.KAFKA_GROUP_ID.parse(process.env.KAFKA_GROUP_ID) ?? 'scheduler';
  const admin = createKafka({ brokers, clientId: 'jobs-cli' }, pino({ level: 'silent' })).admin();
  try {
    await admin.connect();
  } catch (err) {
    console.error(`jobs: cannot reach Kafka at ${brokers.join(',')}: ${(err as Error).message}`);
    process.exit(1);
  }
  const freshness = new ReadModelFreshness(() => admin, 'scheduler', groupId, schedulerService.consumes, maxLag);
  const tty = process.stderr.isTTY;
  const progress = (s: LagSummary) => {
    const line = `waiting: ${describeBehind(s)}`;
    if (tty) process.stderr.write(`\r\x1b[K${line}`);
    else console.error(line);
  };
  try {
    await freshness.waitUntilCaughtUp(waitSeconds * 1000, progress, tty ? 500 : 5000);
    if (tty) process.stderr.write('\r\x1b[K');
  } catch (err) {
    if (tty) process.stderr.write('\n');
    console.error(`jobs: ${(err as Error).message}`);
    process.exit(1);
  }
  return freshness;
}

function describeBehind(s: LagSummary): string {
  const parts = Object.entries(s.byProducer).filter(([, n]) => n > 0).map(([p, n]) => `${p} ${n.toLocaleString('en-US')} events`);
  return `the scheduler service's copy is behind (${parts.join(', ')}); it is catching up`;
}

if (require.main === module) void main();
