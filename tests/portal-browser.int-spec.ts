import { startService, type RunningService } from '@app/runtime';
import { bearer, http, launchChromium, mintTestToken, startPrivateRedis, waitFor, waitForCaughtUp, type HeadlessChromium, type PrivateRedis } from '@app/testing';
import { rotationService } from '../apps/rotation/src/rotation.service';
import { schedulerService } from '../apps/scheduler/src/scheduler.service';
import { staffingService } from '../apps/staffing/src/staffing.service';
import { generateCounty } from '../seeds/county-generator';
import { seedKindergartenPairings } from '../seeds/kindergartens';
import { loadCounty } from '../seeds/load-county';
import { seedCounties } from '../seeds/seed';
import { startGateway, type GatewayProcess } from './support/portal';
import { portalBrowser } from './support/portal-browser';

/**
 * The portal in Debian's Chromium, as people use it, against the real services: a seeded county of its
 * own (500 teachers, loaded through staffing's outbox and Kafka into rotation's and the scheduler's read
 * models), the gateway as `npm start` runs it, development sign-in by clicking a person. Every step acts
 * by roles, labels and text; axe-core checks each main page; screenshots of the main pages in both
 * languages go to .run/screenshots/.
 */
const COUNTY = 'portalcity';
const COUNTY_ZH = '门户测试县';
const CYCLE_YEAR = 2027;

jest.setTimeout(180_000);

describe('portal in a real browser', () => {
  let redis: PrivateRedis;
  let staffing: RunningService;
  let rotation: RunningService;
  let scheduler: RunningService;
  let gateway: GatewayProcess;
  let chromium: HeadlessChromium;
  let hrHeaders: Record<string, string>;
  const { violations, signInAs, check, shot, bothLanguages, choose } = portalBrowser({ gatewayUrl: () => gateway.url, chromium: () => chromium });
  const state: { teacher?: { id: string; name: string }; cycleId?: string; otherTeacherId?: string; pinned?: string } = {};

  const api = (svc: RunningService, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    http(`${svc.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...(init.headers ?? hrHeaders), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const env = { ...process.env, REDIS_URL: redis.url, STAFFING_HTTP_PORT: '0', ROTATION_HTTP_PORT: '0', SCHEDULER_HTTP_PORT: '0' };
    staffing = await startService(staffingService, env);
    rotation = await startService(rotationService, env);
    scheduler = await startService(schedulerService, env);
    await seedCounties(staffing.dataSource);
    await staffing.dataSource.query(`INSERT INTO staffing.counties (code, name_zh, name_en) VALUES ($1, $2, 'Portal test county') ON CONFLICT DO NOTHING`, [COUNTY, COUNTY_ZH]);
    const data = generateCounty({ countyCode: COUNTY, seed: 'portal', teachers: 500 });
    const loaded = await loadCounty(staffing.dataSource, data);
    if (loaded.loaded) await seedKindergartenPairings(staffing.dataSource, COUNTY);
    hrHeaders = bearer(await mintTestToken({ role: 'county_hr', county: COUNTY }));
    // Next school year's approved headcounts (the cycle plans within them), imported as HR does.
    const post = new Map(data.posts.map((p) => [p.id, p]));
    const school = new Map(data.schools.map((x) => [x.id, x]));
    const lastYear = Math.max(...data.quotaYears);
    const rows = data.quotas.filter((q) => q.schoolYear === lastYear).map((q) => {
      const p = post.get(q.postId)!;
      return [school.get(p.schoolId)!.code, p.subjectCode ?? '', p.category, CYCLE_YEAR, q.approvedHeadcount + 1].join(',');
    });
    const quotas = await http(`${staffing.url}/imports/quotas?countyCode=${COUNTY}`, { method: 'POST', headers: { ...hrHeaders, 'content-type': 'text/csv' }, body: ['schoolCode,subjectCode,category,schoolYear,approvedHeadcount', ...rows].join('\n') + '\n' });
    expect(quotas.status).toBe(200);
    staffing.relay.poke();
    // The county reaches rotation's and the scheduler's read models through Kafka.
    await waitFor(
      async () => {
        const [r] = await rotation.dataSource.query(`SELECT count(*)::int AS n FROM rotation.teachers WHERE county_code = $1`, [COUNTY]);
        const [s] = await scheduler.dataSource.query(`SELECT count(*)::int AS n FROM scheduler.teachers WHERE county_code = $1`, [COUNTY]);
        const [a] = await scheduler.dataSource.query(`SELECT count(*)::int AS n FROM scheduler.appointments WHERE county_code = $1`, [COUNTY]);
        const [q] = await rotation.dataSource.query(`SELECT count(*)::int AS n FROM rotation.post_quotas WHERE county_code = $1 AND school_year = $2`, [COUNTY, CYCLE_YEAR]);
        return r.n === 500 && s.n === 500 && a.n === data.appointments.length && q.n === rows.length;
      },
      'the seeded county in rotation and scheduler',
      150_000,
      250,
    );
    // and whatever else the shared broker holds for their groups: solves and reviews refuse a copy behind
    await waitForCaughtUp(rotation.url);
    await waitForCaughtUp(scheduler.url);
    gateway = await startGateway({
      REDIS_URL: redis.url,
      STAFFING_URL: staffing.url,
      ROTATION_URL: rotation.url,
      SCHEDULER_URL: scheduler.url,
      PORTAL_DEV_COUNTY: COUNTY,
    });
    chromium = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await chromium?.close();
    await gateway?.stop();
    await scheduler?.stop();
    await rotation?.stop();
    await staffing?.stop();
    await redis?.destroy();
  });

  it('an operator runs the obligation refresh for the county from the runs page and watches it finish', async () => {
    const page = await signInAs('Operator');
    await page.getByRole('heading', { name: '任务运行' }).waitFor();
    await choose(page, '县（市、区）', COUNTY_ZH);
    await page.getByRole('button', { name: '运行', exact: true }).click();
    await page.getByRole('row').filter({ hasText: COUNTY_ZH }).filter({ hasText: '已完成' }).first().waitFor({ timeout: 60_000 });
    await page.getByRole('dialog').getByRole('progressbar', { name: '进度' }).waitFor();
    await check(page, 'operator runs');
    await page.keyboard.press('Escape');
    await bothLanguages(page, 'operator-runs', 'Job runs');
    const obligations = await api(scheduler, `/obligations?countyCode=${COUNTY}`);
    expect(obligations.body.total).toBeGreaterThan(0);
    await page.close();
  });

  it('county HR opens the cycle and starts collecting preferences', async () => {
    await waitFor(async () => (await rotation.dataSource.query(`SELECT count(*)::int AS n FROM rotation.obligations WHERE county_code = $1 AND open`, [COUNTY]))[0].n > 0, 'obligations in rotation', 30_000);
    const page = await signInAs(`${COUNTY} 教育局人事股`);
    await page.getByRole('link', { name: '交流轮岗' }).or(page.getByRole('menuitem', { name: '交流轮岗' })).first().click();
    await page.getByRole('heading', { name: '交流轮岗周期' }).waitFor();
    await page.getByRole('button', { name: '新建周期' }).click();
    await page.getByRole('heading', { name: `${CYCLE_YEAR} 学年交流轮岗` }).waitFor();
    state.cycleId = page.url().split('/').pop();
    await page.getByLabel('志愿截止日期').fill(`${CYCLE_YEAR}-05-31`);
    await page.getByRole('button', { name: '开始征集志愿' }).click();
    await page.getByText('征集志愿', { exact: true }).first().waitFor();
    expect((await api(rotation, `/cycles/${state.cycleId}`)).body).toMatchObject({ state: 'collecting', preferenceDeadline: `${CYCLE_YEAR}-05-31` });
    await page.close();
  });

  it('a teacher with an obligation reads assignments and status, ranks schools and sees them saved', async () => {
    const people = (await http(`${gateway.url}/auth/dev/people`)).body.people as { name: string; detail: string; claims: { teacher?: string } }[];
    const withObligation = people.find((p) => p.claims.teacher && /^R[23] /.test(p.detail));
    expect(withObligation).toBeDefined();
    state.teacher = { id: withObligation!.claims.teacher!, name: withObligation!.name };
    state.otherTeacherId = people.find((p) => p.claims.teacher && p.claims.teacher !== state.teacher!.id)!.claims.teacher;
    const teacherHeaders = bearer(await mintTestToken({ role: 'teacher', county: COUNTY, teacher: state.teacher.id }));
    const mine = (await api(staffing, '/me/appointments', { headers: teacherHeaders })).body;

    const page = await signInAs(state.teacher.name);
    await page.getByRole('heading', { name: '我的任职' }).waitFor();
    for (const a of mine.current) await page.getByText(a.schoolName).first().waitFor();
    await check(page, 'teacher home');
    await bothLanguages(page, 'teacher-home', 'My assignments');
    await page.getByRole('button', { name: '查看我的交流状态与志愿' }).click();
    await page.getByText('必须交流', { exact: true }).waitFor();
    await page.getByRole('cell', { name: '在现任学校年限' }).waitFor();

    const schools = (await api(rotation, `/cycles/${state.cycleId}/me/schools`, { headers: teacherHeaders })).body.items.filter((s: { name: string | null }) => s.name);
    const [first, second] = schools;
    for (const s of [first, second]) {
      await page.getByLabel('添加学校').click();
      await page.getByLabel('添加学校').fill(s.name);
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText(s.name, { exact: true }).click();
    }
    await page.getByRole('button', { name: `将 ${second.name} 上移` }).click();
    await page.getByRole('button', { name: '保存志愿' }).click();
    await page.getByRole('status').filter({ hasText: '已保存：2 所学校，按此顺序' }).waitFor();
    await check(page, 'teacher cycle');
    const saved = (await api(rotation, `/cycles/${state.cycleId}/me/preferences`, { headers: teacherHeaders })).body;
    expect(saved.schoolIds).toEqual([second.schoolId, first.schoolId]);
    // After a reload the page shows the saved order.
    await page.reload();
    const listed = page.getByRole('region', { name: '志愿排序' });
    await listed.getByText(first.name).waitFor();
    const text = await listed.innerText();
    expect(text.indexOf(second.name)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(second.name)).toBeLessThan(text.indexOf(first.name));
    await bothLanguages(page, 'teacher-cycle', 'My ranked schools');
    await page.close();
  });

  it('on a 390 px phone the teacher pages fit the screen, and another teacher\'s record is refused', async () => {
    const phone = await launchChromium({ viewport: { width: 390, height: 844 }, mobile: true });
    const page = await signInAs(state.teacher!.name, phone.browser);
    await page.getByRole('heading', { name: '我的任职' }).waitFor();
    const width = () => page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    expect(await width()).toBeLessThanOrEqual(390);
    await shot(page, 'phone-teacher-home-zh-CN');
    await page.getByRole('button', { name: '菜单' }).click();
    await page.getByRole('menuitem', { name: '本轮交流' }).click();
    await page.getByText('必须交流', { exact: true }).waitFor();
    expect(await width()).toBeLessThanOrEqual(390);
    await check(page, 'phone teacher cycle');
    await shot(page, 'phone-teacher-cycle-zh-CN');
    // Another teacher's page: the portal refuses it, and so does staffing when asked directly.
    await page.goto(`${gateway.url}/hr/teachers/${state.otherTeacherId}`);
    await page.getByText('您无权打开此页面').waitFor();
    const direct = await page.evaluate(async (id) => (await fetch(`/api/staffing/teachers/${id}`)).status, state.otherTeacherId);
    expect(direct).toBe(403);
    await phone.close();
  });

  it('county HR imports a sheet with a bad row, reads the error, and imports the fixed file', async () => {
    const page = await signInAs(`${COUNTY} 教育局人事股`);
    await page.goto(`${gateway.url}/hr/imports`);
    await page.getByRole('heading', { name: '表格导入' }).waitFor();
    const header = 'staffNo,name,gender,birthDate,firstServiceDate,subjects';
    const file = (rows: string[]) => ({ name: 'teachers.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].join('\n') + '\n') });
    const good = 'PT-IMP-1,导入教师甲,女,1992-03-04,2015-09-01,mathematics';
    await page.getByLabel('文件（.xlsx 或 .csv）').setInputFiles(file([good, 'PT-IMP-2,导入教师乙,男,1990-02-30,2014-09-01,chinese']));
    await page.getByRole('button', { name: '检查文件' }).click();
    await page.getByRole('heading', { name: '发现 1 个问题' }).waitFor();
    const problem = page.getByRole('row').filter({ hasText: 'birthDate' });
    expect(await problem.innerText()).toMatch(/^3\s+birthDate\s+.+/);
    await page.getByText('未写入任何数据').waitFor();
    await check(page, 'hr import errors');
    await bothLanguages(page, 'hr-import-errors', 'Spreadsheet imports');
    await page.getByLabel('文件（.xlsx 或 .csv）').setInputFiles(file([good, 'PT-IMP-2,导入教师乙,男,1990-02-28,2014-09-01,chinese']));
    await page.getByRole('button', { name: '检查文件' }).click();
    await page.getByText('文件无误：2 行可以导入').waitFor();
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await page.getByText('已导入 2 行').waitFor();
    const found = await api(staffing, `/teachers?countyCode=${COUNTY}&q=${encodeURIComponent('导入教师')}`);
    expect(found.body.items.map((t: { staffNo: string }) => t.staffNo).sort()).toEqual(['PT-IMP-1', 'PT-IMP-2']);
    await page.close();
  });

  it('county HR solves, pins a move, compares versions, has a stale version explained, approves, and staffing shows the upcoming appointment', async () => {
    const page = await signInAs(`${COUNTY} 教育局人事股`);
    await page.goto(`${gateway.url}/hr/cycles/${state.cycleId}`);
    await page.getByRole('button', { name: '开始编制方案' }).click();
    await page.getByRole('button', { name: '编制新方案' }).click();
    await page.getByText('交流比例（R1）').first().waitFor({ timeout: 120_000 });
    await page.locator('[data-chart="echarts"] svg').first().waitFor();
    const plan1 = (await api(rotation, `/cycles/${state.cycleId}/plans`)).body[0];
    await shot(page, 'hr-plan-review-first-zh-CN');
    // Pin the first move of the table (force it), then solve again: version 2 keeps it.
    const pinButton = page.getByRole('button', { name: /^锁定 .+ 的此项调动$/ }).first();
    const pinnedName = (await pinButton.getAttribute('aria-label'))!.replace(/^锁定 | 的此项调动$/g, '');
    await pinButton.click();
    await page.getByText('锁定已保存，下次求解时生效').waitFor();
    const pins = (await api(rotation, `/cycles/${state.cycleId}/pins`)).body;
    expect(pins).toHaveLength(1);
    state.pinned = pins[0].teacherId;
    await page.getByRole('button', { name: '编制新方案' }).click();
    await page.getByText(/第 2 版/).first().waitFor({ timeout: 120_000 });
    await page.getByRole('row').filter({ hasText: pinnedName }).getByText('已锁定安排').waitFor();
    await check(page, 'hr plan review');
    await choose(page, '与此版本比较', `第 1 版 · ${plan1.status === 'optimal' ? '最优' : '可行'} · ${plan1.movers} 人`);
    await page.getByText(/从第 1 版到第 2 版/).waitFor();
    await bothLanguages(page, 'hr-plan-review', 'Exchange share (R1)');
    // Someone else moves the cycle on meanwhile: this page's version is stale, and it says so.
    const cycle = (await api(rotation, `/cycles/${state.cycleId}`)).body;
    const proposed = await api(rotation, `/cycles/${state.cycleId}/plans/${plan1.id}/propose`, { method: 'POST', body: { version: cycle.version } });
    expect(proposed.status).toBe(200);
    expect((await api(rotation, `/cycles/${state.cycleId}/transitions`, { method: 'POST', body: { to: 'planning', version: proposed.body.version } })).status).toBe(200);
    await page.getByRole('button', { name: '提交此方案' }).click();
    await page.getByText(`cycle ${state.cycleId} was changed by someone else; reload it and try again`).waitFor();
    await page.getByText('该周期在您打开页面后已被他人修改').waitFor();
    await shot(page, 'hr-plan-stale-version-zh-CN');
    // Reload, propose plan 2 and approve it.
    await page.reload();
    await page.getByText(/第 2 版/).first().waitFor();
    await page.getByRole('button', { name: '提交此方案' }).click();
    await page.getByRole('button', { name: '批准方案' }).click();
    await page.getByText(/已批准，\d+ 项调动已发送给人事系统执行/).waitFor();
    const approved = (await api(rotation, `/cycles/${state.cycleId}`)).body;
    expect(approved.state).toBe('approved');
    const plan2 = (await api(rotation, `/cycles/${state.cycleId}/plans`)).body[0];
    const move = (await api(rotation, `/cycles/${state.cycleId}/plans/${plan2.id}`)).body.moves.find((m: { teacherId: string }) => m.teacherId === state.pinned);
    expect(move).toBeDefined();
    // Staffing applies the move through Kafka; the teacher's page shows it as coming up.
    await waitFor(async () => (await api(staffing, `/teachers/${state.pinned}/appointments`)).body.upcoming.some((a: { schoolId: string }) => a.schoolId === move.toSchoolId), 'staffing to apply the pinned move', 60_000);
    await page.goto(`${gateway.url}/hr/teachers/${state.pinned}`);
    const upcoming = page.getByRole('row').filter({ hasText: '将来' });
    await upcoming.first().waitFor();
    const schoolName = (await api(staffing, `/schools/${move.toSchoolId}`)).body.name;
    expect(await upcoming.first().innerText()).toContain(schoolName);
    expect(await upcoming.first().innerText()).toContain('轮岗');
    await check(page, 'hr teacher history');
    await bothLanguages(page, 'hr-teacher-history', 'Appointment history');
    await page.close();
  });

  it('the city dashboard renders its charts with the seeded county, and switches language', async () => {
    const page = await signInAs('江门市教育局');
    await page.getByRole('heading', { name: '江门市行动方案目标看板' }).waitFor();
    await page.getByRole('row').filter({ hasText: COUNTY_ZH }).waitFor();
    const charts = page.locator('[data-chart="echarts"] svg');
    await charts.nth(3).waitFor({ timeout: 30_000 });
    expect(await charts.count()).toBeGreaterThanOrEqual(4);
    const targets = (await api(scheduler, `/targets?schoolYear=${CYCLE_YEAR - 1}`, { headers: bearer(await mintTestToken({ role: 'city_admin' })) })).body;
    const mine = targets.items.find((c: { countyCode: string }) => c.countyCode === COUNTY);
    const row = page.getByRole('row').filter({ hasText: COUNTY_ZH });
    expect(await row.innerText()).toContain(`(${mine.R1.moved}/${mine.R1.teachers})`);
    await page.getByRole('heading', { name: 'R10 幼儿园结对' }).waitFor();
    await check(page, 'city dashboard');
    await shot(page, 'city-dashboard-zh-CN');
    await page.getByRole('banner').getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Jiangmen action plan targets' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Portal test county' }).waitFor();
    await check(page, 'city dashboard (en)');
    await shot(page, 'city-dashboard-en');
    // The choice sticks across a reload (a display preference, kept in the browser).
    await page.reload();
    await page.getByRole('heading', { name: 'Jiangmen action plan targets' }).waitFor();
    await page.getByRole('banner').getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '江门市行动方案目标看板' }).waitFor();
    await page.close();
  });

  it('a school administrator confirms a teacher’s arrival', async () => {
    const people = (await http(`${gateway.url}/auth/dev/people`)).body.people as { name: string; claims: { role: string; school?: string } }[];
    const admin = people.find((p) => p.claims.role === 'school_admin')!;
    const pool = (await api(staffing, `/teachers?countyCode=${COUNTY}&inPool=true&limit=1`)).body.items[0];
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const appointed = await api(staffing, '/appointments', { method: 'POST', body: { teacherId: pool.id, schoolId: admin.claims.school, kind: 'support', workloadShare: 0.2, startDate: today } });
    expect(appointed.status).toBe(201);
    const page = await signInAs(admin.name);
    await page.getByRole('heading', { name: '待确认到岗' }).waitFor();
    await page.getByRole('button', { name: `确认 ${pool.name} 已到岗` }).click();
    await page.getByText('已确认到岗').first().waitFor();
    await check(page, 'school home');
    await bothLanguages(page, 'school-home', 'Arrivals to confirm');
    const [row] = await staffing.dataSource.query(`SELECT arrival_confirmed_at AS at FROM staffing.appointments WHERE id = $1`, [appointed.body.id]);
    expect(row.at).not.toBeNull();
    await page.close();
  });

  it('county HR pages render in both languages (overview, schools, teachers, obligations, kindergartens, audit)', async () => {
    const page = await signInAs(`${COUNTY} 教育局人事股`);
    const pages: [string, string, string, string][] = [
      ['/hr', `${COUNTY_ZH} 概况`, 'hr-overview', 'at a glance'],
      ['/hr/schools', '学校与岗位', 'hr-schools', 'Schools and posts'],
      ['/hr/teachers', '教师查询', 'hr-teachers', 'Teachers'],
      ['/hr/obligations', '交流义务与豁免', 'hr-obligations', 'Obligations and exemptions'],
      ['/hr/kindergartens', '优质幼儿园结对帮扶（R10）', 'hr-kindergartens', 'Quality kindergarten pairings'],
      ['/hr/audit', '操作日志', 'hr-audit', 'Audit trail'],
    ];
    for (const [path, heading, name, english] of pages) {
      await page.goto(`${gateway.url}${path}`);
      await page.getByRole('heading', { name: heading }).waitFor();
      await page.locator('.ant-skeleton').first().waitFor({ state: 'detached' }).catch(() => undefined);
      await check(page, name);
      await bothLanguages(page, name, english);
    }
    await page.close();
  });

  it('has no serious or critical accessibility violations on the pages above (axe-core)', () => {
    expect(violations).toEqual([]);
  });
});
