import { randomUUID } from 'node:crypto';
import { startService, type RunningService } from '@app/runtime';
import { CSV_MIME, writeWorkbook, XLSX_MIME } from '@app/spreadsheet';
import { bearer, http, mintTestToken, postJson } from '@app/testing';
import { staffingService } from '../staffing.service';
import { ESTABLISHMENT_IMPORT_COLUMNS } from '../imports/application/import-establishment.use-case';

/**
 * What the living subsidy needs staffing to know (R9): establishment types with their dated history and
 * absences — recorded, corrected, refused when stale or overlapping, imported from sheets like the rest,
 * audited and announced.
 */
describe('establishment types and absences', () => {
  let svc: RunningService;
  let hr: Record<string, string>;
  const s = randomUUID().slice(0, 6);
  const api = async (method: string, path: string, body?: unknown) => {
    const r = await http(`${svc.url}${path}`, { method, headers: { ...hr, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: r.body };
  };
  const events = (type: string, teacherId: string) =>
    svc.dataSource.query(`SELECT payload FROM staffing.outbox WHERE type = $1 AND aggregate_id = $2 ORDER BY seq`, [type, teacherId]).then((r) => r.map((x: any) => x.payload));
  const upload = (kind: string, body: Buffer | string, type: string, query = '') =>
    http(`${svc.url}/imports/${kind}?countyCode=enping${query}`, { method: 'POST', headers: { ...hr, 'content-type': type }, body });
  let teacher: any;
  let other: any;

  beforeAll(async () => {
    svc = await startService(staffingService, { ...process.env, STAFFING_HTTP_PORT: '0' });
    await svc.dataSource.query(`INSERT INTO staffing.counties (code, name_zh, name_en, western) VALUES ('enping', '恩平市', 'Enping', true) ON CONFLICT DO NOTHING`);
    hr = bearer(await mintTestToken({ role: 'county_hr', county: 'enping', sub: 'hr-enping' }));
    const register = async (staffNo: string) =>
      (await postJson(`${svc.url}/teachers`, { countyCode: 'enping', staffNo, name: `编制测试 ${staffNo}`, gender: 'female', birthDate: '1990-01-01', firstServiceDate: '2013-09-01', subjects: ['english'] }, hr)).body;
    teacher = await register(`EA-${s}`);
    other = await register(`EB-${s}`);
  });
  afterAll(() => svc.stop());

  it('records a type from a date, corrects the entry of a date by superseding it, and refuses a stale version or no change', async () => {
    const start = await api('GET', `/teachers/${teacher.id}/establishment`);
    expect(start.body).toMatchObject({ current: null, version: 1, history: [] });
    const first = await api('POST', `/teachers/${teacher.id}/establishment`, { type: 'special_post', effectiveFrom: '2013-09-01', reason: '特岗招聘', version: 1 });
    expect(first.status).toBe(201);
    const stale = await api('POST', `/teachers/${teacher.id}/establishment`, { type: 'on_establishment', effectiveFrom: '2016-09-01', reason: '转入编制', version: 1 });
    expect(stale).toMatchObject({ status: 409, body: { code: 'STAFFING.STALE_VERSION' } });
    expect((await api('POST', `/teachers/${teacher.id}/establishment`, { type: 'on_establishment', effectiveFrom: '2016-09-01', reason: '转入编制', version: 2 })).status).toBe(201);
    const same = await api('POST', `/teachers/${teacher.id}/establishment`, { type: 'on_establishment', effectiveFrom: '2019-01-01', reason: '重复', version: 3 });
    expect(same).toMatchObject({ status: 422, body: { code: 'STAFFING.ESTABLISHMENT_UNCHANGED' } });
    // the 2016 entry was wrong: it is superseded by a contract entry of the same date, never edited
    const fix = await api('POST', `/teachers/${teacher.id}/establishment`, { type: 'contract', effectiveFrom: '2016-09-01', reason: '录入错误，实为合同制', version: 3 });
    expect(fix.status).toBe(201);
    const now = (await api('GET', `/teachers/${teacher.id}/establishment`)).body;
    expect(now).toMatchObject({ current: 'contract', version: 4 });
    expect(now.history.map((e: any) => [e.effectiveFrom, e.type, e.supersededBy === null])).toEqual([
      ['2013-09-01', 'special_post', true],
      ['2016-09-01', 'on_establishment', false],
      ['2016-09-01', 'contract', true],
    ]);
    const announced = await events('staffing.EstablishmentTypeRecorded.v1', teacher.id);
    expect(announced.map((e: any) => [e.type, e.effectiveFrom, e.supersedesEntryId === null])).toEqual([
      ['special_post', '2013-09-01', true],
      ['on_establishment', '2016-09-01', true],
      ['contract', '2016-09-01', false],
    ]);
    const audit = await svc.dataSource.query(`SELECT action, actor FROM staffing.audit_log WHERE entity_type = 'teacher' AND entity_id = $1 AND action LIKE 'establishment.%' ORDER BY id`, [teacher.id]);
    expect(audit).toEqual([
      { action: 'establishment.record', actor: 'hr-enping' },
      { action: 'establishment.record', actor: 'hr-enping' },
      { action: 'establishment.correct', actor: 'hr-enping' },
    ]);
  });

  it('records, changes and cancels absences; refuses overlaps and stale versions', async () => {
    const a = await api('POST', '/absences', { teacherId: teacher.id, kind: 'unpaid_leave', startDate: '2026-03-10', endDate: '2026-03-19', reason: '事假' });
    expect(a.status).toBe(201);
    expect((await api('POST', '/absences', { teacherId: teacher.id, kind: 'paid_leave', startDate: '2026-03-19', endDate: null, reason: '病假' })).body.code).toBe('STAFFING.ABSENCES_OVERLAP');
    const changed = await api('PATCH', `/absences/${a.body.id}`, { version: a.body.version, reason: '延长', endDate: '2026-03-25' });
    expect(changed).toMatchObject({ status: 200, body: { endDate: '2026-03-25', version: 2 } });
    expect((await api('PATCH', `/absences/${a.body.id}`, { version: 1, reason: '再改', endDate: '2026-03-26' })).status).toBe(409);
    const cancelled = await api('POST', `/absences/${a.body.id}/cancel`, { version: 2, reason: '误录' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: '误录' });
    // a cancelled absence no longer blocks the days it covered
    expect((await api('POST', '/absences', { teacherId: teacher.id, kind: 'paid_leave', startDate: '2026-03-15', endDate: '2026-03-16', reason: '病假' })).status).toBe(201);
    expect((await api('GET', `/teachers/${teacher.id}/absences`)).body.items.map((x: any) => [x.kind, x.status])).toEqual([
      ['unpaid_leave', 'cancelled'],
      ['paid_leave', 'active'],
    ]);
    expect((await events('staffing.AbsenceUpdated.v1', teacher.id)).map((e: any) => [e.status, e.endDate])).toEqual([
      ['active', '2026-03-25'],
      ['cancelled', '2026-03-25'],
    ]);
    expect(await events('staffing.AbsenceRecorded.v1', teacher.id)).toHaveLength(2);
  });

  it('imports establishment types and absences from sheets with Chinese headers and values, all or nothing', async () => {
    const sheet = await writeWorkbook([
      {
        name: '编制',
        columns: ESTABLISHMENT_IMPORT_COLUMNS.map((c) => ({ header: c.headers[1], key: c.key })),
        rows: [
          { staffNo: `EB-${s}`, type: '特岗', effectiveFrom: '2013-09-01' },
          { staffNo: `EB-${s}`, type: '在编', effectiveFrom: '2016-09-01', reason: '特岗期满入编' },
        ],
      },
    ]);
    expect((await upload('establishment', sheet, XLSX_MIME, '&dryRun=true')).body).toEqual({ rows: 2, dryRun: true, written: { establishmentEntries: 2 } });
    expect((await api('GET', `/teachers/${other.id}/establishment`)).body.history).toEqual([]);
    expect((await upload('establishment', sheet, XLSX_MIME)).body).toEqual({ rows: 2, dryRun: false, written: { establishmentEntries: 2 } });
    expect((await api('GET', `/teachers/${other.id}/establishment`)).body).toMatchObject({ current: 'on_establishment', version: 2 });

    const bad = await upload('absences', `工号,缺勤类型,开始日期,结束日期\nEB-${s},事假,2026-05-01,2026-05-10\nEB-${s},借调,2026-05-10,\nNOPE-${s},度假,2026-05-01,2026-04-01\n`, CSV_MIME);
    expect(bad.status).toBe(422);
    expect(bad.body.details.errors.map((e: any) => [e.row, e.column])).toEqual([
      [3, 'startDate'],
      [4, 'kind'],
    ]);
    expect((await api('GET', `/teachers/${other.id}/absences`)).body.items).toEqual([]);
    const good = await upload('absences', `工号,缺勤类型,开始日期,结束日期\nEB-${s},事假,2026-05-01,2026-05-10\nEB-${s},借调,2026-06-01,\n`, CSV_MIME);
    expect(good.body).toEqual({ rows: 2, dryRun: false, written: { absences: 2 } });
    expect((await api('GET', `/teachers/${other.id}/absences`)).body.items.map((x: any) => [x.kind, x.endDate])).toEqual([
      ['unpaid_leave', '2026-05-10'],
      ['secondment_out', null],
    ]);
  });
});
