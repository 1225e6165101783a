import { TermClosed } from '@app/contracts';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, publishEvent, waitFor } from '@app/testing';
import { staffingService } from '../apps/staffing/src/staffing.service';
import { trainingService } from '../apps/training/src/training.service';
import { ensureCounties, shanghaiToday, StaffingApi, suffix } from './support/staffing-fixture';
import { buildTrainingWorld, TrainingApi, type TrainingWorld } from './support/training-fixture';

/**
 * Training over Kafka: staffing's school, teacher and appointment events build training's read model;
 * an attendance sheet with a bad row is refused whole, the fixed one posts to the ledger; a
 * scheduler.TermClosed announces the shortfalls once, a re-run after late attendance restores them.
 */
const COUNTY = 'xinhui'; // a county no other test uses, so their terms and results stay out of these counts
let staffing: RunningService;
let training: RunningService;
let api: TrainingApi;
let w: TrainingWorld;
let tag: string;

// Other test files close other terms for other counties over the same broker: count only this one's.
const outboxCount = async (type: string, subjectId: string, rule: string, period = '2026-autumn') =>
  (await training.dataSource.query(`SELECT count(*)::int AS n FROM training.outbox WHERE type = $1 AND payload->>'subjectId' = $2 AND payload->>'rule' = $3 AND payload->>'period' = $4`, [type, subjectId, rule, period]))[0].n as number;
const counts = async () =>
  (await training.dataSource.query(`SELECT (SELECT count(*)::int FROM training.attendance) AS attendance, (SELECT count(*)::int FROM training.credit_entries) AS entries,
     (SELECT count(*)::int FROM training.outbox) AS outbox, (SELECT count(*)::int FROM training.audit_log) AS audit`))[0];
const termClosed = () => publishEvent(process.env.KAFKA_BROKERS!, TermClosed, { countyCode: COUNTY, schoolYear: 2026, term: 'autumn', endedOn: '2027-01-24' });
const lastRun = async () =>
  (await training.dataSource.query(`SELECT id::int, shortfalls, restored FROM training.evaluations WHERE county_code = $1 AND period = '2026-autumn' ORDER BY id DESC LIMIT 1`, [COUNTY]))[0];

beforeAll(async () => {
  staffing = await startService(staffingService, { ...process.env, STAFFING_HTTP_PORT: '0' });
  training = await startService(trainingService, { ...process.env, TRAINING_HTTP_PORT: '0' });
  await ensureCounties(staffing.dataSource);
  await staffing.dataSource.query(`INSERT INTO staffing.counties (code, name_zh, name_en, western) VALUES ('xinhui', '新会区', 'Xinhui', false) ON CONFLICT DO NOTHING`);
  const admin = bearer(await mintTestToken({ role: 'city_admin' }));
  tag = `TR${suffix()}`;
  w = await buildTrainingWorld(new StaffingApi(staffing.url, admin), training.dataSource, COUNTY, tag, shanghaiToday());
  api = new TrainingApi(training.url, bearer(await mintTestToken({ role: 'county_hr', county: COUNTY })));
});

afterAll(async () => {
  await training?.stop();
  await staffing?.stop();
});

describe('training over Kafka', () => {
  it('builds its read model from staffing events, with the staff number and the school the teacher works at', async () => {
    const [t] = await training.dataSource.query(`SELECT staff_no, category FROM training.teachers WHERE teacher_id = $1`, [w.researcher.id]);
    expect(t).toEqual({ staff_no: `${tag}-R`, category: 'researcher' });
    const record = await api.call('GET', `/teachers/${w.teacher.id}/record`);
    expect(record.teacher).toMatchObject({ schoolId: w.school.id, rural: true, smallScale: true });
  });

  it('refuses a sheet with a bad row (row, column, nothing written), then imports the fixed sheet into the ledger', async () => {
    const a = await api.activity(COUNTY, `${tag}-A1`, { fullDays: 1, halfDays: 1 });
    expect(a.creditHours).toBe(9);
    const header = 'activityCode,staffNo,name,status,fullDays,halfDays,periods,result,certificateNo';
    const good = [`${tag}-A1,${tag}-T1,,出席,,,,合格,C-${tag}-1`, `${tag}-A1,${tag}-T2,,attended,1,,,合格,C-${tag}-2`];
    const before = await counts();
    const bad = await api.upload('attendance', COUNTY, [header, ...good, `${tag}-A1,NOBODY,,attended,,,,,`, `${tag}-A1,${tag}-T1,,maybe,,,,,C-${tag}-2`].join('\n'));
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('TRAINING.IMPORT_REJECTED');
    expect(bad.body.details.errors).toEqual([
      { row: 4, column: 'staffNo', message: expect.stringContaining('no teacher with staff number NOBODY') },
      { row: 5, column: 'status', message: expect.stringContaining('attended/absent/excused') },
    ]);
    expect(await counts()).toEqual(before);

    const ok = await api.upload('attendance', COUNTY, [header, ...good].join('\n'));
    expect({ status: ok.status, written: ok.body.written }).toEqual({ status: 200, written: { attendance: 2, unchanged: 0, postings: 2, reversals: 0, teachers: 2 } });
    const hours = await training.dataSource.query(`SELECT teacher_id, hours::float8 AS h FROM training.credit_entries WHERE activity_id = $1 ORDER BY h`, [a.id]);
    expect(hours.map((h: { h: number }) => h.h)).toEqual([6, 9]);
    expect(await training.dataSource.query(`SELECT count(*)::int AS n FROM training.outbox WHERE type = 'training.CreditPosted.v1' AND aggregate_id = ANY($1)`, [[w.teacher.id, w.teacher2.id]])).toEqual([{ n: 2 }]);

    // the same sheet again changes nothing; a corrected row reverses and reposts
    const again = await api.upload('attendance', COUNTY, [header, ...good].join('\n'));
    expect(again.body.written).toEqual({ attendance: 0, unchanged: 2, postings: 0, reversals: 0, teachers: 0 });
    const fix = await api.upload('attendance', COUNTY, [header, good[0], `${tag}-A1,${tag}-T2,,请假,,,,,`].join('\n'));
    expect(fix.body.written).toMatchObject({ attendance: 1, postings: 0, reversals: 1 });
    await expect(training.dataSource.query(`UPDATE training.credit_entries SET hours = 0`)).rejects.toThrow(/append-only/);
  });

  it('announces a TermClosed shortfall once, and the restoration after late attendance', async () => {
    const run0 = (await lastRun())?.id ?? 0;
    await termClosed();
    await waitFor(async () => ((await lastRun())?.id ?? 0) > run0, 'the autumn evaluation', 30000);
    // one special training (needs 2) and no open class: the county is short, and so is the teacher;
    // the calendar year 2026 closed with 9 of 72 hours (nothing carries over)
    expect(await outboxCount('training.ComplianceShortfall.v1', w.teacher.id, 'hours.year', '2026')).toBe(1);
    expect(await outboxCount('training.ComplianceShortfall.v1', COUNTY, 'R7.county')).toBe(1);
    expect(await outboxCount('training.ComplianceShortfall.v1', w.teacher.id, 'R7.teacher')).toBe(1);
    const results = await api.call('GET', `/compliance/results?countyCode=${COUNTY}&period=2026-autumn&rule=R7.teacher`);
    expect(results.items.find((r: any) => r.subjectId === w.teacher.id)).toMatchObject({ status: 'shortfall', required: 2, actual: 1 });
    // teacher2 was excused from the one training: 0 of 1 required
    expect(results.items.find((r: any) => r.subjectId === w.teacher2.id)).toMatchObject({ status: 'shortfall', required: 1, actual: 0 });
    // each listed with the teacher's name and staff number and the school's name (what the portal shows)
    expect(results.items.find((r: any) => r.subjectId === w.teacher.id)).toMatchObject({ name: w.teacher.name, staffNo: `${tag}-T1`, schoolName: w.school.name });
    const bySchool = await api.call('GET', `/compliance/summary?countyCode=${COUNTY}&period=2026-autumn&groupBy=school`);
    expect(bySchool.items.find((r: any) => r.key === w.school.id && r.rule === 'R7.teacher')).toMatchObject({ level: 'school', name: w.school.name, shortfall: 2, met: 0 });
    const byCounty = await api.call('GET', `/compliance/summary?countyCode=${COUNTY}&period=2026-autumn`);
    expect(byCounty.items.find((r: any) => r.rule === 'R7.county')).toMatchObject({ level: 'county', key: COUNTY, name: null, shortfall: 1 });

    const run1 = (await lastRun()).id;
    await termClosed(); // redelivered or re-sent: nothing new to announce
    await waitFor(async () => (await lastRun()).id > run1, 'the second evaluation', 30000);
    expect(await lastRun()).toMatchObject({ shortfalls: 0, restored: 0 });
    expect(await outboxCount('training.ComplianceShortfall.v1', w.teacher.id, 'R7.teacher')).toBe(1);

    await api.activity(COUNTY, `${tag}-A2`, { startDate: '2027-01-05', endDate: '2027-01-05', halfDays: 1, fullDays: 0 });
    await api.activity(COUNTY, `${tag}-OC`, { kind: 'open_class', startDate: '2027-01-06', endDate: '2027-01-06', periods: 2, fullDays: 0 });
    await api.upload('attendance', COUNTY, `activityCode,staffNo,status\n${tag}-A2,${tag}-T1,attended\n${tag}-A2,${tag}-T2,attended\n`);
    const rerun = await api.call('POST', '/evaluations', { countyCode: COUNTY, schoolYear: 2026, term: 'autumn', asOf: '2027-01-24' });
    expect(rerun).toMatchObject({ shortfalls: 0, restored: 3 }); // the county and both teachers
    expect(await outboxCount('training.ComplianceRestored.v1', COUNTY, 'R7.county')).toBe(1);
    expect(await outboxCount('training.ComplianceRestored.v1', w.teacher.id, 'R7.teacher')).toBe(1);
  });

  it("gives a teacher their record and a PDF transcript, never another teacher's", async () => {
    const me = bearer(await mintTestToken({ role: 'teacher', county: COUNTY, teacher: w.teacher.id }));
    const mine = await http(`${training.url}/me?asOf=2027-01-24`, { headers: me });
    expect(mine.status).toBe(200);
    expect(mine.body.credits.years).toEqual([
      expect.objectContaining({ year: 2026, counted: 9 }),
      expect.objectContaining({ year: 2027, counted: 3 }),
    ]);
    expect(mine.body.credits.progress.thisYear).toMatchObject({ year: 2027, required: 72, counted: 3 });
    const pdf = await fetch(`${training.url}/me/transcript.pdf`, { headers: me });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const other = await http(`${training.url}/teachers/${w.teacher2.id}/record`, { headers: me });
    expect(other.status).toBe(403);
  });

  it('lists teachers at risk before a period ends, with their school by name', async () => {
    // 2026 closes in 11 days and the teacher has 9 of 72 hours in it
    const risk = await api.call('GET', `/at-risk?countyCode=${COUNTY}&asOf=2026-12-20&notice=second`);
    expect(risk.items.find((r: any) => r.teacherId === w.teacher.id && r.rule === 'hours.year')).toMatchObject({ period: '2026', daysLeft: 11, required: 72, actual: 9, schoolId: w.school.id, schoolName: w.school.name });
  });
});
