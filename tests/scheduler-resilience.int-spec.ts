import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { ObligationRaised, QuotaShortfall, TermClosed } from '@app/contracts';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, postJson, startPrivateRedis, startServiceProcess, stopServiceProcess, waitFor, waitForCaughtUp, type PrivateRedis, type ServiceProcessHandle } from '@app/testing';
import { JIANGMEN_COUNTY_CODES, SCHEDULER_TIME_ZONE } from '../apps/scheduler/src/calendar/domain/calendar';
import { JOB_SCHEDULES, QUEUE_NAME } from '../apps/scheduler/src/jobs/domain/jobs';
import { schedulerService } from '../apps/scheduler/src/scheduler.service';
import { generateCounty } from '../seeds/county-generator';
import { clearSchedulerCounty, loadSchedulerReadModel } from '../seeds/scheduler-read-model';

/**
 * The scheduler under failure (issue #4): a worker killed in the middle of a county resumes without
 * duplicate events; Redis restarted during a run; the job schedulers registered once however many
 * instances start. The read model is filled straight with SQL from generated counties (kaiping: 60,000
 * teachers, the six others 20,000 each), so a county's review lasts long enough to be interrupted.
 * Each scheduler runs as the compiled service in its own process, against a private Redis.
 */
const AS_OF = '2027-07-10'; // a spring term-end: R2, R3 and the R1 quota are all checked
const KAIPING_BATCHES = 3;
const TEACHERS_PER_BATCH = 20000;
// A dead worker's job is taken back once its lock lapses and the stalled check runs: 2 s each here.
const FAST_STALL = { SCHEDULER_LOCK_DURATION_MS: '2000', SCHEDULER_STALLED_INTERVAL_MS: '2000' };

type SchedulerProcess = ServiceProcessHandle;

const startScheduler = (redisUrl: string, env: Record<string, string> = {}): Promise<SchedulerProcess> => startServiceProcess('scheduler', { REDIS_URL: redisUrl, ...env });
const stopScheduler = stopServiceProcess;

describe('scheduler resilience', () => {
  let ds: DataSource;

  /**
   * A review covered every teacher this file loaded. Other test files' events reach the same read model
   * through the shared broker (a teacher registered in xinhui by the rotation tests, say), so the county may
   * hold a few more by the time the review runs — never fewer.
   */
  async function expectReviewedAll(countyCode: string, reviewed: number, loaded: number): Promise<void> {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM scheduler.teachers WHERE county_code = $1`, [countyCode]);
    expect(reviewed).toBeGreaterThanOrEqual(loaded);
    expect(reviewed).toBeLessThanOrEqual(n);
  }
  let redis: PrivateRedis | undefined;
  const schedulers: SchedulerProcess[] = [];
  let token: string;

  const countyLockKey = (county: string) => `scheduler:county:${county}`;
  /**
   * This database's scheduler backends holding a county's advisory lock, i.e. inside its review
   * transaction, with the statement each runs or last ran.
   */
  const lockHolders = async (county: string): Promise<{ pid: number; query: string }[]> =>
    ds.query(
      `SELECT l.pid, a.query FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database() AND a.application_name = 'scheduler'
          AND l.classid::bigint = ((hashtext($1)::bigint >> 32) & 4294967295) AND l.objid::bigint = (hashtext($1)::bigint & 4294967295)`,
      [countyLockKey(county)],
    );
  const run = async (id: string) => (await ds.query(`SELECT status, attempts, summary FROM scheduler.runs WHERE id = $1`, [id]))[0];
  /** ObligationRaised rows in the outbox per obligation id, for the counties given */
  const raisedEvents = async (counties: readonly string[]): Promise<Map<string, number>> => {
    const rows: { id: string; n: number }[] = await ds.query(
      `SELECT payload->>'obligationId' AS id, count(*)::int AS n FROM scheduler.outbox WHERE type = $1 AND payload->>'countyCode' = ANY($2) GROUP BY 1`,
      [ObligationRaised.type, counties],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  };
  type Summary = { teachers: number; raised: number; events: number; open: Record<string, Record<string, number>> };
  /** Obligations the county's review found open (its summary counts them whether this attempt raised them or an earlier one did). */
  const openFound = (s: Summary) => Object.values(s.open).reduce((n, bySeverity) => n + Object.values(bySeverity).reduce((a, b) => a + b, 0), 0);
  /**
   * Each obligation the review found is in the table once, and was announced once: one ObligationRaised
   * per obligation id, the term closed once, the R1 shortfall at most once, nothing else.
   */
  const expectWrittenOnce = async (county: string, summary: Summary) => {
    const found = openFound(summary);
    const obligations: { id: string }[] = await ds.query(`SELECT id FROM scheduler.obligations WHERE county_code = $1`, [county]);
    const [dupes] = await ds.query(
      `SELECT count(*)::int AS n FROM (SELECT rule, teacher_id FROM scheduler.obligations WHERE county_code = $1 GROUP BY 1, 2 HAVING count(*) > 1) d`,
      [county],
    );
    expect({ county, obligations: obligations.length, duplicates: dupes.n }).toEqual({ county, obligations: found, duplicates: 0 });
    const events = await raisedEvents([county]);
    expect({ county, events: events.size, announcedMoreThanOnce: [...events.values()].filter((n) => n !== 1).length }).toEqual({ county, events: found, announcedMoreThanOnce: 0 });
    expect(new Set(events.keys())).toEqual(new Set(obligations.map((o) => o.id)));
    const [once] = await ds.query(
      `SELECT count(*) FILTER (WHERE type = $2)::int AS "termClosed", count(*) FILTER (WHERE type = $3)::int AS "quotaShortfall", count(*)::int AS total
         FROM scheduler.outbox WHERE payload->>'countyCode' = $1`,
      [county, TermClosed.type, QuotaShortfall.type],
    );
    expect(once.termClosed).toBe(1);
    expect(once.quotaShortfall).toBeLessThanOrEqual(1);
    expect({ county, total: once.total }).toEqual({ county, total: found + once.termClosed + once.quotaShortfall });
  };
  /** Forget what earlier runs derived (obligations, events, closings, runs); the read model stays. */
  const resetDerived = async () => {
    await ds.query(`DELETE FROM scheduler.outbox WHERE payload->>'countyCode' = ANY($1)`, [JIANGMEN_COUNTY_CODES]);
    for (const t of ['obligations', 'closings', 'runs']) await ds.query(`DELETE FROM scheduler.${t} WHERE county_code = ANY($1)`, [JIANGMEN_COUNTY_CODES]);
    await ds.query(`DELETE FROM scheduler.runs WHERE county_code IS NULL`);
    // The review closes the spring term that ends on AS_OF in the default calendar; another test file moves
    // a county's spring end (PUT /calendar), which would leave that county with no term to close.
    await ds.query(`UPDATE scheduler.terms SET ends_on = $2 WHERE county_code = ANY($1) AND school_year = 2026 AND term = 'spring'`, [JIANGMEN_COUNTY_CODES, AS_OF]);
  };

  beforeAll(async () => {
    ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, extra: { max: 4 } });
    await ds.initialize();
    token = await mintTestToken({ role: 'scheduler' }, { ttlSeconds: 3600 });
    for (const county of JIANGMEN_COUNTY_CODES) {
      const batches = county === 'kaiping' ? KAIPING_BATCHES : 1;
      await ds.transaction((m) => clearSchedulerCounty(m, county));
      for (let b = 0; b < batches; b++) {
        const data = generateCounty({ countyCode: county, seed: `resilience-${county}-${b}`, teachers: TEACHERS_PER_BATCH, asOf: '2026-11-29' });
        await ds.transaction((m) => loadSchedulerReadModel(m, data));
      }
    }
    await ds.query(`ANALYZE scheduler.teachers; ANALYZE scheduler.appointments; ANALYZE scheduler.schools`);
  }, 180000);

  afterEach(async () => {
    for (const p of schedulers.splice(0)) {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    }
    await redis?.destroy();
    redis = undefined;
  });

  afterAll(async () => {
    if (ds?.isInitialized) {
      // leave the schema as other test files expect it: none of these counties' rows
      for (const county of JIANGMEN_COUNTY_CODES) await ds.transaction((m) => clearSchedulerCounty(m, county));
      await ds.query(`DELETE FROM scheduler.runs WHERE county_code IS NULL`);
      await ds.destroy();
    }
  }, 120000);

  it('a worker killed in the middle of a county: another takes the job back and the county is written and announced once', async () => {
    await resetDerived();
    redis = await startPrivateRedis();
    const first = await startScheduler(redis.url, FAST_STALL);
    schedulers.push(first);
    await waitForCaughtUp(first.url);

    const trigger = await postJson(`${first.url}/runs`, { job: 'term-end-review', countyCode: 'kaiping', asOf: AS_OF }, bearer(token));
    expect(trigger.status).toBe(202);
    const parentId: string = trigger.body.runId;
    const countyId = parentId.replace(/^run\./, '');

    // Kill the worker half-way through the county: its review transaction is open (the county's advisory
    // lock is held) and past reading the facts — it has locked the open obligations (FOR UPDATE) and is
    // evaluating 60,000 teachers, or already writing obligations and events.
    const holder = await waitFor(
      async () => (await lockHolders('kaiping')).find((h) => /FOR UPDATE|^\s*(INSERT|UPDATE)\b/i.test(h.query)),
      'the kaiping review to get past reading its facts',
      90000,
      5,
    );
    expect((await run(countyId)).status).toBe('running');
    first.child.kill('SIGKILL');
    await first.exited;
    // PostgreSQL rolls the dead worker's transaction back: nothing of the county was committed.
    await waitFor(async () => !(await lockHolders('kaiping')).some((h) => h.pid === holder.pid), 'the killed review transaction to end', 30000);
    const [left] = await ds.query(
      `SELECT (SELECT count(*)::int FROM scheduler.obligations WHERE county_code = 'kaiping') AS obligations,
              (SELECT count(*)::int FROM scheduler.outbox WHERE payload->>'countyCode' = 'kaiping') AS events`,
    );
    expect(left).toEqual({ obligations: 0, events: 0 });
    const connection = new IORedis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection });
    try {
      expect(await (await queue.getJob(countyId))!.getState()).toBe('active'); // still held by the dead worker

      const second = await startScheduler(redis.url, FAST_STALL);
      schedulers.push(second);
      await waitFor(async () => (await run(parentId))?.status === 'completed', 'the run to complete on the second scheduler', 120000, 200);

      const county = await run(countyId);
      expect(county.status).toBe('completed');
      expect(county.attempts).toBeGreaterThanOrEqual(2); // the killed attempt, then the one that finished
      const job = (await queue.getJob(countyId))!;
      expect(await job.getState()).toBe('completed');
      expect(job.stalledCounter).toBeGreaterThanOrEqual(1);
      await expectReviewedAll('kaiping', county.summary.teachers, KAIPING_BATCHES * TEACHERS_PER_BATCH);
      // the killed attempt committed nothing, so the attempt that finished raised every obligation
      expect(county.summary.raised).toBe(openFound(county.summary));
      expect(county.summary.raised).toBeGreaterThan(0);
      await expectWrittenOnce('kaiping', county.summary);
      expect(await stopScheduler(second)).toBe(0);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }, 240000);

  it('Redis restarted during a run over all seven counties: the run completes and nothing is announced twice', async () => {
    await resetDerived();
    redis = await startPrivateRedis();
    const scheduler = await startScheduler(redis.url, FAST_STALL);
    schedulers.push(scheduler);
    await waitForCaughtUp(scheduler.url);

    const trigger = await postJson(`${scheduler.url}/runs`, { job: 'term-end-review', asOf: AS_OF }, bearer(token));
    expect(trigger.status).toBe(202);
    const parentId: string = trigger.body.runId;
    const countyRunIds = parentId.replace(/^run\./, '').replace('.all.', '.%.'); // term-end-review.<county>.<date>.<suffix>
    const completed = async (): Promise<number> =>
      (await ds.query(`SELECT count(*)::int AS n FROM scheduler.runs WHERE id LIKE $1 AND county_code IS NOT NULL AND status = 'completed'`, [countyRunIds]))[0].n;

    // While the first counties are being reviewed, Redis goes away (SIGTERM: it writes its append-only
    // file and exits) for longer than a job lock lasts, and comes back on the same port with the same data.
    await waitFor(async () => (await Promise.all(JIANGMEN_COUNTY_CODES.map(lockHolders))).some((holders) => holders.length > 0), 'a county review to start', 60000, 10);
    const completedBeforeOutage = await completed();
    await redis.stop();
    const down = await waitFor(async () => {
      const h = await http(`${scheduler.url}/health`);
      return h.status === 503 ? h : null;
    }, '/health to report Redis down');
    expect(down.body.down).toEqual(['redis']);
    await new Promise((r) => setTimeout(r, 3000));
    await redis.start();

    await waitFor(async () => (await run(parentId))?.status === 'completed', 'the run to complete after the Redis restart', 180000, 200);
    expect(completedBeforeOutage).toBeLessThan(JIANGMEN_COUNTY_CODES.length);
    expect(scheduler.child.exitCode).toBeNull(); // the service lived through the outage
    expect((await http(`${scheduler.url}/health`)).status).toBe(200);

    const runs: { countyCode: string; status: string; summary: Summary }[] = await ds.query(
      `SELECT county_code AS "countyCode", status, summary FROM scheduler.runs WHERE id LIKE $1 AND county_code IS NOT NULL ORDER BY county_code`,
      [countyRunIds],
    );
    expect(runs.map((r) => [r.countyCode, r.status])).toEqual([...JIANGMEN_COUNTY_CODES].sort().map((c) => [c, 'completed']));
    for (const r of runs) {
      await expectReviewedAll(r.countyCode, r.summary.teachers, (r.countyCode === 'kaiping' ? KAIPING_BATCHES : 1) * TEACHERS_PER_BATCH);
      await expectWrittenOnce(r.countyCode, r.summary);
    }
    const parent = await run(parentId);
    expect(parent.summary.counties).toBe(JIANGMEN_COUNTY_CODES.length);
    expect(await stopScheduler(scheduler)).toBe(0);
  }, 300000);

  it('registers the three job schedulers once, with stable ids in Asia/Shanghai, however many instances start', async () => {
    redis = await startPrivateRedis();
    const env = { ...process.env, REDIS_URL: redis.url, SCHEDULER_HTTP_PORT: '0' };
    const started: RunningService[] = [];
    const connection = new IORedis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection });
    const expected = JOB_SCHEDULES.map((s) => ({ id: s.id, pattern: s.pattern, tz: SCHEDULER_TIME_ZONE })).sort((a, b) => a.id.localeCompare(b.id));
    const schedulersNow = async () =>
      (await queue.getJobSchedulers()).map((s) => ({ id: s.key, pattern: s.pattern, tz: s.tz })).sort((a, b) => a.id.localeCompare(b.id));
    try {
      // two instances booting at once, then a third after one of them stopped (a restart)
      started.push(...(await Promise.all([startService(schedulerService, env), startService(schedulerService, env)])));
      expect(await schedulersNow()).toEqual(expected);
      await started.shift()!.stop();
      started.push(await startService(schedulerService, env));
      expect(await schedulersNow()).toEqual(expected);
      // one pending next run per scheduler, not one per instance
      const next = await queue.getDelayed();
      expect(next.map((j) => j.name)).toEqual(['dispatch', 'dispatch', 'dispatch']);
      expect(new Set(next.map((j) => j.repeatJobKey))).toEqual(new Set(expected.map((s) => s.id)));
    } finally {
      for (const s of started) await s.stop();
      await queue.close();
      connection.disconnect();
    }
  }, 120000);
});
