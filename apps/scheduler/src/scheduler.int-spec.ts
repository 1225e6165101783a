import { randomUUID } from 'node:crypto';
import { SchoolRegistered, TeacherAppointed, TeacherRegistered, type EventData } from '@app/contracts';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, postJson, publishEvent, startPrivateRedis, waitFor, type PrivateRedis } from '@app/testing';
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
    svc = await startService(schedulerService, { ...process.env, SCHEDULER_HTTP_PORT: '0', REDIS_URL: redis.url });
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
      return n === 2 && s === 2;
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
