import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken } from '@app/testing';
import { rotationService } from '../rotation.service';

/**
 * The holiday calendar as data (issue #13): the State Council's 2025 and 2026 notices as defaults with their
 * source, a year nobody entered counted Monday to Friday and said to be an assumption, and the city
 * administrator entering, correcting and importing a year — checked, versioned (409 when stale), audited —
 * which changes the periods counted with it at once. A far year keeps other test files' deadlines as they are.
 */
describe('the holiday calendar (rotation)', () => {
  let svc: RunningService;
  let city: Record<string, string>;
  let teacher: Record<string, string>;
  const YEAR = 2049;
  const put = (who: Record<string, string>, body: unknown) => http(`${svc.url}/calendar/years/${YEAR}`, { method: 'PUT', headers: { ...who, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const get = (path: string, who = teacher) => http(`${svc.url}${path}`, { headers: who });

  beforeAll(async () => {
    svc = await startService(rotationService, { ...process.env, ROTATION_HTTP_PORT: '0' });
    city = bearer(await mintTestToken({ role: 'city_admin' }));
    teacher = bearer(await mintTestToken({ role: 'teacher', county: 'taishan', teacher: '00000000-0000-4000-8000-000000000001' }));
  });
  afterAll(() => svc.stop());

  it('shows the published notices with their source, and says when a year has not been entered', async () => {
    const y2026 = (await get('/calendar/years/2026')).body;
    expect(y2026).toMatchObject({ year: 2026, origin: 'default', status: 'published', version: 0 });
    expect(y2026.source).toContain('国务院办公厅关于2026年部分节假日安排的通知');
    expect([y2026.holidays.length, y2026.workdays.length]).toEqual([33, 6]);
    expect(y2026.workdays).toContainEqual({ date: '2026-10-10', name: '国庆节调休 National Day' });
    const none = (await get(`/calendar/years/${YEAR}`)).body;
    expect(none).toMatchObject({ year: YEAR, origin: 'none', status: 'assumption', holidays: [], version: 0 });
    expect((await get('/calendar/deadline?from=2026-09-29&days=5')).body).toMatchObject({ date: '2026-10-12', endsAt: '2026-10-12T23:59:59+08:00', assumed: false, last: { kind: 'weekday' } });
    expect((await get(`/calendar/deadline?from=${YEAR}-09-29&days=5`)).body).toMatchObject({ date: `${YEAR}-10-06`, assumed: true, assumedYears: [YEAR] });
  });

  it('lets the city administrator enter a year, checked and versioned, and counts with it at once', async () => {
    expect((await put(bearer(await mintTestToken({ role: 'county_hr', county: 'taishan' })), { status: 'assumption', source: 'x'.repeat(20), holidays: [], workdays: [], version: 0 })).status).toBe(403);
    const bad = await put(city, { status: 'assumption', source: '测试：2049年安排（假设）', holidays: [{ date: `${YEAR}-10-01`, name: '国庆节' }], workdays: [{ date: `${YEAR}-10-05`, name: '调休' }], version: 0 });
    expect([bad.status, bad.body.code]).toEqual([422, 'ROTATION.CALENDAR_INVALID']);
    expect(bad.body.details.problems).toEqual([`adjusted working day ${YEAR}-10-05 is a weekday, a working day anyway: only a Saturday or Sunday can be one`]);
    // Friday 1 October off, Saturday 9 October worked
    const body = { status: 'assumption', source: '测试：2049年国庆安排（假设，待国务院通知）', holidays: [{ date: `${YEAR}-10-01`, name: '国庆节' }], workdays: [{ date: `${YEAR}-10-09`, name: '国庆节调休' }], version: 0 };
    const saved = await put(city, body);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ origin: 'entered', version: 1, status: 'assumption', holidays: [{ date: `${YEAR}-10-01`, name: '国庆节' }], history: [{ version: 1, status: 'assumption' }] });
    const stale = await put(city, body);
    expect([stale.status, stale.body.code]).toEqual([409, 'ROTATION.STALE_VERSION']);
    // Wed 29 Sep: Thu 30 (1), Fri 1 Oct off, Mon 4 (2), Tue 5 (3), Wed 6 (4), Thu 7 (5); and from Thu 7: Fri 8 (1), Sat 9 调休 (2)
    expect((await get(`/calendar/deadline?from=${YEAR}-09-29&days=5`)).body).toMatchObject({ date: `${YEAR}-10-07`, assumed: true });
    expect((await get(`/calendar/deadline?from=${YEAR}-10-07&days=2`)).body).toMatchObject({ date: `${YEAR}-10-09`, last: { kind: 'adjusted_workday', name: '国庆节调休' } });
  });

  it("imports a year from a sheet: every row checked, a dry run saves nothing, the real one is audited", async () => {
    const upload = (query: string, csv: string) => http(`${svc.url}/imports/calendar?${query}`, { method: 'POST', headers: { ...city, 'content-type': 'text/csv' }, body: csv });
    const source = encodeURIComponent('国务院办公厅关于2049年部分节假日安排的通知（测试）');
    const refused = await upload(`year=${YEAR}&status=published&source=${source}&version=1`, '日期,类型,名称\n2049-10-01,放假,国庆节\n2049-10-02,休息日,国庆节\n2050-01-01,放假,元旦\n');
    expect([refused.status, refused.body.code]).toEqual([422, 'ROTATION.IMPORT_REJECTED']);
    expect(refused.body.details.errors).toEqual([
      { row: 3, column: 'kind', message: 'must be holiday (放假) or workday (上班)' },
      { row: 4, column: 'date', message: `is not in ${YEAR}` },
    ]);
    const sheet = '日期,类型,名称\n2049-10-01,放假,国庆节\n2049-10-04,放假,国庆节\n2049-09-26,上班,国庆节调休\n';
    const dry = await upload(`year=${YEAR}&status=published&source=${source}&version=1&dryRun=true`, sheet);
    expect(dry.body).toMatchObject({ rows: 3, dryRun: true, year: { version: 2, holidays: [{ date: `${YEAR}-10-01` }, { date: `${YEAR}-10-04` }] } });
    expect((await get(`/calendar/years/${YEAR}`)).body.version).toBe(1);
    const real = await upload(`year=${YEAR}&status=published&source=${source}&version=1`, sheet);
    expect(real.body).toMatchObject({ dryRun: false, year: { origin: 'entered', version: 2, status: 'published', workdays: [{ date: `${YEAR}-09-26`, name: '国庆节调休' }] } });
    const audit = await svc.dataSource.query(`SELECT action, before->>'version' AS before, after->>'version' AS after FROM rotation.audit_log WHERE entity_type = 'calendar_year' AND entity_id = $1 ORDER BY id`, [String(YEAR)]);
    expect(audit).toEqual([
      { action: 'calendar.set', before: null, after: '1' },
      { action: 'calendar.set', before: '1', after: '2' },
    ]);
  });
});
