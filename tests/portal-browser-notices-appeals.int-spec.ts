import type { Page } from 'playwright-core';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, launchChromium, mintTestToken, startPrivateRedis, TestSmtpServer, waitFor, waitForCaughtUp, type HeadlessChromium, type PrivateRedis } from '@app/testing';
import { noticesService } from '../apps/notices/src/notices.service';
import { Clock } from '../apps/rotation/src/cycles/application/clock';
import { rotationService } from '../apps/rotation/src/rotation.service';
import { staffingService } from '../apps/staffing/src/staffing.service';
import { TINY_PDF } from './support/appeals-fixture';
import { freshCounty } from './support/notices-fixture';
import { startGateway, type GatewayProcess } from './support/portal';
import { portalBrowser, scrollWidth } from './support/portal-browser';
import { StaffingApi } from './support/staffing-fixture';

/**
 * The portal's notices and appeals pages in Debian's Chromium, against staffing, rotation and notices (real
 * PostgreSQL, Redis, Kafka and an SMTP server in the test process) and the gateway. A county of its own
 * made through staffing's API (the layout of tests/appeals-flow: a X→Y, b Z→X into the post a frees, c W→V),
 * its plan solved and approved through rotation's API and applied by staffing. The teacher reads a notice
 * and marks it read (the bell counts one fewer), in both languages; keeps their contact details; files an
 * appeal with a file on a 390 px phone; county HR amends the plan (a's move forbidden: a's and b's moves
 * cancelled, c's kept), approves the amendment and staffing undoes both moves; HR upholds another appeal;
 * the operator re-sends a delivery the mail server refused. axe-core on every new page, screenshots in
 * .run/screenshots/.
 */
const COUNTY = freshCounty('pna');
const COUNTY_ZH = '申诉门户县';
const HR = `${COUNTY} 教育局人事股`;
const YEAR = 2027;
const EFFECTIVE = `${YEAR}-09-01`;
const EMAIL_A = `lin.${COUNTY}@example.edu.cn`;

jest.setTimeout(180_000);

describe('portal: notices, contact details and appeals in a real browser', () => {
  let redis: PrivateRedis;
  let smtp: TestSmtpServer;
  let staffing: RunningService;
  let rotation: RunningService;
  let notices: RunningService;
  let gateway: GatewayProcess;
  let chromium: HeadlessChromium;
  let hr: Record<string, string>;
  const t: Record<string, { id: string; name: string; staffNo: string }> = {};
  const schools: Record<string, { id: string; name: string }> = {};
  let cycleId: string;
  let planId: string;
  const { violations, signInAs, check, shot, bothLanguages, choose } = portalBrowser({ gatewayUrl: () => gateway.url, chromium: () => chromium });

  const call = async (svc: RunningService, who: Record<string, string>, method: string, path: string, body?: unknown, expected?: number) => {
    const r = await http(`${svc.url}${path}`, { method, headers: { ...who, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (expected !== undefined ? r.status !== expected : r.status >= 300) throw new Error(`fixture: ${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const asTeacher = async (key: string) => bearer(await mintTestToken({ role: 'teacher', county: COUNTY, teacher: t[key].id }));
  /** staffing's appointments of a teacher in force (not superseded nor withdrawn) on a date */
  const schoolsOn = async (teacherId: string, date: string) =>
    (
      await staffing.dataSource.query(
        `SELECT school_id AS "schoolId" FROM staffing.appointments WHERE teacher_id = $1 AND superseded_by IS NULL AND withdrawn_at IS NULL AND start_date <= $2 AND (end_date IS NULL OR end_date >= $2)`,
        [teacherId, date],
      )
    ).map((r: { schoolId: string }) => r.schoolId);
  /** a page at a phone's width (the teacher pages are designed for it) */
  async function onPhone<T>(name: string, run: (page: Page) => Promise<T>): Promise<T> {
    const phone = await launchChromium({ viewport: { width: 390, height: 844 }, mobile: true });
    try {
      const page = await signInAs(name, phone.browser);
      const result = await run(page);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      return result;
    } finally {
      await phone.close();
    }
  }

  beforeAll(async () => {
    redis = await startPrivateRedis();
    smtp = await new TestSmtpServer().start();
    const env = {
      ...process.env,
      REDIS_URL: redis.url,
      STAFFING_HTTP_PORT: '0',
      ROTATION_HTTP_PORT: '0',
      NOTICES_HTTP_PORT: '0',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Jiangmen notices <notices@test.jiangmen.local>',
      DELIVERY_POLL_MS: '200',
    };
    staffing = await startService(staffingService, env);
    rotation = await startService(rotationService, env);
    notices = await startService(noticesService, env);
    await staffing.dataSource.query(`INSERT INTO staffing.counties (code, name_zh, name_en) VALUES ($1, $2, 'Appeals portal county') ON CONFLICT DO NOTHING`, [COUNTY, COUNTY_ZH]);
    hr = bearer(await mintTestToken({ role: 'county_hr', county: COUNTY }));
    const admin = new StaffingApi(staffing.url, hr);

    const layout: [string, string, string, boolean, number][] = [
      ['X', '江城第一小学', 'county_town', false, 3],
      ['Y', '大江镇山村小学', 'village_primary', true, 2],
      ['Z', '水步镇河村小学', 'village_primary', false, 2],
      ['W', '三合镇中心小学', 'township_central', false, 2],
      ['V', '白沙镇田村小学', 'village_primary', false, 2],
    ];
    const posts: Record<string, string> = {};
    for (const [key, name, type, weak, quota] of layout) {
      const s = await admin.school(COUNTY, `${COUNTY.slice(0, 6).toUpperCase()}-${key}`, { name, type, rural: type === 'village_primary', remoteTier: type === 'village_primary' ? 1 : 0, weak, districtCode: key === 'X' || key === 'Y' ? 'one' : 'two' });
      schools[key] = { id: s.id, name };
      posts[key] = (await admin.post(s.id, 'mathematics')).id;
      for (const y of [2023, 2024, 2025, 2026, YEAR, YEAR + 1]) await admin.quota(posts[key], y, quota);
    }
    // staff numbers in this order: the development sign-in page lists the first three teachers (a, b, c)
    const staff: [string, string, string, string][] = [
      ['a', '01', '林晓燕', 'X'],
      ['b', '02', '周国华', 'Z'],
      ['c', '03', '梁志坚', 'W'],
      ['g', '04', '陈美玲', 'X'],
      ['h', '05', '黄伟', 'X'],
      ['y', '06', '吴丽', 'Y'],
      ['z', '07', '何强', 'Z'],
      ['d', '08', '李娜', 'W'],
      ['v', '09', '郑敏', 'V'],
    ];
    for (const [key, no, name, at] of staff) {
      // four years at their school by the effective date: not eligible by tenure, so only the pins move anyone
      const teacher = await admin.teacher(COUNTY, `${COUNTY.slice(0, 6).toUpperCase()}-${no}`, { name, firstServiceDate: '2023-09-01', backboneLevel: key === 'c' ? 'county' : 'none' });
      await admin.appoint({ teacherId: teacher.id, schoolId: schools[at].id, postId: posts[at], kind: 'regular', startDate: '2023-09-01' });
      t[key] = { id: teacher.id, name, staffNo: teacher.staffNo };
    }
    // a's contact details (kept by staffing, told to notices): her notices are also e-mailed, and the mail
    // server refuses the first one for good, so the operator has a failed delivery to re-send
    await call(staffing, hr, 'PUT', `/teachers/${t.a.id}/contact`, { email: EMAIL_A, phone: null, language: 'zh-CN', version: 0 });
    smtp.refuseNext(1, 550, EMAIL_A);
    await waitFor(async () => {
      const [r] = await rotation.dataSource.query(
        `SELECT (SELECT count(*)::int FROM rotation.appointments a JOIN rotation.teachers t USING (teacher_id) WHERE t.county_code = $1) AS a,
                (SELECT count(*)::int FROM rotation.post_quotas WHERE county_code = $1 AND school_year >= $2) AS q`,
        [COUNTY, YEAR],
      );
      const [n] = await notices.dataSource.query(`SELECT (SELECT count(*)::int FROM notices.teachers WHERE county_code = $1) AS t, (SELECT count(*)::int FROM notices.contacts WHERE county_code = $1) AS c`, [COUNTY]);
      return r.a === 9 && r.q === 10 && n.t === 9 && n.c >= 1;
    }, "the county in rotation's and notices' read models", 120_000);
    await waitForCaughtUp(rotation.url);

    const cycle = await call(rotation, hr, 'POST', '/cycles', { countyCode: COUNTY, schoolYear: YEAR });
    cycleId = cycle.id;
    await call(rotation, hr, 'POST', `/cycles/${cycleId}/transitions`, { to: 'collecting', version: 1, preferenceDeadline: `${YEAR}-05-31` });
    await call(rotation, hr, 'POST', `/cycles/${cycleId}/transitions`, { to: 'planning', version: 2 });
    await call(rotation, hr, 'PUT', `/cycles/${cycleId}/pins`, {
      pins: [
        { teacherId: t.a.id, schoolId: schools.Y.id, kind: 'force' },
        { teacherId: t.b.id, schoolId: schools.X.id, kind: 'force' },
        { teacherId: t.c.id, schoolId: schools.V.id, kind: 'force' },
      ],
    });
    const started = await call(rotation, hr, 'POST', `/cycles/${cycleId}/plans`, {});
    const solved = await waitFor(async () => {
      const r = await call(rotation, hr, 'GET', `/cycles/${cycleId}/solves/${started.solveId}`);
      return r.status === 'done' || r.status === 'failed' ? r : null;
    }, 'the plan', 90_000);
    expect(solved).toMatchObject({ status: 'done', result: { saved: true, violations: [] } });
    planId = solved.planId;
    const proposed = await call(rotation, hr, 'POST', `/cycles/${cycleId}/plans/${planId}/propose`, { version: 3 });
    await call(rotation, hr, 'POST', `/cycles/${cycleId}/approve`, { version: proposed.version });
    await waitFor(async () => (await call(rotation, hr, 'GET', `/cycles/${cycleId}/plans/${planId}`)).outcomes.applied === 3, 'staffing to apply the plan', 90_000);
    expect(await schoolsOn(t.a.id, EFFECTIVE)).toEqual([schools.Y.id]);
    // a's notice of her move is in her inbox
    const teacherA = await asTeacher('a');
    await waitFor(async () => (await call(notices, teacherA, 'GET', '/me/notices?kind=move_approved')).total === 1, "a's notice of her move", 90_000);
    await waitForCaughtUp(notices.url);

    gateway = await startGateway({
      REDIS_URL: redis.url,
      STAFFING_URL: staffing.url,
      ROTATION_URL: rotation.url,
      NOTICES_URL: notices.url,
      // no scheduler here: the sign-in page lists the first teachers of the county instead of those with obligations
      SCHEDULER_URL: 'http://127.0.0.1:9',
      PORTAL_DEV_COUNTY: COUNTY,
    });
    chromium = await launchChromium();
  }, 400_000);

  afterAll(async () => {
    await chromium?.close();
    await gateway?.stop();
    for (const svc of [notices, rotation, staffing]) await svc?.stop();
    await smtp?.close();
    await redis?.destroy();
  });

  it('a teacher reads a notice in her inbox and marks it read: the bell counts one fewer; then all; in both languages', async () => {
    const teacherA = await asTeacher('a');
    const before = await call(notices, teacherA, 'GET', '/me/notices');
    expect(before.unread).toBeGreaterThanOrEqual(2); // preferences open, her move approved
    const move = before.items.find((n: { kind: string }) => n.kind === 'move_approved');
    const page = await signInAs(t.a.name);
    const bell = page.getByRole('banner').getByRole('link', { name: `我的通知（${before.unread} 条未读）` });
    await bell.click();
    await page.getByRole('heading', { name: '我的通知', level: 1 }).waitFor();
    await page.getByText(`共 ${before.total} 条，${before.unread} 条未读`).waitFor();
    // the notice names both schools, as written for her
    expect(move.body).toContain(schools.Y.name);
    await page.getByRole('article', { name: move.subject }).getByText(schools.Y.name, { exact: false }).first().waitFor();
    await check(page, 'inbox');
    await page.getByRole('button', { name: `标为已读：${move.subject}` }).click();
    await page.getByRole('banner').getByRole('link', { name: `我的通知（${before.unread - 1} 条未读）` }).waitFor();
    const after = await call(notices, teacherA, 'GET', '/me/notices');
    expect(after.unread).toBe(before.unread - 1);
    expect(after.items.find((n: { id: string }) => n.id === move.id).readAt).not.toBeNull();
    await bothLanguages(page, 'inbox', 'My notices');
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await page.getByRole('status').filter({ hasText: `已将 ${before.unread - 1} 条标为已读` }).waitFor();
    await page.getByRole('banner').getByRole('link', { name: '我的通知（0 条未读）' }).waitFor();
    expect((await call(notices, teacherA, 'GET', '/me/notices')).unread).toBe(0);
    await page.close();
  });

  it('county HR’s inbox is the county’s, with the bell in the header', async () => {
    const county = await call(notices, hr, 'GET', '/me/notices');
    const page = await signInAs(HR);
    await page.getByRole('banner').getByRole('link', { name: `我的通知（${county.unread} 条未读）` }).click();
    await page.getByText('本县（市、区）人事股的通知').waitFor();
    await page.getByText(`共 ${county.total} 条，${county.unread} 条未读`).waitFor();
    await check(page, 'inbox (county HR)');
    await page.close();
  });

  it('a teacher keeps her contact details on a phone: hers only, saved with the version she read', async () => {
    await onPhone(t.a.name, async (page) => {
      await page.goto(`${gateway.url}/teacher/contact`);
      await page.getByRole('heading', { name: '我的联系方式' }).waitFor();
      expect(await page.getByLabel('电子邮箱').inputValue()).toBe(EMAIL_A);
      await page.getByLabel('手机号码').fill('1391234');
      await page.getByRole('button', { name: '保存联系方式' }).click();
      await page.getByText('请填写11位手机号码').waitFor();
      await page.getByLabel('手机号码').fill('13912345678');
      await page.getByText('English', { exact: true }).click();
      await page.getByRole('button', { name: '保存联系方式' }).click();
      await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
      await check(page, 'my contact details');
      await shot(page, 'phone-teacher-contact-zh-CN');
    });
    const saved = await call(staffing, await asTeacher('a'), 'GET', `/teachers/${t.a.id}/contact`);
    expect(saved).toMatchObject({ email: EMAIL_A, phone: '13912345678', language: 'en', version: 2 });
    // and back, so the rest of her notices are in Chinese
    await call(staffing, await asTeacher('a'), 'PUT', `/teachers/${t.a.id}/contact`, { email: EMAIL_A, phone: '13912345678', language: 'zh-CN', version: 2 });
  });

  it('a teacher appeals her approved move on a phone, within the deadline, with a file', async () => {
    const mine = await call(rotation, await asTeacher('a'), 'GET', `/cycles/${cycleId}/me/move`);
    expect(mine.appealPeriod.open).toBe(true);
    await onPhone(t.a.name, async (page) => {
      await page.goto(`${gateway.url}/teacher/appeals`);
      await page.getByRole('heading', { name: '调动与申诉' }).waitFor();
      await page.getByText(schools.Y.name).first().waitFor();
      const deadline = new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${mine.appealPeriod.date}T12:00:00Z`));
      await page.getByText(`申诉截止：${deadline} 23:59（北京时间）`).waitFor();
      await page.getByLabel('申诉理由').fill('家中老人需要照顾，希望留在原校 / I care for an elderly parent');
      await page.getByRole('button', { name: '提交申诉' }).click();
      await page.getByRole('status').filter({ hasText: '申诉已提交' }).waitFor();
      await page.getByText('待决定').first().waitFor();
      await page.getByLabel('添加附件（PDF、PNG 或 JPEG，不超过 5 MB，最多 5 个）').setInputFiles({ name: '病历证明.pdf', mimeType: 'application/pdf', buffer: Buffer.from(TINY_PDF) });
      await page.getByRole('status').filter({ hasText: '已上传 病历证明.pdf' }).waitFor();
      await page.getByRole('button', { name: '下载 病历证明.pdf' }).waitFor();
      await check(page, 'my move and appeal');
      await shot(page, 'phone-teacher-appeal-zh-CN');
    });
    const filed = (await call(rotation, await asTeacher('a'), 'GET', '/me/appeals')).items;
    expect(filed).toEqual([expect.objectContaining({ status: 'open', reasons: expect.stringContaining('家中老人'), attachments: [expect.objectContaining({ filename: '病历证明.pdf' })] })]);
  });

  it('county HR amends the plan for the appeal: the diff, the approval, and staffing undoes both moves', async () => {
    const page = await signInAs(HR);
    await page.getByRole('menuitem', { name: '申诉' }).click();
    await page.getByRole('heading', { name: `${COUNTY_ZH} 申诉` }).waitFor();
    const row = page.getByRole('row').filter({ hasText: t.a.name });
    await row.getByText('待决定').waitFor();
    await row.getByText(`${schools.X.name} → ${schools.Y.name}`).waitFor();
    await check(page, 'hr appeals');
    await bothLanguages(page, 'hr-appeals', 'Appeals in Appeals portal county');
    await row.getByRole('button', { name: '处理' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('家中老人需要照顾').waitFor();
    await drawer.getByRole('button', { name: '病历证明.pdf' }).waitFor();
    await drawer.getByText('取消该调动（留在原校）').click();
    await drawer.getByRole('button', { name: '开始重新求解' }).click();
    await drawer.getByText('可批准').waitFor({ timeout: 120_000 });
    // a's move and b's (into the post a would have freed) cancelled; c's kept
    const cancelled = drawer.getByRole('region', { name: '取消的调动' });
    await cancelled.getByText(`${t.a.name}：${schools.X.name} → ${schools.Y.name}`).waitFor();
    await cancelled.getByText(`${t.b.name}：${schools.Z.name} → ${schools.X.name}`).waitFor();
    await drawer.getByText('其余 1 项已批准调动不变').waitFor();
    await check(page, 'hr appeal amendment');
    await shot(page, 'hr-appeal-amendment-zh-CN');
    await drawer.getByLabel('批准理由').fill('照顾家庭，维持原岗位 / family care');
    await drawer.getByRole('button', { name: '批准修订' }).click();
    await drawer.getByText('修订已批准').or(drawer.getByRole('alert')).first().waitFor();
    if (await drawer.getByRole('alert').count()) throw new Error(`the approval was refused: ${await drawer.getByRole('alert').first().innerText()}`);
    await page.keyboard.press('Escape');
    await row.getByText('已改变调动').waitFor();
    await page.close();

    // staffing applies the amended plan: a and b stay where they were; c still moves
    await waitFor(async () => (await schoolsOn(t.a.id, EFFECTIVE)).join() === schools.X.id && (await schoolsOn(t.b.id, EFFECTIVE)).join() === schools.Z.id, 'staffing to undo both cancelled moves', 90_000);
    expect(await schoolsOn(t.c.id, EFFECTIVE)).toEqual([schools.V.id]);
    const history = await call(staffing, hr, 'GET', `/teachers/${t.a.id}/appointments?asOf=${EFFECTIVE}`);
    expect(history.upcoming).toEqual([]);
  });

  it('the teacher reads the decision, and her notice of it', async () => {
    const teacherA = await asTeacher('a');
    await waitFor(async () => (await call(notices, teacherA, 'GET', '/me/notices?kind=appeal_decided')).total === 1, 'the notice of the decision', 60_000);
    await onPhone(t.a.name, async (page) => {
      await page.goto(`${gateway.url}/teacher/appeals`);
      await page.getByText('已改变调动').first().waitFor();
      await page.getByText('照顾家庭，维持原岗位').waitFor();
      await check(page, 'my appeal decided');
      await page.getByRole('link', { name: /我的通知（[1-9]\d* 条未读）/ }).click();
      await page.getByRole('article').filter({ hasText: '申诉已决定' }).first().waitFor();
    });
  });

  it('county HR upholds another appeal: the move stands, and the reason is shown', async () => {
    const filed = await call(rotation, await asTeacher('c'), 'POST', `/cycles/${cycleId}/me/appeals`, { reasons: '路途较远 / a long way from home' }, 201);
    const page = await signInAs(HR);
    await page.goto(`${gateway.url}/hr/appeals`);
    const row = page.getByRole('row').filter({ hasText: t.c.name });
    await row.getByRole('button', { name: '处理' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('维持理由').fill('符合交流规定，路程在合理范围内');
    await drawer.getByRole('button', { name: '维持原决定', exact: true }).click();
    await drawer.getByText('符合交流规定，路程在合理范围内').waitFor();
    await page.keyboard.press('Escape');
    await row.getByText('维持原决定').waitFor();
    await page.close();
    expect(await call(rotation, hr, 'GET', `/appeals/${filed.id}`)).toMatchObject({ status: 'upheld', decisionReason: '符合交流规定，路程在合理范围内' });
    expect(await schoolsOn(t.c.id, EFFECTIVE)).toEqual([schools.V.id]);
  });

  it('a late appeal gets the service’s refusal with the date the period ended', async () => {
    const mine = await call(rotation, await asTeacher('c'), 'GET', `/cycles/${cycleId}/me/move`);
    // one minute after the period's end (23:59 Asia/Shanghai of its last working day), as rotation's clock tells
    const late = new Date(Date.parse(mine.appealPeriod.endsAt) + 60_000);
    const clock = jest.spyOn(rotation.app.get(Clock, { strict: false }), 'now').mockImplementation(() => late);
    try {
      await onPhone(t.c.name, async (page) => {
        await page.goto(`${gateway.url}/teacher/appeals`);
        await page.getByText('申诉期已过').waitFor();
        await page.getByLabel('申诉理由').fill('刚看到通知 / I only just saw the notice');
        await page.getByRole('button', { name: '提交申诉' }).click();
        const refusal = page.getByRole('alert').filter({ hasText: '申诉期已于' });
        await refusal.waitFor();
        const [y, m, d] = mine.appealPeriod.date.split('-');
        expect(await refusal.innerText()).toContain(`申诉期已于${y}年${m}月${d}日23:59（北京时间）截止`);
        await check(page, 'late appeal refused');
      });
    } finally {
      clock.mockRestore();
    }
    expect((await call(rotation, hr, 'GET', `/appeals?countyCode=${COUNTY}&status=open`)).total).toBe(0);
  });

  it('the operator re-sends the delivery the mail server refused, and it is delivered once', async () => {
    const [failed] = await waitFor(
      async () => {
        const rows = await notices.dataSource.query(`SELECT d.id, d.message_id AS "messageId" FROM notices.deliveries d JOIN notices.notices n ON n.id = d.notice_id WHERE n.county_code = $1 AND d.status = 'failed'`, [COUNTY]);
        return rows.length ? rows : null;
      },
      'the refused delivery to fail',
      60_000,
    );
    const page = await signInAs('Operator');
    await page.getByRole('menuitem', { name: '通知发送失败' }).click();
    await page.getByRole('heading', { name: '通知发送失败' }).waitFor();
    await choose(page, '县（市、区）', COUNTY_ZH);
    const row = page.getByRole('row').filter({ hasText: COUNTY_ZH });
    await row.getByText('550', { exact: false }).waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).not.toContain(EMAIL_A);
    await check(page, 'failed deliveries');
    await bothLanguages(page, 'ops-deliveries', 'Failed notice deliveries');
    await row.getByRole('button', { name: /^重新发送/ }).click();
    await page.getByRole('status').filter({ hasText: '已重新排队发送' }).waitFor();
    await waitFor(async () => (await notices.dataSource.query(`SELECT status FROM notices.deliveries WHERE id = $1`, [failed.id]))[0].status === 'sent', 'the re-sent delivery', 60_000);
    expect(smtp.received.filter((m) => m.messageId === failed.messageId)).toHaveLength(1);
    await page.getByText('没有发送失败的通知').waitFor();
    await page.close();
  });

  it('while next year’s preferences are collected, a teacher sees how achievable each school she ranked is, and that it is not a promise', async () => {
    const cycle = await call(rotation, hr, 'POST', '/cycles', { countyCode: COUNTY, schoolYear: YEAR + 1 });
    await call(rotation, hr, 'POST', `/cycles/${cycle.id}/transitions`, { to: 'collecting', version: 1, preferenceDeadline: `${YEAR + 1}-05-31` });
    const teacherA = await asTeacher('a');
    await call(rotation, teacherA, 'PUT', `/cycles/${cycle.id}/me/preferences`, { schoolIds: [schools.Y.id, schools.W.id] });
    await waitForCaughtUp(rotation.url);
    const started = await call(rotation, hr, 'POST', `/cycles/${cycle.id}/hints/runs`, {}, 202);
    const run = await waitFor(async () => {
      const runs = await call(rotation, hr, 'GET', `/cycles/${cycle.id}/hints/runs`);
      const r = runs.find((x: { id: string }) => x.id === started.id);
      return r && ['done', 'failed', 'skipped', 'superseded'].includes(r.status) ? r : null;
    }, 'the hint run', 90_000);
    expect(run.status).toBe('done');
    const hints = await call(rotation, teacherA, 'GET', `/cycles/${cycle.id}/me/hints`);
    expect(hints.available).toBe(true);
    const level = (schoolId: string) => hints.hints.find((h: { schoolId: string }) => h.schoolId === schoolId).level as 'likely' | 'possible' | 'unlikely';
    const words = { likely: '可能性较大', possible: '有可能', unlikely: '可能性较小' };
    await onPhone(t.a.name, async (page) => {
      await page.goto(`${gateway.url}/teacher/cycle`);
      await page.getByRole('heading', { name: '本轮交流轮岗' }).waitFor();
      await page.getByRole('heading', { name: '可达学校估计' }).waitFor();
      await page.getByText('估计，不是承诺', { exact: true }).waitFor();
      await page.getByText(hints.disclaimer.zh).waitFor();
      // next to each ranked school, its level as the service computed it
      const ranked = page.getByRole('region', { name: '志愿排序' });
      for (const key of ['Y', 'W']) await ranked.getByRole('listitem').filter({ hasText: schools[key].name }).getByText(words[level(schools[key].id)], { exact: true }).waitFor();
      // and why, in the service's own words
      const y = hints.hints.find((h: { schoolId: string }) => h.schoolId === schools.Y.id);
      await page.getByText(y.explanation.zh).first().waitFor();
      await check(page, 'teacher cycle with hints');
      await shot(page, 'phone-teacher-hints-zh-CN');
    });
  });

  it('has no serious or critical accessibility violations on the pages above (axe-core)', () => {
    expect(violations).toEqual([]);
  });
});
