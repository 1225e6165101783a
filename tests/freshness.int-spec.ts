import { randomUUID } from 'node:crypto';
import { SchoolRegistered, TeacherRegistered } from '@app/contracts';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, publishEvent, waitFor } from '@app/testing';
import { rotationService } from '../apps/rotation/src/rotation.service';
import { schedulerService } from '../apps/scheduler/src/scheduler.service';

/**
 * A read model that is behind its producers says so (/health details, /metrics), and what decides from
 * it — the scheduler's reviews, the rotation planner — refuses with one sentence instead of deciding from
 * half the facts. The copy is held behind on purpose: a test transaction locks the read model's table, so
 * the consumer's batch waits on it and commits nothing until the lock goes.
 */
describe('read-model freshness', () => {
  let rotation: RunningService;
  let scheduler: RunningService;
  const county = 'freshness';
  const env = { ...process.env, ROTATION_HTTP_PORT: '0', SCHEDULER_HTTP_PORT: '0', READ_MODEL_MAX_LAG: '0' };

  beforeAll(async () => {
    rotation = await startService(rotationService, env);
    scheduler = await startService(schedulerService, env);
  });
  afterAll(async () => {
    await scheduler?.stop();
    await rotation?.stop();
  });

  async function health(svc: RunningService) {
    return (await http(`${svc.url}/health`)).body;
  }

  /** Publishes `n` teachers while `table` is locked, so the consumer cannot apply them yet. */
  async function holdBehind(svc: RunningService, table: string, n: number, body: () => Promise<void>) {
    await waitFor(async () => (await health(svc)).details.consumer.lag === 0, `${svc.def.name} caught up first`, 60000, 200);
    const runner = svc.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    try {
      for (let i = 0; i < n; i++) {
        await publishEvent(process.env.KAFKA_BROKERS!, TeacherRegistered, {
          teacherId: randomUUID(), countyCode: county, name: `新教师${i}`, gender: 'male', birthDate: '1990-01-01', firstServiceDate: '2015-09-01', subjects: ['chinese'], title: null, backboneLevel: 'none', category: 'teacher',
        });
      }
      await waitFor(async () => (await health(svc)).details.consumer.lag >= n, `${svc.def.name} to see the events it has not applied`, 30000, 100);
      await body();
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    await waitFor(async () => (await health(svc)).details.consumer.lag === 0, `${svc.def.name} to catch up`, 60000, 200);
  }

  it("the scheduler refuses a review while its copy of staffing is behind, saying by how much, and runs it once caught up", async () => {
    const operator = bearer(await mintTestToken({ role: 'scheduler' }));
    const trigger = () => http(`${scheduler.url}/runs`, { method: 'POST', headers: { ...operator, 'content-type': 'application/json' }, body: JSON.stringify({ job: 'obligation-refresh', countyCode: 'taishan', dryRun: true }) });
    await holdBehind(scheduler, 'scheduler.teachers', 25, async () => {
      const refused = await trigger();
      expect(refused.status).toBe(503);
      expect(refused.body.code).toBe('READ_MODEL.BEHIND');
      expect(refused.body.message).toMatch(/^the scheduler service's copy of staffing is \d+ events behind; try again when it has caught up$/);
      expect(refused.body.details.lag).toBeGreaterThanOrEqual(25);
      const metrics: string = (await http(`${scheduler.url}/metrics`)).body;
      const lags = [...metrics.matchAll(/^consumer_lag\{[^}]*topic="staffing\.teachers"[^}]*\} (\d+)/gm)].map((m) => Number(m[1]));
      expect(lags.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(25);
      // Monthly closes do not read the copy: they go ahead.
      const month = await http(`${scheduler.url}/runs`, { method: 'POST', headers: { ...operator, 'content-type': 'application/json' }, body: JSON.stringify({ job: 'monthly-close', countyCode: 'taishan', dryRun: true }) });
      expect(month.status).toBe(202);
    });
    const accepted = await trigger();
    expect(accepted.status).toBe(202);
  });

  it('the rotation planner refuses to solve from a copy that is behind', async () => {
    const hr = bearer(await mintTestToken({ role: 'county_hr', county }));
    const send = (method: string, path: string, body: unknown) => http(`${rotation.url}${path}`, { method, headers: { ...hr, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await publishEvent(process.env.KAFKA_BROKERS!, SchoolRegistered, { schoolId: randomUUID(), countyCode: county, code: 'FR-1', name: '学校', type: 'county_town', districtCode: null, weak: false, smallScale: false, rural: false, remoteTier: 0 });
    const cycle = (await send('POST', '/cycles', { countyCode: county, schoolYear: 2032 })).body;
    const collecting = (await send('POST', `/cycles/${cycle.id}/transitions`, { to: 'collecting', version: cycle.version, preferenceDeadline: '2032-05-31' })).body;
    const planning = (await send('POST', `/cycles/${cycle.id}/transitions`, { to: 'planning', version: collecting.version })).body;
    expect(planning.state).toBe('planning');
    await holdBehind(rotation, 'rotation.teachers', 10, async () => {
      const refused = await send('POST', `/cycles/${cycle.id}/plans`, {});
      expect(refused.status).toBe(503);
      expect(refused.body.message).toMatch(/^the rotation service's copy of staffing is \d+ events behind; try again when it has caught up$/);
      const h = await health(rotation);
      expect(h.status).toBe('ok'); // behind is not down
      expect(h.details.consumer.behindBy.staffing).toBeGreaterThanOrEqual(10);
    });
    const solved = await send('POST', `/cycles/${cycle.id}/plans`, {});
    expect(solved.status).not.toBe(503);
  });
});
