import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { MoveApproved } from '@app/contracts';
import { bearer, mintTestToken, publishEvent, waitFor } from '@app/testing';
import { shanghaiToday, schoolYearOf } from '../support/staffing-fixture';
import type { ServiceName } from '@app/testing';
import { countyCodeFor, faultCounty, FaultSystem, post } from './fault-system';

/**
 * Fault tests of the whole system on the real broker (README "Fault tests"): every service is its own
 * process on a private Kafka cluster. Each test makes staffing writes through its HTTP API while a fault
 * happens, then counts, per read model, the rows its events must have made against staffing's own rows:
 * every event must reach every consumer exactly once in effect. Figures are printed for the closing note.
 */
const ALL: ServiceName[] = ['staffing', 'rotation', 'subsidies', 'training', 'scheduler'];

interface Workload {
  county: string;
  hr: Record<string, string>;
  schools: { id: string; postId: string }[];
}

async function prepare(sys: FaultSystem, county: string, schools: number, placesPerSchool: number): Promise<Workload> {
  const hr = await faultCounty(sys.db, county);
  const staffing = () => sys.service('staffing').url;
  const year = schoolYearOf(shanghaiToday());
  const made: Workload['schools'] = [];
  for (let i = 0; i < schools; i++) {
    const school = await post(staffing, '/schools', hr, { countyCode: county, code: `${county}-S${i}`, name: `故障测试学校${i}`, type: 'township_central', rural: true, remoteTier: 2 });
    const p = await post(staffing, `/schools/${school.id}/posts`, hr, { subjectCode: 'mathematics', category: 'teacher' });
    const r = await fetch(`${staffing()}/posts/${p.id}/quotas/${year}`, { method: 'PUT', headers: { ...hr, 'content-type': 'application/json' }, body: JSON.stringify({ approvedHeadcount: placesPerSchool, version: p.version }) });
    if (r.status !== 200) throw new Error(`quota: ${r.status} ${await r.text()}`);
    made.push({ id: school.id, postId: p.id });
  }
  return { county, hr, schools: made };
}

/** `teachers` teachers, each registered and appointed (two writes, two events), `concurrency` at a time. */
async function hire(sys: FaultSystem, w: Workload, teachers: number, concurrency: number, tag: string, onProgress?: (writes: number) => void): Promise<number> {
  const staffing = () => sys.service('staffing').url;
  const today = shanghaiToday();
  let next = 0;
  let writes = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < teachers) {
        const n = next++;
        const staffNo = `${tag}-${n}`;
        let t = await post(staffing, '/teachers', w.hr, { countyCode: w.county, staffNo, name: `教师${n}`, gender: n % 2 ? 'male' : 'female', birthDate: '1988-03-01', firstServiceDate: '2010-09-01', subjects: ['mathematics'] });
        if (t.retriedAfterCommit) {
          const found = (await fetch(`${staffing()}/teachers?countyCode=${w.county}&q=${encodeURIComponent(staffNo)}`, { headers: w.hr }).then((r) => r.json())) as { items: { id: string; staffNo: string }[] };
          t = found.items.find((x) => x.staffNo === staffNo)!;
        }
        writes++;
        const school = w.schools[n % w.schools.length];
        const a = await post(staffing, '/appointments', w.hr, { teacherId: t.id, schoolId: school.id, postId: school.postId, kind: 'regular', startDate: today });
        if (a.retriedAfterCommit && !String(a.code ?? '').includes('OVERLAP')) throw new Error(`appointment retry for ${staffNo}: ${JSON.stringify(a)}`);
        writes++;
        onProgress?.(writes);
      }
    }),
  );
  return writes;
}

/** Staffing's rows of the county and each read model's copy of them. */
async function counts(sys: FaultSystem, county: string) {
  const q = (sql: string) => sys.count(sql, [county]);
  return {
    staffing: {
      teachers: await q(`SELECT count(*) AS n FROM staffing.teachers WHERE county_code = $1`),
      appointments: await q(`SELECT count(*) AS n FROM staffing.appointments a JOIN staffing.teachers t ON t.id = a.teacher_id WHERE t.county_code = $1`),
      schools: await q(`SELECT count(*) AS n FROM staffing.schools WHERE county_code = $1`),
    },
    rotation: {
      teachers: await q(`SELECT count(*) AS n FROM rotation.teachers WHERE county_code = $1`),
      appointments: await q(`SELECT count(*) AS n FROM rotation.appointments a JOIN rotation.teachers t USING (teacher_id) WHERE t.county_code = $1`),
      schools: await q(`SELECT count(*) AS n FROM rotation.schools WHERE county_code = $1`),
    },
    scheduler: {
      teachers: await q(`SELECT count(*) AS n FROM scheduler.teachers WHERE county_code = $1`),
      appointments: await q(`SELECT count(*) AS n FROM scheduler.appointments WHERE county_code = $1`),
      schools: await q(`SELECT count(*) AS n FROM scheduler.schools WHERE county_code = $1`),
    },
    subsidies: { schools: await q(`SELECT count(*) AS n FROM subsidies.schools WHERE county_code = $1`) },
    training: {
      teachers: await q(`SELECT count(*) AS n FROM training.teachers WHERE county_code = $1`),
      appointments: await q(`SELECT count(*) AS n FROM training.appointments a JOIN training.teachers t USING (teacher_id) WHERE t.county_code = $1`),
      schools: await q(`SELECT count(*) AS n FROM training.schools WHERE county_code = $1`),
    },
  };
}

type Counts = Awaited<ReturnType<typeof counts>>;

function allCaughtUp(c: Counts): boolean {
  const s = c.staffing;
  return (
    c.rotation.teachers === s.teachers &&
    c.rotation.appointments === s.appointments &&
    c.rotation.schools === s.schools &&
    c.scheduler.teachers === s.teachers &&
    c.scheduler.appointments === s.appointments &&
    c.scheduler.schools === s.schools &&
    c.subsidies.schools === s.schools &&
    c.training.teachers === s.teachers &&
    c.training.appointments === s.appointments &&
    c.training.schools === s.schools
  );
}

/** Events each consumer recorded as applied for this county's aggregates, against the events staffing published. */
async function effectsOnce(sys: FaultSystem, county: string): Promise<Record<string, { published: number; applied: number }>> {
  const ids = `SELECT o.id::text FROM staffing.outbox o WHERE o.aggregate_id IN (SELECT id::text FROM staffing.teachers WHERE county_code = $1 UNION ALL SELECT id::text FROM staffing.schools WHERE county_code = $1)`;
  const published = await sys.count(`SELECT count(*) AS n FROM (${ids}) x`, [county]);
  const out: Record<string, { published: number; applied: number }> = {};
  for (const consumer of ['rotation', 'scheduler', 'training'] as const) {
    out[consumer] = { published, applied: await sys.count(`SELECT count(*) AS n FROM ${consumer}.processed_messages WHERE consumer = '${consumer}' AND event_id IN (${ids})`, [county]) };
  }
  return out;
}

describe('faults: the system on a real broker', () => {
  const sys = new FaultSystem({ names: ALL, proxiedDatabase: ['rotation', 'scheduler', 'subsidies', 'training'] });
  beforeAll(async () => sys.start(), 180000);
  afterAll(async () => sys.stop(), 60000);

  it('(a) the broker killed (SIGKILL) for 60 s while 10,000 staffing writes are made: every event reaches every consumer exactly once', async () => {
    const w = await prepare(sys, countyCodeFor('fa'), 25, 240);
    let killedAt = 0;
    const t0 = performance.now();
    const writing = hire(sys, w, 5000, 16, 'A', (writes) => {
      if (writes >= 1000 && killedAt === 0) {
        killedAt = performance.now();
        sys.cluster.kill();
      }
    });
    const writes = await writing;
    const writesDone = performance.now();
    const backlog = await sys.count(`SELECT count(*) AS n FROM staffing.outbox WHERE published_at IS NULL`);
    const during = await counts(sys, w.county);
    // Keep it down for 60 s in all, then restart it on the same data.
    await new Promise((r) => setTimeout(r, Math.max(0, 60000 - (performance.now() - killedAt))));
    const restartAt = performance.now();
    await sys.cluster.restart();
    const upAt = performance.now();
    await waitFor(async () => allCaughtUp(await counts(sys, w.county)), 'every read model to hold every event', 240000, 500);
    const caughtUp = performance.now();
    const final = await counts(sys, w.county);
    const once = await effectsOnce(sys, w.county);
    console.log(
      `fault (a): ${writes} writes in ${((writesDone - t0) / 1000).toFixed(1)} s (${Math.round(writes / ((writesDone - t0) / 1000))}/s), the broker killed after 1,000 and down ${((restartAt - killedAt) / 1000).toFixed(0)} s; ` +
        `outbox backlog when writes ended ${backlog}; read models then held ${during.rotation.teachers}/${during.staffing.teachers} teachers (rotation); ` +
        `broker back in ${((upAt - restartAt) / 1000).toFixed(1)} s, every read model complete ${((caughtUp - upAt) / 1000).toFixed(1)} s later; ` +
        `final ${JSON.stringify(final)}; events applied once: ${JSON.stringify(once)}; dead letters ${await sys.deadLetters()}`,
    );
    expect(writes).toBe(10000);
    expect(final.staffing).toEqual({ teachers: 5000, appointments: 5000, schools: 25 });
    expect(allCaughtUp(final)).toBe(true);
    for (const c of Object.values(once)) expect(c.applied).toBe(c.published);
    expect(await sys.deadLetters()).toBe(0);
  }, 420000);

  it('(b) each service in turn killed (SIGKILL) mid-stream and restarted: the same counts, no duplicate effects (appointments, moves, obligations)', async () => {
    const w = await prepare(sys, countyCodeFor('fb'), 25, 120);
    const staffing = () => sys.service('staffing').url;
    const today = shanghaiToday();
    const nextYear = schoolYearOf(today) + 1;
    // Thirty new village teachers inside their R3 window (first service 2022), and a school for each to move to.
    const village = await post(staffing, '/schools', w.hr, { countyCode: w.county, code: `${w.county}-V`, name: '故障测试村小', type: 'village_primary', rural: true, remoteTier: 3 });
    const villagePost = await post(staffing, `/schools/${village.id}/posts`, w.hr, { subjectCode: 'mathematics', category: 'teacher' });
    await fetch(`${staffing()}/posts/${villagePost.id}/quotas/${schoolYearOf(today)}`, { method: 'PUT', headers: { ...w.hr, 'content-type': 'application/json' }, body: JSON.stringify({ approvedHeadcount: 30, version: villagePost.version }) });
    const movers: { teacherId: string; toSchoolId: string }[] = [];
    for (let i = 0; i < 30; i++) {
      const t = await post(staffing, '/teachers', w.hr, { countyCode: w.county, staffNo: `${w.county}-R3-${i}`, name: `村小教师${i}`, gender: 'female', birthDate: '1999-05-01', firstServiceDate: '2022-09-01', subjects: ['mathematics'] });
      await post(staffing, '/appointments', w.hr, { teacherId: t.id, schoolId: village.id, postId: villagePost.id, kind: 'regular', startDate: '2022-09-01' });
      const dest = await post(staffing, '/schools', w.hr, { countyCode: w.county, code: `${w.county}-D${i}`, name: `故障测试中心校${i}`, type: 'township_central', rural: true, remoteTier: 1 });
      const destPost = await post(staffing, `/schools/${dest.id}/posts`, w.hr, { subjectCode: 'mathematics', category: 'teacher' });
      await fetch(`${staffing()}/posts/${destPost.id}/quotas/${nextYear}`, { method: 'PUT', headers: { ...w.hr, 'content-type': 'application/json' }, body: JSON.stringify({ approvedHeadcount: 1, version: destPost.version }) });
      movers.push({ teacherId: t.id, toSchoolId: dest.id });
    }
    const moveIds = movers.map(() => randomUUID());

    // The stream: 2,000 teachers hired (4,000 writes) while the approved moves arrive, one every 250 ms.
    const stream = hire(sys, w, 2000, 8, 'B');
    const moves = (async () => {
      for (let i = 0; i < movers.length; i++) {
        await publishEvent(sys.cluster.brokers, MoveApproved, { moveId: moveIds[i], teacherId: movers[i].teacherId, fromSchoolId: village.id, toSchoolId: movers[i].toSchoolId, kind: 'regular', role: 'teacher', workloadShare: 1, effectiveDate: `${nextYear}-09-01`, endDate: null });
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const killed: string[] = [];
    for (const name of ['rotation', 'scheduler', 'subsidies', 'training', 'staffing'] as ServiceName[]) {
      await new Promise((r) => setTimeout(r, 1500));
      const t = performance.now();
      await sys.service(name).kill();
      await sys.service(name).start();
      killed.push(`${name} back in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const writes = await stream;
    await moves;
    await waitFor(async () => allCaughtUp(await counts(sys, w.county)), 'every read model to hold every event', 240000, 500);
    await waitFor(async () => (await sys.count(`SELECT count(*) AS n FROM scheduler.moves WHERE move_id = ANY($1::uuid[])`, [moveIds])) === 30, 'the scheduler to hold the 30 moves', 60000, 200);

    // The scheduler killed while it reviews the county: its job is taken over, nothing is raised twice.
    const operator = bearer(await mintTestToken({ role: 'scheduler' }));
    const run = await post(() => sys.service('scheduler').url, '/runs', operator, { job: 'obligation-refresh', countyCode: w.county });
    await new Promise((r) => setTimeout(r, 100));
    await sys.service('scheduler').kill();
    await sys.service('scheduler').start();
    await waitFor(
      async () => {
        const r = await fetch(`${sys.service('scheduler').url}/runs/${encodeURIComponent(run.runId)}`, { headers: operator }).then((x) => x.json() as Promise<{ status: string }>);
        return r.status === 'completed';
      },
      'the obligation run to complete after the kill',
      120000,
      500,
    );
    const obligations = await sys.count(`SELECT count(*) AS n FROM scheduler.obligations WHERE county_code = $1`, [w.county]);
    const distinct = await sys.count(`SELECT count(DISTINCT (teacher_id, rule)) AS n FROM scheduler.obligations WHERE county_code = $1`, [w.county]);
    const raised = await sys.count(`SELECT count(*) AS n FROM scheduler.outbox WHERE type = 'scheduler.ObligationRaised.v1' AND payload->>'countyCode' = $1`, [w.county]);
    await waitFor(async () => (await sys.count(`SELECT count(*) AS n FROM rotation.obligations WHERE county_code = $1`, [w.county])) === obligations, "rotation's copy of the obligations", 60000, 200);

    const final = await counts(sys, w.county);
    const once = await effectsOnce(sys, w.county);
    const applied = await sys.count(`SELECT count(*) AS n FROM staffing.moves WHERE move_id = ANY($1::uuid[]) AND status = 'applied'`, [moveIds]);
    const newAppointments = await sys.count(`SELECT count(*) AS n FROM staffing.appointments WHERE move_id = ANY($1::uuid[])`, [moveIds]);
    console.log(
      `fault (b): ${writes} writes while ${killed.join(', ')}; moves applied ${applied}/30 with ${newAppointments} appointments; ` +
        `obligations ${obligations} (distinct ${distinct}, ObligationRaised ${raised}); final ${JSON.stringify(final)}; events applied once: ${JSON.stringify(once)}; dead letters ${await sys.deadLetters()}`,
    );
    expect(writes).toBe(4000);
    expect(allCaughtUp(final)).toBe(true);
    expect(final.staffing.teachers).toBe(2030);
    expect(applied).toBe(30);
    expect(newAppointments).toBe(30);
    expect(obligations).toBeGreaterThan(0);
    expect(distinct).toBe(obligations);
    expect(raised).toBe(obligations);
    for (const c of Object.values(once)) expect(c.applied).toBe(c.published);
    expect(await sys.deadLetters()).toBe(0);
  }, 600000);

  it('(d) PostgreSQL restarted (every connection dropped, refused for 15 s) while events are consumed: nothing lost, the services recover by themselves', async () => {
    const w = await prepare(sys, countyCodeFor('fd'), 10, 200);
    let cutAt = 0;
    let restoredAt = 0;
    const outage = (async () => {
      await new Promise((r) => setTimeout(r, 1500));
      cutAt = performance.now();
      await sys.dbProxy!.outage();
      await new Promise((r) => setTimeout(r, 15000));
      await sys.dbProxy!.restore();
      restoredAt = performance.now();
    })();
    const writes = await hire(sys, w, 1500, 8, 'D');
    await outage;
    const healthDuring: Record<string, number> = {};
    await waitFor(async () => allCaughtUp(await counts(sys, w.county)), 'every read model to hold every event', 240000, 500);
    const caughtUp = performance.now();
    for (const name of ['rotation', 'scheduler', 'subsidies', 'training'] as ServiceName[]) {
      await waitFor(async () => (healthDuring[name] = (await fetch(`${sys.service(name).url}/health`)).status) === 200, `${name} healthy again`, 60000, 200);
      expect(sys.service(name).running).toBe(true);
    }
    const once = await effectsOnce(sys, w.county);
    console.log(
      `fault (d): ${writes} writes; the database unreachable for the consumers for ${((restoredAt - cutAt) / 1000).toFixed(0)} s; every read model complete ${((caughtUp - restoredAt) / 1000).toFixed(1)} s after it came back, ` +
        `every service healthy again without a restart; events applied once: ${JSON.stringify(once)}; dead letters ${await sys.deadLetters()}`,
    );
    expect(writes).toBe(3000);
    for (const c of Object.values(once)) expect(c.applied).toBe(c.published);
    expect(await sys.deadLetters()).toBe(0);
  }, 420000);
});
