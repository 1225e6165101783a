import { randomUUID } from 'node:crypto';
import { MoveApproved, MoveRejected, SchoolRegistered, TeacherAppointed, TeacherRegistered, type EventData } from '@app/contracts';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, postJson, publishEvent, startPrivateRedis, waitFor, waitForCaughtUp, type PrivateRedis } from '@app/testing';
import { schedulerService } from './scheduler.service';

/**
 * The scheduler end to end: staffing's events build its read model, a run fans out through BullMQ,
 * R2 and R3 obligations are raised once, an exemption resolves one, and re-runs announce nothing new.
 */
describe('scheduler service', () => {
  let svc: RunningService;
  let redis: PrivateRedis;
  let operator: Record<string, string>;
  const brokers = () => process.env.KAFKA_BROKERS!;
  const county = 'jianghai';
  const asOf = '2027-03-15';
  const village = randomUUID();
  const central = randomUUID();
  const leader = randomUUID();
  const newcomer = randomUUID();

  const school = (schoolId: string, type: 'village_primary' | 'township_central'): EventData<typeof SchoolRegistered> => ({
    schoolId,
    countyCode: county,
    code: `JH-${schoolId.slice(0, 6)}`,
    name: type === 'village_primary' ? '礼乐村小学' : '礼乐中心小学',
    type,
    districtCode: null,
    weak: false,
    smallScale: false,
    rural: true,
    remoteTier: 0,
  });
  const teacher = (teacherId: string, birthDate: string, firstServiceDate: string, category: 'teacher' | 'principal'): EventData<typeof TeacherRegistered> => ({
    teacherId,
    countyCode: county,
    name: '测试',
    gender: 'male',
    birthDate,
    firstServiceDate,
    subjects: ['chinese'],
    title: null,
    backboneLevel: 'none',
    category,
  });
  const appointment = (teacherId: string, schoolId: string, role: 'teacher' | 'principal', startDate: string): EventData<typeof TeacherAppointed> => ({
    appointmentId: randomUUID(),
    teacherId,
    schoolId,
    countyCode: county,
    postId: null,
    subject: null,
    kind: 'regular',
    role,
    workloadShare: 1,
    startDate,
    endDate: null,
    moveId: null,
  });

  async function run(body: Record<string, unknown>) {
    const started = await postJson(`${svc.url}/runs`, body, operator);
    expect([started.status, started.status === 202 ? null : started.body]).toEqual([202, null]);
    const done = await waitFor(async () => {
      const r = await http(`${svc.url}/runs/${encodeURIComponent(started.body.runId)}`, { headers: operator });
      return r.body.status === 'completed' ? r.body : r.body.status === 'failed' ? Promise.reject(new Error(r.body.error)) : null;
    }, `run ${started.body.runId}`, 30000, 100);
    return done;
  }
  const outbox = async (type: string) =>
    (await svc.dataSource.query(`SELECT payload FROM scheduler.outbox WHERE type = $1 AND payload->>'countyCode' = $2`, [type, county])).map((r: { payload: any }) => r.payload);

  beforeAll(async () => {
    // A private Redis: a scheduler left running on this machine (npm start) must not take the test's jobs.
    redis = await startPrivateRedis();
    // a county job that keeps failing fails its run after 2 tries, 50 ms apart (production: 5 tries from 2 s)
    svc = await startService(schedulerService, { ...process.env, SCHEDULER_HTTP_PORT: '0', REDIS_URL: redis.url, SCHEDULER_JOB_ATTEMPTS: '2', SCHEDULER_RETRY_DELAY_MS: '50' });
    // what the shared broker holds for the scheduler group since its last run: reviews refuse a copy behind
    await waitForCaughtUp(svc.url);
    operator = bearer(await mintTestToken({ role: 'scheduler' }));
    await publishEvent(brokers(), SchoolRegistered, school(village, 'village_primary'));
    await publishEvent(brokers(), SchoolRegistered, school(central, 'township_central'));
    // A principal in post since 2014-09-01: 12 years at the 2026-09-01 cycle, so overdue by 2027.
    await publishEvent(brokers(), TeacherRegistered, teacher(leader, '1975-05-01', '1997-09-01', 'principal'));
    await publishEvent(brokers(), TeacherAppointed, appointment(leader, central, 'principal', '2014-09-01'));
    // A village teacher since 2022-09-01 with no placement: under two years left in the 5-year window.
    await publishEvent(brokers(), TeacherRegistered, teacher(newcomer, '1999-01-01', '2022-09-01', 'teacher'));
    await publishEvent(brokers(), TeacherAppointed, appointment(newcomer, village, 'teacher', '2022-09-01'));
    await waitFor(async () => {
      const [{ n }] = await svc.dataSource.query(`SELECT count(*)::int AS n FROM scheduler.appointments WHERE county_code = $1`, [county]);
      const [{ s }] = await svc.dataSource.query(`SELECT count(*)::int AS s FROM scheduler.schools WHERE school_id = ANY($1)`, [[village, central]]);
      // Teachers come on their own topic, which may lag the appointments'.
      const [{ t }] = await svc.dataSource.query(`SELECT count(*)::int AS t FROM scheduler.teachers WHERE teacher_id = ANY($1)`, [[leader, newcomer]]);
      return n === 2 && s === 2 && t === 2;
    }, 'the read model to fill from staffing events', 30000);
  });
  afterAll(async () => {
    await svc.stop();
    await redis.destroy();
  });

  it('raises R2 and R3 obligations once, through a BullMQ run, and a re-run emits nothing new', async () => {
    const first = await run({ job: 'obligation-refresh', countyCode: county, asOf });
    expect(first.summary).toMatchObject({ counties: 1 });
    const obligations = await http(`${svc.url}/obligations?countyCode=${county}`, { headers: operator });
    const byTeacher = Object.fromEntries(obligations.body.items.map((o: any) => [o.teacherId, o]));
    expect(byTeacher[leader]).toMatchObject({ rule: 'R2', severity: 'overdue' });
    expect(byTeacher[newcomer]).toMatchObject({ rule: 'R3', severity: 'due', dueBy: '2027-09-01' });
    expect(await outbox('scheduler.ObligationRaised.v1')).toHaveLength(2);

    await run({ job: 'obligation-refresh', countyCode: county, asOf });
    expect(await outbox('scheduler.ObligationRaised.v1')).toHaveLength(2);
  });

  it('resolves an obligation once the teacher is exempt, and says why', async () => {
    const hr = bearer(await mintTestToken({ role: 'county_hr', county }));
    const exemption = await postJson(`${svc.url}/exemptions`, { teacherId: newcomer, countyCode: county, reason: '产假 maternity leave', from: '2027-01-01', until: '2027-12-31' }, hr);
    expect(exemption.status).toBe(201);
    const [audited] = await svc.dataSource.query(`SELECT action, actor_role AS role, after FROM scheduler.audit_log WHERE entity_type = 'exemption' AND entity_id = $1`, [exemption.body.id]);
    expect(audited).toMatchObject({ action: 'exemption.record', role: 'county_hr', after: expect.objectContaining({ teacherId: newcomer, reason: '产假 maternity leave' }) });
    const unknown = await postJson(`${svc.url}/exemptions`, { teacherId: randomUUID(), countyCode: county, reason: 'x', from: '2027-01-01', until: '2027-12-31' }, hr);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'SCHEDULER.TEACHER_NOT_FOUND']);
    expect(await outbox('scheduler.ExemptionRecorded.v1')).toEqual([expect.objectContaining({ teacherId: newcomer, reason: '产假 maternity leave', from: '2027-01-01', until: '2027-12-31' })]);
    await run({ job: 'obligation-refresh', countyCode: county, asOf });
    const resolved = await outbox('scheduler.ObligationResolved.v1');
    expect(resolved).toEqual([expect.objectContaining({ teacherId: newcomer, rule: 'R3', reason: expect.stringContaining('产假') })]);
    const open = await http(`${svc.url}/obligations?countyCode=${county}&rule=R3`, { headers: operator });
    expect(open.body.items.map((o: any) => o.teacherId)).not.toContain(newcomer);
  });

  it('closes a month and a term once each, and checks the 5% quota at the spring term-end', async () => {
    await run({ job: 'monthly-close', countyCode: county, asOf: '2027-08-01' });
    await run({ job: 'monthly-close', countyCode: county, asOf: '2027-08-01' });
    expect(await outbox('scheduler.MonthClosed.v1')).toEqual([{ countyCode: county, month: '2027-07', firstDay: '2027-07-01', lastDay: '2027-07-31' }]);

    const hr = bearer(await mintTestToken({ role: 'county_hr', county }));
    const term = await http(`${svc.url}/calendar/${county}/2026/spring`, { method: 'PUT', headers: { ...hr, 'content-type': 'application/json' }, body: JSON.stringify({ endsOn: '2027-07-09' }) });
    expect(term.body).toEqual({ countyCode: county, schoolYear: 2026, term: 'spring', endsOn: '2027-07-09' });
    const review = await run({ job: 'term-end-review', countyCode: county, asOf: '2027-07-09' });
    expect(review.summary.results[0]).toMatchObject({ term: '2026 spring', quota: { moved: 0, teachers: 2, required: 1, shortfall: 1 } });
    await run({ job: 'term-end-review', countyCode: county, asOf: '2027-07-09' });
    expect(await outbox('scheduler.TermClosed.v1')).toEqual([{ countyCode: county, schoolYear: 2026, term: 'spring', endedOn: '2027-07-09' }]);
    expect(await outbox('scheduler.QuotaShortfall.v1')).toEqual([expect.objectContaining({ schoolYear: 2026, moved: 0, teachers: 2, required: 1, shortfall: 1, requiredRatio: 0.05 })]);
  });

  it('counts toward R1 only the approved moves staffing applied, not those it rejected', async () => {
    const other = 'movetest';
    const hr = bearer(await mintTestToken({ role: 'county_hr', county: other }));
    const [applied, rejected, staying] = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of [applied, rejected, staying]) {
      await publishEvent(brokers(), TeacherRegistered, { ...teacher(id, '1985-01-01', '2010-09-01', 'teacher'), countyCode: other });
      await publishEvent(brokers(), TeacherAppointed, { ...appointment(id, village, 'teacher', '2015-09-01'), countyCode: other });
    }
    const move = (teacherId: string) => ({ moveId: randomUUID(), teacherId, fromSchoolId: village, toSchoolId: central, kind: 'rotation' as const, role: 'teacher' as const, workloadShare: 1, effectiveDate: '2026-09-01', endDate: null });
    const [a, r] = [move(applied), move(rejected)];
    await publishEvent(brokers(), MoveApproved, a);
    await publishEvent(brokers(), MoveApproved, r);
    // staffing applied one (its appointment carries the move id) and refused the other
    await publishEvent(brokers(), TeacherAppointed, { ...appointment(applied, central, 'teacher', '2026-09-01'), countyCode: other, kind: 'rotation', moveId: a.moveId });
    await publishEvent(brokers(), MoveRejected, { moveId: r.moveId, teacherId: rejected, code: 'STAFFING.QUOTA_EXCEEDED', reason: 'post full' });
    await waitFor(async () => {
      const [{ n }] = await svc.dataSource.query(
        `SELECT (SELECT count(*) FROM scheduler.appointments WHERE county_code = $1) + (SELECT count(*) FROM scheduler.moves WHERE teacher_id = ANY($2)) + (SELECT count(*) FROM scheduler.move_rejections WHERE teacher_id = ANY($2)) AS n`,
        [other, [applied, rejected]],
      );
      return Number(n) === 7;
    }, 'the moves and their outcomes in the read model', 30000);
    await http(`${svc.url}/calendar/${other}/2026/spring`, { method: 'PUT', headers: { ...hr, 'content-type': 'application/json' }, body: JSON.stringify({ endsOn: '2027-07-09' }) });
    const review = await run({ job: 'term-end-review', countyCode: other, asOf: '2027-07-09' });
    expect(review.summary.results[0]).toMatchObject({ quota: { moved: 1, teachers: 3, required: 1, shortfall: 0 }, movesNotCounted: { rejected: 1, notApplied: 0 } });
  });

  it('fails a run visibly when a county exhausts its retries, naming the county and the error, and lets the others finish', async () => {
    const failing = 'heshan';
    const principal = randomUUID();
    await publishEvent(brokers(), TeacherRegistered, { ...teacher(principal, '1980-05-01', '2002-09-01', 'principal'), countyCode: failing });
    await publishEvent(brokers(), TeacherAppointed, { ...appointment(principal, central, 'principal', '2010-09-01'), countyCode: failing });
    await waitFor(async () => (await svc.dataSource.query(`SELECT 1 FROM scheduler.appointments WHERE teacher_id = $1`, [principal])).length === 1, 'the principal in the read model', 30000);
    // the county's obligations cannot be written (as if its data broke a constraint): every try fails
    await svc.dataSource.query(`CREATE OR REPLACE FUNCTION scheduler.test_refuse_heshan() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.county_code = 'heshan' THEN RAISE EXCEPTION 'heshan''s obligations cannot be written (test)'; END IF; RETURN NEW; END $$`);
    await svc.dataSource.query(`CREATE TRIGGER test_refuse_heshan BEFORE INSERT ON scheduler.obligations FOR EACH ROW EXECUTE FUNCTION scheduler.test_refuse_heshan()`);
    try {
      const started = await postJson(`${svc.url}/runs`, { job: 'obligation-refresh', asOf }, operator);
      expect(started.status).toBe(202);
      const run = await waitFor(async () => {
        const r = await http(`${svc.url}/runs/${encodeURIComponent(started.body.runId)}`, { headers: operator });
        return r.body.status === 'running' ? null : r.body;
      }, 'the run to end', 30000, 100);
      expect(run.status).toBe('failed');
      expect(run.error).toBe(`1 of 7 counties failed: heshan: heshan's obligations cannot be written (test)`);
      expect(run.summary).toMatchObject({ counties: 7, completed: 6, failed: [{ countyCode: 'heshan', error: "heshan's obligations cannot be written (test)" }] });
      expect(run.summary.results.map((r: { countyCode: string }) => r.countyCode).sort()).toEqual(['enping', 'jianghai', 'kaiping', 'pengjiang', 'taishan', 'xinhui']);
      const counties = await http(`${svc.url}/runs?job=obligation-refresh`, { headers: operator });
      const heshan = counties.body.items.find((r: { id: string }) => r.id === started.body.runId.replace(/^run\./, '').replace('.all.', '.heshan.'));
      expect(heshan).toMatchObject({ status: 'failed', attempts: 2, error: "heshan's obligations cannot be written (test)" });
    } finally {
      await svc.dataSource.query(`DROP TRIGGER test_refuse_heshan ON scheduler.obligations`);
      await svc.dataSource.query(`DROP FUNCTION scheduler.test_refuse_heshan()`);
      await svc.dataSource.query(`DELETE FROM scheduler.appointments WHERE teacher_id = $1`, [principal]);
      await svc.dataSource.query(`DELETE FROM scheduler.teachers WHERE teacher_id = $1`, [principal]);
    }
  });

  it('rebuilds the same read model when the topics are replayed from the beginning', async () => {
    const snapshot = async () => ({
      teachers: await svc.dataSource.query(`SELECT * FROM scheduler.teachers WHERE county_code = $1 ORDER BY teacher_id`, [county]),
      appointments: await svc.dataSource.query(`SELECT * FROM scheduler.appointments WHERE county_code = $1 ORDER BY appointment_id`, [county]),
      schools: await svc.dataSource.query(`SELECT * FROM scheduler.schools WHERE county_code = $1 ORDER BY school_id`, [county]),
    });
    const before = await snapshot();
    expect(before.appointments).toHaveLength(2);
    // Lose the county's read model, then let a new consumer group read every topic from the beginning.
    await svc.dataSource.query(`DELETE FROM scheduler.appointments WHERE county_code = $1`, [county]);
    await svc.dataSource.query(`DELETE FROM scheduler.teachers WHERE county_code = $1`, [county]);
    await svc.dataSource.query(`DELETE FROM scheduler.schools WHERE county_code = $1`, [county]);
    await svc.stop();
    svc = await startService(schedulerService, { ...process.env, SCHEDULER_HTTP_PORT: '0', REDIS_URL: redis.url, KAFKA_GROUP_ID: `scheduler-replay-${randomUUID().slice(0, 8)}` });
    await waitFor(async () => {
      const now = await snapshot();
      return now.teachers.length === 2 && now.appointments.length === 2 && now.schools.length === 2;
    }, 'the replayed read model', 30000);
    expect(await snapshot()).toEqual(before);
  });

  it('keeps runs, obligations and the calendar to the roles and counties allowed', async () => {
    const other = bearer(await mintTestToken({ role: 'county_hr', county: 'taishan' }));
    expect((await http(`${svc.url}/obligations?countyCode=${county}`, { headers: other })).status).toBe(403);
    expect((await postJson(`${svc.url}/runs`, { job: 'monthly-close' }, other)).status).toBe(403);
    const teacherToken = bearer(await mintTestToken({ role: 'teacher', county, teacher: leader }));
    expect((await http(`${svc.url}/calendar/${county}`, { headers: teacherToken })).status).toBe(403);
    expect((await http(`${svc.url}/runs`)).status).toBe(401);
  });
});
