import { randomUUID } from 'node:crypto';
import { MonthClosed } from '@app/contracts';
import { startService, type RunningService } from '@app/runtime';
import { readRows } from '@app/spreadsheet';
import { bearer, http, mintTestToken, publishEvent, waitFor } from '@app/testing';
import { staffingService } from '../apps/staffing/src/staffing.service';
import { EXAMPLE_SCHEME_RULES } from '../apps/subsidies/src/scheme/domain/scheme';
import { subsidiesService } from '../apps/subsidies/src/subsidies.service';
import { schoolYearOf, shanghaiToday, StaffingApi, suffix } from './support/staffing-fixture';
import { daysIn, ensureAllCounties, exampleSchemeBody, halfUp, monthsAgo } from './support/subsidies-fixture';

/**
 * The living subsidy end to end over Kafka (R9): a teacher appointed at a remote school in staffing →
 * scheduler.MonthClosed → a ledger line with its trace; a duplicate or replayed close pays nothing twice; a
 * backdated correction and a late absence post adjustments; a payment batch goes draft → published →
 * approved by a second officer (the drafter gets 403, a stale version 409) → exported → paid and locked; the
 * teacher sees month by month why, before and after, and the payment status, and a PDF statement.
 */
const COUNTY = 'enping';
const RATE_TIER2_BAND0 = 90000; // the example scheme: remote tier 2, under 5 years of rural service, 900 yuan a month

describe('living subsidy flow: staffing → MonthClosed → ledger → batch → statement', () => {
  let staffing: RunningService;
  let subsidies: RunningService;
  let admin: StaffingApi;
  let sub: (headers: Record<string, string>) => StaffingApi;
  let hrA: Record<string, string>;
  let hrB: Record<string, string>;
  let teacherHeaders: Record<string, string>;
  const m1 = monthsAgo(2);
  const m2 = monthsAgo(1);
  const w = {} as { school: any; teacher: any; appointment: any; corrected: any; absence: any; batch: any; next: any };

  const lines = (month: string) =>
    subsidies.dataSource.query(
      `SELECT kind, revision, amount_fen AS "amountFen", before_fen AS "beforeFen", after_fen AS "afterFen", cause, batch_id AS "batchId", trace
         FROM subsidies.ledger_lines WHERE teacher_id = $1 AND month = $2 ORDER BY revision`,
      [w.teacher.id, month],
    );
  const outbox = (type: string, field: string, value: string) =>
    subsidies.dataSource.query(`SELECT payload FROM subsidies.outbox WHERE type = $1 AND payload->>$2 = $3 ORDER BY seq`, [type, field, value]).then((r) => r.map((x: any) => x.payload));
  const accrued = (month: string) => subsidies.dataSource.query(`SELECT lines, total_fen::float8 AS total FROM subsidies.accruals WHERE county_code = $1 AND month = $2`, [COUNTY, month]);
  const close = (month: string, id?: string) => {
    const days = daysIn(month);
    return publishEvent(process.env.KAFKA_BROKERS!, MonthClosed, { countyCode: COUNTY, month, firstDay: `${month}-01`, lastDay: `${month}-${days}` }, id);
  };

  beforeAll(async () => {
    const env = { ...process.env, STAFFING_HTTP_PORT: '0', SUBSIDIES_HTTP_PORT: '0' };
    staffing = await startService(staffingService, env);
    subsidies = await startService(subsidiesService, env);
    await ensureAllCounties(staffing.dataSource);
    const city = bearer(await mintTestToken({ role: 'city_admin' }));
    admin = new StaffingApi(staffing.url, city);
    sub = (headers) => new StaffingApi(subsidies.url, headers);
    hrA = bearer(await mintTestToken({ role: 'county_hr', county: COUNTY, sub: 'hr-officer-a' }));
    hrB = bearer(await mintTestToken({ role: 'county_hr', county: COUNTY, sub: 'hr-officer-b' }));
    const latest = (await sub(city).call('GET', `/counties/${COUNTY}/scheme`)).latestVersion;
    if (latest === 0) await sub(hrA).call('POST', `/counties/${COUNTY}/scheme/versions`, exampleSchemeBody(), 201);

    const tag = `SF${suffix()}`;
    w.school = await admin.school(COUNTY, `${tag}-V`, { name: '那吉镇北坑小学', type: 'village_primary', rural: true, remoteTier: 2 });
    const post = await admin.post(w.school.id, 'mathematics');
    await admin.quota(post.id, schoolYearOf(shanghaiToday()), 5);
    w.teacher = await admin.teacher(COUNTY, `${tag}-T`, { name: '梁晓华', firstServiceDate: '2008-09-01' });
    const establishment = await admin.call('GET', `/teachers/${w.teacher.id}/establishment`);
    await admin.call('POST', `/teachers/${w.teacher.id}/establishment`, { type: 'on_establishment', effectiveFrom: '2008-09-01', reason: '入编', version: establishment.version }, 201);
    // Appointed from the 16th of the month before last: half a month at the remote school.
    w.appointment = await admin.appoint({ teacherId: w.teacher.id, schoolId: w.school.id, postId: post.id, kind: 'regular', startDate: `${m1}-16` });
    teacherHeaders = bearer(await mintTestToken({ role: 'teacher', county: COUNTY, teacher: w.teacher.id }));
    await waitFor(
      async () =>
        (await subsidies.dataSource.query(
          `SELECT 1 FROM subsidies.appointments a JOIN subsidies.establishments e USING (teacher_id) JOIN subsidies.school_facts f ON f.school_id = a.school_id
            WHERE a.appointment_id = $1`,
          [w.appointment.id],
        )).length === 1,
      "the teacher's facts in the subsidies read model",
    );
  });

  afterAll(async () => {
    await subsidies?.stop();
    await staffing?.stop();
  });

  it('accrues the month on scheduler.MonthClosed: one line per teacher × month × school, with its trace', async () => {
    const eventId = await close(m1);
    await waitFor(async () => (await accrued(m1)).length === 1, `${m1} accrued`);
    const days = daysIn(m1);
    const counted = days - 15;
    const [line] = await lines(m1);
    expect(line).toMatchObject({ kind: 'accrual', revision: 0, amountFen: halfUp(RATE_TIER2_BAND0 * counted, days), batchId: null });
    expect(line.trace).toEqual({
      month: m1,
      daysInMonth: days,
      numerator: RATE_TIER2_BAND0 * 1000 * counted,
      counted: [{ from: `${m1}-16`, to: `${m1}-${days}`, days: counted, appointmentId: w.appointment.id, tier: 2, band: '0-5', shareMilli: 1000, rateFen: RATE_TIER2_BAND0, schemeVersion: 1 }],
      excluded: [],
    });
    const [summary] = await outbox('subsidies.MonthAccrued.v1', 'month', m1).then((xs) => xs.filter((x: any) => x.countyCode === COUNTY));
    expect(summary).toMatchObject({ countyCode: COUNTY, month: m1, schemeVersions: [1] });
    expect(summary.totalFen).toBe((await accrued(m1))[0].total);

    // The same event redelivered, and a second close of the month (a replayed or duplicated job): nothing new.
    const before = { lines: await lines(m1), accrual: await accrued(m1) };
    await close(m1, eventId);
    const duplicate = await close(m1);
    await waitFor(
      async () => (await subsidies.dataSource.query(`SELECT 1 FROM subsidies.processed_messages WHERE event_id = $1`, [duplicate])).length === 1,
      'the duplicate close to be handled',
    );
    expect({ lines: await lines(m1), accrual: await accrued(m1) }).toEqual(before);
    expect((await outbox('subsidies.MonthAccrued.v1', 'month', m1)).filter((x: any) => x.countyCode === COUNTY)).toHaveLength(1);
  });

  it('posts an adjustment when the appointment is corrected back in time, and keeps the first line as it was', async () => {
    w.corrected = await admin.call('POST', `/appointments/${w.appointment.id}/corrections`, { version: w.appointment.version, reason: '入职日期录错，应为月初', startDate: `${m1}-01` }, 201);
    const [accrual, adjustment] = await waitFor(async () => {
      const ls = await lines(m1);
      return ls.length === 2 ? ls : null;
    }, 'the adjustment');
    const days = daysIn(m1);
    const before = halfUp(RATE_TIER2_BAND0 * (days - 15), days);
    expect(accrual).toMatchObject({ kind: 'accrual', amountFen: before });
    expect(adjustment).toMatchObject({ kind: 'adjustment', revision: 1, beforeFen: before, afterFen: RATE_TIER2_BAND0, amountFen: RATE_TIER2_BAND0 - before, cause: 'staffing.AppointmentCorrected.v1' });
    expect(adjustment.trace.counted).toEqual([expect.objectContaining({ from: `${m1}-01`, days, appointmentId: w.corrected.id })]);
    const [posted] = await outbox('subsidies.AdjustmentPosted.v1', 'teacherId', w.teacher.id);
    expect(posted).toMatchObject({ teacherId: w.teacher.id, countyCode: COUNTY, month: m1, schoolId: w.school.id, beforeFen: before, afterFen: RATE_TIER2_BAND0, amountFen: RATE_TIER2_BAND0 - before });
  });

  it('posts an adjustment for ten days of unpaid leave recorded after the month was accrued', async () => {
    await close(m2);
    await waitFor(async () => (await accrued(m2)).length === 1, `${m2} accrued`);
    expect(await lines(m2)).toEqual([expect.objectContaining({ kind: 'accrual', amountFen: RATE_TIER2_BAND0 })]);
    w.absence = await admin.call('POST', '/absences', { teacherId: w.teacher.id, kind: 'unpaid_leave', startDate: `${m2}-11`, endDate: `${m2}-20`, reason: '事假十天' }, 201);
    const [, adjustment] = await waitFor(async () => {
      const ls = await lines(m2);
      return ls.length === 2 ? ls : null;
    }, 'the adjustment for the leave');
    const days = daysIn(m2);
    expect(adjustment).toMatchObject({ beforeFen: RATE_TIER2_BAND0, afterFen: halfUp(RATE_TIER2_BAND0 * (days - 10), days), cause: 'staffing.AbsenceRecorded.v1' });
    expect(adjustment.trace.excluded).toEqual([{ from: `${m2}-11`, to: `${m2}-20`, days: 10, appointmentId: w.corrected.id, reason: 'absence', detail: 'unpaid_leave' }]);
  });

  it('runs a payment batch through review, four-eyes approval, payroll export and payment, then locks it', async () => {
    const a = sub(hrA);
    const b = sub(hrB);
    w.batch = await a.call('POST', '/batches', { countyCode: COUNTY, period: m2 }, 201);
    expect(w.batch).toMatchObject({ status: 'draft', draftedBy: 'hr-officer-a', countyCode: COUNTY, period: m2 });
    const mine = (await lines(m1)).concat(await lines(m2));
    expect(mine.every((l: any) => l.batchId === w.batch.id)).toBe(true);

    const published = await a.call('POST', `/batches/${w.batch.id}/publish`, { version: w.batch.version }, 200);
    const roster = await http(`${subsidies.url}/batches/${w.batch.id}/roster.xlsx?schoolId=${w.school.id}`, { headers: hrA });
    const headers = ['学校代码', '学校', '姓名', '月份', '类型', '边远等级', '乡村任教年限档', '计发天数', '金额（元）'];
    const rosterRows = await readRows(
      Buffer.from(await (await fetch(`${subsidies.url}/batches/${w.batch.id}/roster.xlsx?schoolId=${w.school.id}`, { headers: hrA })).arrayBuffer()),
      'xlsx',
      headers.map((h) => ({ key: h, headers: [h], required: true })),
    );
    expect(roster.status).toBe(200);
    expect(rosterRows.map((r) => [r.values['姓名'], r.values['月份'], r.values['类型'], r.values['边远等级']])).toEqual([
      ['梁晓华', m1, '月度', '二类'],
      ['梁晓华', m1, '调整', '二类'],
      ['梁晓华', m2, '月度', '二类'],
      ['梁晓华', m2, '调整', '二类'],
    ]);

    // the drafter may not approve; a stale version loses; a second officer approves
    const own = await http(`${subsidies.url}/batches/${w.batch.id}/approve`, { method: 'POST', headers: { ...hrA, 'content-type': 'application/json' }, body: JSON.stringify({ version: published.version }) });
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ code: 'SUBSIDIES.FOUR_EYES', message: expect.stringMatching(/may not approve it: a second officer/) });
    const stale = await http(`${subsidies.url}/batches/${w.batch.id}/approve`, { method: 'POST', headers: { ...hrB, 'content-type': 'application/json' }, body: JSON.stringify({ version: w.batch.version }) });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('SUBSIDIES.STALE_VERSION');
    const approved = await b.call('POST', `/batches/${w.batch.id}/approve`, { version: published.version }, 200);
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'hr-officer-b' });
    const [event] = await outbox('subsidies.BatchApproved.v1', 'batchId', w.batch.id);
    expect(event).toMatchObject({ batchId: w.batch.id, draftedBy: 'hr-officer-a', approvedBy: 'hr-officer-b', totalFen: w.batch.totalFen, provinceShareFen: halfUp(w.batch.totalFen * 8000, 10000) });

    expect((await http(`${subsidies.url}/batches/${w.batch.id}/payroll.csv`, { headers: hrA })).status).toBe(409);
    const exported = await a.call('POST', `/batches/${w.batch.id}/export`, { version: approved.version }, 200);
    const csv = await fetch(`${subsidies.url}/batches/${w.batch.id}/payroll.csv`, { headers: hrA }).then((r) => r.text());
    const total = mine.reduce((s: number, l: any) => s + l.amountFen, 0);
    const yuan = `${Math.floor(total / 100)}.${String(total % 100).padStart(2, '0')}`;
    expect(csv.replace(/^\uFEFF/, '').split('\n')[0]).toBe('工号,姓名,学校代码,学校,期间,所含月份,金额（元）');
    expect(csv).toContain(`${w.teacher.staffNo},梁晓华,${w.school.code},那吉镇北坑小学,${m2},"${m1},${m2}",${yuan}`);
    const xlsx = await http(`${subsidies.url}/batches/${w.batch.id}/payroll.xlsx`, { headers: hrA });
    expect(xlsx.status).toBe(200);

    const view = await a.call('GET', `/batches/${w.batch.id}`);
    expect(view.totals).toMatchObject({ reconciled: true, problems: [], totalFen: w.batch.totalFen });
    expect(view.totals.bySchool.find((s: any) => s.schoolId === w.school.id)).toMatchObject({ totalFen: total, schoolName: '那吉镇北坑小学', schoolCode: w.school.code, teachers: 1 });
    expect(view.provinceShare).toEqual({ share: 0.8, fen: halfUp(w.batch.totalFen * 8000, 10000), countyFen: w.batch.totalFen - halfUp(w.batch.totalFen * 8000, 10000) });

    const paid = await a.call('POST', `/batches/${w.batch.id}/paid`, { version: exported.version, payrollReference: 'EP-PAY-2026-0001' }, 200);
    expect(paid).toMatchObject({ status: 'paid', payrollReference: 'EP-PAY-2026-0001' });
    expect(await outbox('subsidies.BatchPaid.v1', 'batchId', w.batch.id)).toEqual([expect.objectContaining({ payrollReference: 'EP-PAY-2026-0001', totalFen: w.batch.totalFen })]);
    const locked = await http(`${subsidies.url}/batches/${w.batch.id}/withdraw`, { method: 'POST', headers: { ...hrB, 'content-type': 'application/json' }, body: JSON.stringify({ version: paid.version }) });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('SUBSIDIES.BATCH_LOCKED');
  });

  it('puts an adjustment that arrives after payment into the next batch, and the teacher sees it all', async () => {
    await admin.call('POST', `/absences/${w.absence.id}/cancel`, { version: w.absence.version, reason: '误录' }, 200);
    await waitFor(async () => (await lines(m2)).length === 3, 'the adjustment for the cancelled leave');
    const [, , back] = await lines(m2);
    expect(back).toMatchObject({ revision: 2, amountFen: RATE_TIER2_BAND0 - halfUp(RATE_TIER2_BAND0 * (daysIn(m2) - 10), daysIn(m2)), afterFen: RATE_TIER2_BAND0, batchId: null });
    w.next = await sub(hrB).call('POST', '/batches', { countyCode: COUNTY, period: monthsAgo(0) }, 201);
    expect((await lines(m2))[2].batchId).toBe(w.next.id);

    const year = m2.slice(0, 4);
    const mine = await sub(teacherHeaders).call('GET', `/me/subsidies?year=${year}`);
    const month = mine.months.find((x: any) => x.month === m2);
    expect(month.totalFen).toBe(RATE_TIER2_BAND0);
    expect(month.lines.map((l: any) => [l.kind, l.payment.status])).toEqual([
      ['accrual', 'paid'],
      ['adjustment', 'paid'],
      ['adjustment', 'draft'],
    ]);
    expect(month.lines[0].why.zh).toContain('那吉镇北坑小学');
    expect(month.lines[0].why.zh).toContain('边远二类');
    expect(month.lines[1]).toMatchObject({ beforeFen: RATE_TIER2_BAND0, cause: 'staffing.AbsenceRecorded.v1' });
    expect(month.lines[1].why.en).toMatch(/recomputed after an absence recorded late: was 900.00 yuan, now/);
    expect(month.lines[1].after.zh).toContain('停薪假期间不计发');
    expect(month.lines[0].payment).toMatchObject({ batchId: w.batch.id, payrollReference: 'EP-PAY-2026-0001' });

    const pdf = Buffer.from(await (await fetch(`${subsidies.url}/me/subsidies/statement.pdf?year=${year}`, { headers: teacherHeaders })).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/NotoSansCJK|NotoSerifCJK|WenQuanYi/);
    // another teacher's token never reaches this teacher's statement
    const other = bearer(await mintTestToken({ role: 'teacher', county: COUNTY, teacher: randomUUID() }));
    expect((await http(`${subsidies.url}/teachers/${w.teacher.id}/subsidies`, { headers: other })).status).toBe(403);
    expect((await http(`${subsidies.url}/me/subsidies`, { headers: other })).status).toBe(404);
  });

  it('recomputes the accrued months of the county when the tier table changes with a past date', async () => {
    const city = sub(bearer(await mintTestToken({ role: 'city_admin', sub: 'city-officer' })));
    const scheme = await city.call('GET', `/counties/${COUNTY}/scheme`);
    const rules = { ...EXAMPLE_SCHEME_RULES, amountsFen: { ...EXAMPLE_SCHEME_RULES.amountsFen, '2': [100000, 120000, 140000] } };
    const published = await city.call('POST', `/counties/${COUNTY}/scheme/versions`, exampleSchemeBody(scheme.latestVersion, `${m2}-01`, rules), 201);
    expect(published.version).toMatchObject({ version: scheme.latestVersion + 1, effectiveFrom: `${m2}-01` });
    expect(published.recomputed.months).toEqual([m2]);
    const last = (await lines(m2)).at(-1);
    expect(last).toMatchObject({ kind: 'adjustment', beforeFen: RATE_TIER2_BAND0, afterFen: 100000, amountFen: 10000, cause: 'subsidies.scheme', batchId: null });
    expect(last.trace.counted[0]).toMatchObject({ rateFen: 100000, schemeVersion: scheme.latestVersion + 1 });
    expect((await lines(m1)).length).toBe(2);
    const stale = await http(`${subsidies.url}/counties/${COUNTY}/scheme/versions`, {
      method: 'POST',
      headers: { ...hrA, 'content-type': 'application/json' },
      body: JSON.stringify(exampleSchemeBody(scheme.latestVersion, '2030-01-01')),
    });
    expect(stale).toMatchObject({ status: 409, body: { code: 'SUBSIDIES.SCHEME_VERSION_STALE' } });
  });

  it('shows the county totals against the 1,000-yuan floor, and its exceptions', async () => {
    const summary = await sub(hrA).call('GET', `/summary?from=${m1}&to=${m2}`);
    const row = summary.items.find((r: any) => r.countyCode === COUNTY && r.month === m2);
    expect(row).toMatchObject({ accrued: true, floorFen: 100000, provinceShare: { share: 0.8 } });
    expect(row.belowFloor).toBe(row.averageFen < 100000);
    if (row.belowFloor) expect(row.warning.en).toMatch(/below the province's floor of 1000.00 yuan/);
    expect(row.byTier.reduce((s: number, t: any) => s + t.totalFen, 0)).toBe(row.totalFen);
    const teachers = await sub(hrA).call('GET', `/counties/${COUNTY}/months/${m2}/teachers`);
    expect(teachers.items.find((t: any) => t.teacherId === w.teacher.id)).toMatchObject({ name: '梁晓华', totalFen: 100000 });
    const exceptions = await sub(hrA).call('GET', `/counties/${COUNTY}/months/${m2}/exceptions`);
    expect(exceptions.items.filter((e: any) => e.teacherId === w.teacher.id)).toEqual([]);
  });
});
