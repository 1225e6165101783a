import { randomUUID } from 'node:crypto';
import { SingleBar, Presets } from 'cli-progress';
import { Outbox, type OutboxRelay } from '@app/messaging';
import { baseConfigSchema } from '@app/platform';
import { createDataSource, describeConnectionError, UnitOfWork } from '@app/runtime';
import { JIANGMEN_COUNTY_CODES, todayInShanghai } from '../apps/scheduler/src/calendar/domain/calendar';
import { DispatchPlanner } from '../apps/scheduler/src/jobs/application/dispatch-planner';
import { RunCounty } from '../apps/scheduler/src/jobs/application/run-county.service';
import type { JobKind } from '../apps/scheduler/src/jobs/domain/jobs';
import { ReviewCounty } from '../apps/scheduler/src/obligations/application/review-county.service';
import { CountyFactsQuery } from '../apps/scheduler/src/obligations/infrastructure/county-facts.query';
import { schedulerService } from '../apps/scheduler/src/scheduler.service';

/**
 * Operators' CLI: runs a scheduler job in this process, county by county, with a progress bar and a
 * summary table. The same code as the queue's workers, so a CLI run and a scheduled run agree; events go
 * to the scheduler's outbox and leave with its relay.
 *
 *   npm run jobs -- term-end --county taishan --as-of 2027-07-10 [--dry-run]
 *   npm run jobs -- monthly-close [--county …] [--as-of 2027-08-01]
 *   npm run jobs -- obligations [--county …] [--as-of …] [--dry-run]
 */
const JOBS: Record<string, JobKind> = { 'term-end': 'term-end-review', 'monthly-close': 'monthly-close', obligations: 'obligation-refresh' };
const USAGE = 'usage: npm run jobs -- <term-end|monthly-close|obligations> [--county <code>] [--as-of YYYY-MM-DD] [--dry-run]';

export interface JobsArgs {
  job: JobKind;
  countyCode?: string;
  asOf?: string;
  dryRun: boolean;
}

export function parseJobsArgs(argv: string[]): JobsArgs {
  const [name, ...rest] = argv;
  const job = JOBS[name ?? ''];
  if (!job) throw new Error(`unknown job ${name ?? '(none)'}; ${USAGE}`);
  const args: JobsArgs = { job, dryRun: false };
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
  const runner = new RunCounty(new ReviewCounty(uow, new CountyFactsQuery(), new Outbox('scheduler')), uow);
  const plan = await new DispatchPlanner(uow).plan({ ...args, asOf: args.asOf ?? todayInShanghai(), runSuffix: `cli-${randomUUID().slice(0, 8)}` });
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

if (require.main === module) void main();
