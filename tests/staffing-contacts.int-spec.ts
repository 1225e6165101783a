import pino from 'pino';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { REDACTED_PATHS } from '@app/platform';
import { bearer, http, mintTestToken, startServiceProcess, stopServiceProcess, testDatabaseUrl, type ServiceProcessHandle } from '@app/testing';
import { ensureCounties, HOME_COUNTY, OTHER_COUNTY, StaffingApi, suffix } from './support/staffing-fixture';

/**
 * A teacher's contact details (issue #13) are personal data: the teacher and HR of their county see and change
 * them; a school administrator, another teacher, another county's HR and the operators do not. A change is
 * audited with the values masked and announced on staffing.contacts; the values never appear in the service's
 * log, even at debug level. Staffing runs as its own process so its real log output can be read.
 */
describe('teacher contact details', () => {
  let svc: ServiceProcessHandle;
  let ds: DataSource;
  let teacher: any;
  let school: any;
  const EMAIL = `Li.Contact.${suffix()}@Example.EDU.cn`;
  const STORED = EMAIL.replace(/@.*$/, '@example.edu.cn');
  const PHONE = '13912345678';
  const as = async (claims: Parameters<typeof mintTestToken>[0]) => bearer(await mintTestToken(claims));
  const put = async (headers: Record<string, string>, body: unknown) =>
    http(`${svc.url}/teachers/${teacher.id}/contact`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const get = (headers: Record<string, string>) => http(`${svc.url}/teachers/${teacher.id}/contact`, { headers });

  beforeAll(async () => {
    ds = new DataSource({ type: 'postgres', url: testDatabaseUrl() });
    await ds.initialize();
    await ensureCounties(ds);
    svc = await startServiceProcess('staffing', { LOG_LEVEL: 'debug' });
    const api = new StaffingApi(svc.url, await as({ role: 'city_admin' }));
    const tag = `CT${suffix()}`;
    school = await api.school(HOME_COUNTY, `${tag}-S`);
    teacher = await api.teacher(HOME_COUNTY, `${tag}-T`);
    await api.appoint({ teacherId: teacher.id, schoolId: school.id, kind: 'support', workloadShare: 1, startDate: '2020-09-01' });
  }, 120000);

  afterAll(async () => {
    await stopServiceProcess(svc);
    await ds?.destroy();
  });

  it('lets the teacher set their own, and says version 0 while none is recorded', async () => {
    const self = await as({ role: 'teacher', county: HOME_COUNTY, teacher: teacher.id });
    expect((await get(self)).body).toEqual(expect.objectContaining({ email: null, phone: null, language: 'zh-CN', version: 0 }));
    const r = await put(self, { email: ` ${EMAIL} `, phone: '139-1234-5678', language: 'en', version: 0 });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(expect.objectContaining({ teacherId: teacher.id, email: STORED, phone: PHONE, language: 'en', version: 1 }));
  });

  it('lets HR of the teacher’s county read and change them, with a stale version refused (409)', async () => {
    const hr = await as({ role: 'county_hr', county: HOME_COUNTY });
    expect((await get(hr)).body).toEqual(expect.objectContaining({ email: STORED, phone: PHONE, version: 1 }));
    const r = await put(hr, { email: STORED, phone: PHONE, language: 'zh-CN', version: 1 });
    expect(r.body.version).toBe(2);
    const stale = await put(hr, { email: STORED, phone: null, language: 'zh-CN', version: 1 });
    expect({ status: stale.status, code: stale.body.code }).toEqual({ status: 409, code: 'STAFFING.STALE_VERSION' });
  });

  it('refuses a school administrator (even of the teacher’s school), another teacher, another county’s HR and the operators', async () => {
    const refused = {
      'school admin of the teacher’s school': await as({ role: 'school_admin', county: HOME_COUNTY, school: school.id }),
      'another teacher': await as({ role: 'teacher', county: HOME_COUNTY, teacher: '00000000-0000-4000-8000-000000000001' }),
      'HR of another county': await as({ role: 'county_hr', county: OTHER_COUNTY }),
      scheduler: await as({ role: 'scheduler' }),
    };
    const answers: Record<string, [number, number]> = {};
    for (const [who, h] of Object.entries(refused)) answers[who] = [(await get(h)).status, (await put(h, { email: 'x@example.cn', phone: null, language: 'en', version: 2 })).status];
    expect(answers).toEqual(Object.fromEntries(Object.keys(refused).map((k) => [k, [403, 403]])));
    const [row] = await ds.query(`SELECT email, version FROM staffing.teacher_contacts WHERE teacher_id = $1`, [teacher.id]);
    expect(row).toEqual({ email: STORED, version: 2 });
    // and the teacher's record as others see it carries no contact
    const record = await http(`${svc.url}/teachers/${teacher.id}`, { headers: refused['school admin of the teacher’s school'] });
    expect(JSON.stringify(record.body)).not.toContain(STORED);
  });

  it('audits every change with the values masked, and announces the latest on staffing.contacts', async () => {
    const audit = await ds.query(`SELECT actor_role, action, before, after FROM staffing.audit_log WHERE entity_id = $1 AND action = 'teacher.contact' ORDER BY id`, [teacher.id]);
    expect(audit.map((a: any) => [a.actor_role, a.before?.version ?? 0, a.after.version])).toEqual([
      ['teacher', 0, 1],
      ['county_hr', 1, 2],
    ]);
    expect(audit[0].after).toEqual({ email: `${STORED.slice(0, 2)}***@example.edu.cn`, phone: '139****5678', language: 'en', version: 1 });
    expect(JSON.stringify(audit)).not.toContain(STORED);
    expect(JSON.stringify(audit)).not.toContain(PHONE);
    const events = await ds.query(`SELECT topic, type, payload FROM staffing.outbox WHERE aggregate_id = $1 AND type = 'staffing.TeacherContactChanged.v1' ORDER BY seq`, [teacher.id]);
    expect(events.map((e: any) => [e.topic, e.payload.language, e.payload.email])).toEqual([
      ['staffing.contacts', 'en', STORED],
      ['staffing.contacts', 'zh-CN', STORED],
    ]);
  });

  it('takes contact columns in the teacher import: checked per row, stored, audited masked, announced', async () => {
    const hr = await as({ role: 'county_hr', county: HOME_COUNTY });
    const tag = `CI${suffix()}`;
    const head = '工号,姓名,性别,出生日期,参加工作时间,任教学科,电子邮箱,手机,通知语言';
    const upload = (csv: string) => http(`${svc.url}/imports/teachers?countyCode=${HOME_COUNTY}`, { method: 'POST', headers: { ...hr, 'content-type': 'text/csv' }, body: csv });
    const bad = await upload(`${head}\n${tag}-1,导入甲,女,1990-01-01,2012-09-01,mathematics,not-an-address,,英文\n${tag}-2,导入乙,男,1990-01-01,2012-09-01,mathematics,,12345,klingon\n`);
    expect(bad.status).toBe(422);
    expect(bad.body.details.errors.map((e: any) => [e.row, e.column])).toEqual([[2, 'email'], [3, 'language']]);
    const ok = await upload(`${head}\n${tag}-1,导入甲,女,1990-01-01,2012-09-01,mathematics,${tag.toLowerCase()}@example.edu.cn,13800138000,英文\n${tag}-2,导入乙,男,1990-01-01,2012-09-01,mathematics,,,\n`);
    expect(ok.status).toBe(200);
    const rows = await ds.query(
      `SELECT t.staff_no, c.email, c.phone, c.language FROM staffing.teachers t LEFT JOIN staffing.teacher_contacts c ON c.teacher_id = t.id WHERE t.staff_no LIKE $1 ORDER BY t.staff_no`,
      [`${tag}-%`],
    );
    expect(rows).toEqual([
      { staff_no: `${tag}-1`, email: `${tag.toLowerCase()}@example.edu.cn`, phone: '13800138000', language: 'en' },
      { staff_no: `${tag}-2`, email: null, phone: null, language: null },
    ]);
    const audit = await ds.query(`SELECT after FROM staffing.audit_log a JOIN staffing.teachers t ON t.id::text = a.entity_id WHERE t.staff_no = $1 AND a.action = 'teacher.contact'`, [`${tag}-1`]);
    expect(audit).toEqual([{ after: { email: `${tag.toLowerCase().slice(0, 2)}***@example.edu.cn`, phone: '138****8000', language: 'en', version: 1 } }]);
  });

  it('never writes the values to the log, even at debug level', async () => {
    const bad = await put(await as({ role: 'county_hr', county: HOME_COUNTY }), { email: 'bad@@example.cn', phone: '12', language: 'en', version: 2 });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    await new Promise((r) => setTimeout(r, 500));
    const log = svc.output();
    expect(log).toContain('/contact'); // the requests were logged…
    for (const secret of [STORED, EMAIL, PHONE, '139-1234-5678', 'bad@@example.cn']) expect(log).not.toContain(secret); // …without the values
  });

  it('redacts contact fields wherever a log line would carry them', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    logger.info({ email: 'a@example.cn', body: { phone: PHONE, contact: { email: 'b@example.cn' } }, event: { data: { contact: { mobile: PHONE } } } }, 'x');
    expect(lines.join('')).not.toMatch(/example\.cn|13912345678/);
    expect(lines.join('')).toContain('[redacted]');
  });
});
