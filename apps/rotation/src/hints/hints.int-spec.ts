import { randomUUID } from 'node:crypto';
import { ObligationRaised, PostQuotaSet, SchoolRegistered, TeacherAppointed, TeacherRegistered } from '@app/contracts';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, publishEvent, waitFor, waitForCaughtUp } from '@app/testing';
import { rotationService } from '../rotation.service';
import { ComputeHints, nightlyRunId } from './application/compute-hints.use-case';
import { HINTS_NIGHTLY } from './domain/schedule';
import { BullHintQueue } from './infrastructure/hint-jobs';

/**
 * Achievable-school hints over the service, on a county whose answer is known (policy defaults: toward
 * rural 2, toward weak 2, backbone toward weak 4, 1st choice 6, same district 1, move −5; R1 5%, backbone
 * movers 20%, subject floor 1):
 *
 *   T county town · C township central · R village, rural and weak · K kindergarten — all in district d1
 *   mathematics posts: T quota 4 held by 4; C quota 1, empty; R quota 3 held by 2; K has a preschool post only
 *
 *   newcomer  R maths, R3 due, lists [C]       R→C −2 − 2 + 6 + 1 − 5 = −2, the best R3 school: C
 *   keen      T maths, 2 years, lists [R]      a volunteer: T→R 2 + 2 + 6 + 1 − 5 = 6
 *   veteran   T maths, county backbone, 13 y   T→R 2 + 2 + 4 + 1 − 5 = 4, and the backbone share needs him
 *   choosy    T maths, 2 years, lists [K]      K has no mathematics post
 *   senior    T maths, near retirement, [C]    exempt
 *   rstay     R maths, 13 years                every move costs more than it earns
 *
 * Preferences go in through the teachers' API, the hints are computed (the HR trigger, then the nightly job)
 * and read by each teacher; then a real solve places the teachers as the hints said.
 */
describe('achievable-school hints', () => {
  let svc: RunningService;
  let hr: Record<string, string>;
  const county = 'hinttest';
  const year = 2033;
  const [T, C, R, K] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const posts = { T: randomUUID(), C: randomUUID(), R: randomUUID(), K: randomUUID() };
  const ids = { newcomer: randomUUID(), keen: randomUUID(), veteran: randomUUID(), choosy: randomUUID(), senior: randomUUID(), rstay: randomUUID() };
  const stranger = randomUUID(); // a teacher of another county
  const as = async (teacherId: string, teacherCounty = county) => bearer(await mintTestToken({ role: 'teacher', county: teacherCounty, teacher: teacherId }));
  const send = (method: string, path: string, body: unknown, headers = hr) => http(`${svc.url}${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const get = (path: string, headers: Record<string, string>) => http(`${svc.url}${path}`, { headers });
  let cycle: { id: string; version: number };

  const runDone = (cycleId: string, runId: string) =>
    waitFor(async () => {
      const r = await get(`/cycles/${cycleId}/hints/runs`, hr);
      const run = r.body.find((x: { id: string }) => x.id === runId);
      return run && ['done', 'failed', 'skipped', 'superseded'].includes(run.status) ? run : null;
    }, 'the hint run to finish', 60000, 200);

  beforeAll(async () => {
    svc = await startService(rotationService, { ...process.env, ROTATION_HTTP_PORT: '0', READ_MODEL_MAX_LAG: '0' });
    hr = bearer(await mintTestToken({ role: 'county_hr', county }));
    const b = process.env.KAFKA_BROKERS!;
    const school = (schoolId: string, type: 'county_town' | 'township_central' | 'village_primary' | 'kindergarten_township', name: string, rural = false, weak = false) =>
      publishEvent(b, SchoolRegistered, { schoolId, countyCode: county, code: `HT-${schoolId.slice(0, 5)}`, name, type, districtCode: 'd1', weak, smallScale: false, rural, remoteTier: 0 });
    await school(T, 'county_town', '江门市城区实验小学');
    await school(C, 'township_central', '杜阮镇中心小学');
    await school(R, 'village_primary', '杜阮镇龙榜村小学', true, true);
    await school(K, 'kindergarten_township', '杜阮镇中心幼儿园');
    for (const [postId, schoolId, subjectCode, quota] of [[posts.T, T, 'mathematics', 4], [posts.C, C, 'mathematics', 1], [posts.R, R, 'mathematics', 3], [posts.K, K, 'preschool', 1]] as const) {
      await publishEvent(b, PostQuotaSet, { postId, schoolId, countyCode: county, subjectCode, category: 'teacher', schoolYear: year, approvedHeadcount: quota });
    }
    const teacher = async (teacherId: string, schoolId: string, postId: string, since: string, birthDate: string, backboneLevel: 'none' | 'county' = 'none', teacherCounty = county) => {
      await publishEvent(b, TeacherRegistered, { teacherId, countyCode: teacherCounty, name: '教师', gender: 'male', birthDate, firstServiceDate: since, subjects: ['mathematics'], title: null, backboneLevel, category: 'teacher' });
      await publishEvent(b, TeacherAppointed, { appointmentId: randomUUID(), teacherId, schoolId, countyCode: teacherCounty, postId, subject: 'mathematics', kind: 'regular', role: 'teacher', workloadShare: 1, startDate: since, endDate: null, moveId: null });
    };
    await teacher(ids.newcomer, R, posts.R, '2030-09-01', '2006-02-02');
    await teacher(ids.rstay, R, posts.R, '2020-09-01', '1990-02-02');
    await teacher(ids.keen, T, posts.T, '2031-09-01', '1998-02-02');
    await teacher(ids.veteran, T, posts.T, '2020-09-01', '1988-02-02', 'county');
    await teacher(ids.choosy, T, posts.T, '2031-09-01', '1999-02-02');
    await teacher(ids.senior, T, posts.T, '2000-09-01', '1974-01-01');
    await teacher(stranger, randomUUID(), randomUUID(), '2020-09-01', '1990-02-02', 'none', 'heshan');
    await publishEvent(b, ObligationRaised, { obligationId: randomUUID(), rule: 'R3', teacherId: ids.newcomer, countyCode: county, severity: 'due', dueBy: '2035-09-01', asOf: '2033-03-01', facts: {} });
    await waitFor(async () => {
      const [{ n }] = await svc.dataSource.query(
        `SELECT (SELECT count(*) FROM rotation.appointments a JOIN rotation.teachers t USING (teacher_id) WHERE t.county_code = $1)
              + (SELECT count(*) FROM rotation.post_quotas WHERE county_code = $1) + (SELECT count(*) FROM rotation.obligations WHERE county_code = $1)
              + (SELECT count(*) FROM rotation.schools WHERE county_code = $1) AS n`,
        [county],
      );
      return Number(n) === 6 + 4 + 1 + 4;
    }, 'the rotation read model', 60000);
    await waitForCaughtUp(svc.url);

    const opened = (await send('POST', '/cycles', { countyCode: county, schoolYear: year })).body;
    cycle = (await send('POST', `/cycles/${opened.id}/transitions`, { to: 'collecting', version: opened.version, preferenceDeadline: `${year}-05-31` })).body;
    expect(cycle).toMatchObject({ state: 'collecting' });
  });
  afterAll(() => svc?.stop());

  it('registers the nightly job scheduler under its stable id, in Asia/Shanghai', async () => {
    const queue = svc.app.get(BullHintQueue, { strict: false }).queue;
    const scheduler = await queue.getJobScheduler(HINTS_NIGHTLY.id);
    expect(scheduler).toMatchObject({ key: HINTS_NIGHTLY.id, pattern: '30 3 * * *', tz: 'Asia/Shanghai', name: 'nightly' });
  });

  it('says nothing is computed yet, then computes from the preferences the teachers saved and shows each teacher their own', async () => {
    for (const [who, schools] of [['newcomer', [C]], ['keen', [R]], ['choosy', [K]], ['senior', [C]]] as const) {
      const saved = await send('PUT', `/cycles/${cycle.id}/me/preferences`, { schoolIds: schools }, await as(ids[who]));
      expect([who, saved.status]).toEqual([who, 200]);
    }
    const before = await get(`/cycles/${cycle.id}/me/hints`, await as(ids.keen));
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ available: false, computedAt: null, hints: [], note: { en: expect.stringContaining('not been computed yet') } });

    const started = await send('POST', `/cycles/${cycle.id}/hints/runs`, {});
    expect([started.status, started.body.status, started.body.trigger]).toEqual([202, 'queued', 'manual']);
    const run = await runDone(cycle.id, started.body.id);
    expect(run).toMatchObject({ status: 'done', error: null, stats: { plan: { status: 'optimal', moves: 3 }, teachers: 6 } });
    expect(run.stats.scenarios).toBe(8);
    const audit = await svc.dataSource.query(`SELECT action, after FROM rotation.audit_log WHERE entity_id = $1 AND action = 'hints.run'`, [cycle.id]);
    expect(audit).toEqual([{ action: 'hints.run', after: { runId: started.body.id } }]);

    const read = async (who: keyof typeof ids) => {
      const r = await get(`/cycles/${cycle.id}/me/hints`, await as(ids[who]));
      expect([who, r.status]).toEqual([who, 200]);
      expect(r.body).toMatchObject({ cycleId: cycle.id, teacherId: ids[who], available: true, computedAt: run.computedAt });
      return r.body;
    };
    const brief = (b: { hints: { schoolId: string; level: string; reason: string; listedRank: number | null; suggested: boolean }[] }) => b.hints.map((h) => [h.schoolId, h.level, h.reason, h.listedRank, h.suggested]);

    const newcomer = await read('newcomer');
    expect(newcomer.teacherKind).toBe('mandatory_r3');
    expect(brief(newcomer)).toEqual([[C, 'likely', 'placed', 1, false]]);
    expect(newcomer.summary.en).toMatch(/^You must spend at least a year at a county-town school or a township central school \(R3\)\. The what-if plan places you at 杜阮镇中心小学 \(your choice 1\)\. Computed at \d{4}-\d\d-\d\d \d\d:\d\d \(Beijing time\)/);
    expect(newcomer.summary.zh).toContain('模拟编排把您安排到杜阮镇中心小学（您的第1志愿）');
    const h = newcomer.hints[0];
    expect(h).toMatchObject({ schoolName: '杜阮镇中心小学', levelWords: { zh: '可能性较大', en: 'likely' }, computedAt: run.computedAt });
    expect(h.explanation.en).toMatch(/^The what-if plan, made from the current preferences and vacancies, places you at this school, and \d of 8 re-runs/);
    expect(h.explanation.zh).toContain('模拟编排');
    expect(h.disclaimer).toEqual({ zh: expect.stringContaining('不是承诺'), en: expect.stringContaining('not a promise') });
    expect(h.facts).toBeUndefined(); // the figures behind a level are HR's

    const keen = await read('keen');
    expect([keen.teacherKind, brief(keen)[0]]).toEqual(['volunteer', [R, 'likely', 'placed', 1, false]]);
    const veteran = await read('veteran');
    expect([veteran.teacherKind, brief(veteran)[0]]).toEqual(['eligible', [R, 'likely', 'placed', null, true]]);
    expect(veteran.hints[0].explanation.en).toMatch(/^You did not list this school\. The what-if plan/);
    const choosy = await read('choosy');
    expect(brief(choosy)[0]).toEqual([K, 'unlikely', 'no_post', 1, false]);
    expect(choosy.hints[0].explanation.en).toBe('This school has no mathematics teacher posts, so nobody of your subject and category can be placed there.');
    expect(choosy.hints.slice(1).every((x: { suggested: boolean; level: string }) => x.suggested && x.level !== 'unlikely')).toBe(true);
    const senior = await read('senior');
    expect([senior.teacherKind, brief(senior)]).toEqual(['exempt', [[C, 'unlikely', 'exempt', 1, false]]]);

    // nothing in a teacher's answer names another teacher
    for (const who of Object.keys(ids) as (keyof typeof ids)[]) {
      const text = JSON.stringify(await read(who));
      for (const other of Object.values(ids).filter((x) => x !== ids[who])) expect([who, text.includes(other)]).toEqual([who, false]);
    }
  });

  it('gives a teacher only their own hints: another teacher, county or cycle gets nothing of theirs', async () => {
    const keenToken = await as(ids.keen);
    // HR's support view of keen: the same hints with the figures behind them
    const support = await get(`/cycles/${cycle.id}/teachers/${ids.keen}/hints`, hr);
    expect(support.status).toBe(200);
    expect(support.body).toMatchObject({ teacherId: ids.keen, available: true });
    expect(support.body.hints[0]).toMatchObject({ schoolId: R, level: 'likely', facts: expect.objectContaining({ scenarios: 8, scenarioShare: expect.any(Number) }) });
    // a teacher cannot use the support route, for themself or another
    for (const target of [ids.keen, ids.newcomer]) {
      const r = await get(`/cycles/${cycle.id}/teachers/${target}/hints`, keenToken);
      expect([r.status, r.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    }
    // a teacher of another county: 403 for this cycle
    const foreign = await get(`/cycles/${cycle.id}/me/hints`, await as(stranger, 'heshan'));
    expect([foreign.status, foreign.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    // a token naming this county for a teacher who is not in it: still refused (the county comes from the read model)
    const claimed = await get(`/cycles/${cycle.id}/me/hints`, await as(stranger, county));
    expect([claimed.status, claimed.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    // an unknown cycle: 404; HR of another county: 403; the runs are HR's and operators'
    expect((await get(`/cycles/${randomUUID()}/me/hints`, keenToken)).status).toBe(404);
    const otherHr = bearer(await mintTestToken({ role: 'county_hr', county: 'heshan' }));
    expect((await get(`/cycles/${cycle.id}/teachers/${ids.keen}/hints`, otherHr)).status).toBe(403);
    expect((await get(`/cycles/${cycle.id}/hints/runs`, keenToken)).status).toBe(403);
    expect((await send('POST', `/cycles/${cycle.id}/hints/runs`, {}, keenToken)).status).toBe(403);
    // HR asking for a teacher who is not in the county: 404, nothing about them
    const none = await get(`/cycles/${cycle.id}/teachers/${stranger}/hints`, hr);
    expect([none.status, none.body.code]).toEqual([404, 'ROTATION.TEACHER_NOT_FOUND']);
  });

  it('runs nightly once per cycle and day, and says when a list changed after the hints were computed', async () => {
    const compute = svc.app.get(ComputeHints, { strict: false });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const first = await compute.nightly(today);
    expect(first.runs).toContain(nightlyRunId(cycle.id, today));
    const again = await compute.nightly(today);
    expect(again.runs).toEqual(first.runs);
    const rows = await svc.dataSource.query(`SELECT count(*)::int AS n FROM rotation.hint_runs WHERE id = $1`, [nightlyRunId(cycle.id, today)]);
    expect(rows[0].n).toBe(1);
    const run = await runDone(cycle.id, nightlyRunId(cycle.id, today));
    expect(run).toMatchObject({ trigger: 'nightly', status: 'done' });
    // the nightly run replaced the hints whole: one row per teacher, hints of this run only
    const [{ teachers, runs }] = await svc.dataSource.query(`SELECT count(*)::int AS teachers, count(DISTINCT run_id)::int AS runs FROM rotation.hint_teachers WHERE cycle_id = $1`, [cycle.id]);
    expect({ teachers, runs }).toEqual({ teachers: 6, runs: 1 });

    const changed = await send('PUT', `/cycles/${cycle.id}/me/preferences`, { schoolIds: [R, C] }, await as(ids.choosy));
    expect(changed.status).toBe(200);
    const after = await get(`/cycles/${cycle.id}/me/hints`, await as(ids.choosy));
    expect(after.body.note.en).toContain('You changed your list after these hints were computed');
    await send('PUT', `/cycles/${cycle.id}/me/preferences`, { schoolIds: [K] }, await as(ids.choosy));
  });

  it('refuses to compute from a read model that is behind, on the trigger and in the queued run', async () => {
    const runner = svc.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(`LOCK TABLE rotation.teachers IN ACCESS EXCLUSIVE MODE`);
    const queued = randomUUID();
    try {
      await publishEvent(process.env.KAFKA_BROKERS!, TeacherRegistered, { teacherId: randomUUID(), countyCode: county, name: '新教师', gender: 'male', birthDate: '1999-01-01', firstServiceDate: '2031-09-01', subjects: ['chinese'], title: null, backboneLevel: 'none', category: 'teacher' });
      await waitFor(async () => (await http(`${svc.url}/health`)).body.details.consumer.lag >= 1, 'the event the read model has not applied', 30000, 100);
      const refused = await send('POST', `/cycles/${cycle.id}/hints/runs`, {});
      expect([refused.status, refused.body.code]).toEqual([503, 'READ_MODEL.BEHIND']);
      expect(refused.body.message).toMatch(/^the rotation service's copy of staffing is \d+ events? behind; try again when it has caught up$/);
      // a run already queued (the nightly one) refuses too, and says why; the queue tries it again later
      await svc.dataSource.query(`INSERT INTO rotation.hint_runs (id, cycle_id, trigger, requested_by, status) VALUES ($1, $2, 'manual', 'test', 'queued')`, [queued, cycle.id]);
      const compute = svc.app.get(ComputeHints, { strict: false });
      await expect(compute.run(queued)).rejects.toMatchObject({ code: 'READ_MODEL.BEHIND' });
      const [row] = await svc.dataSource.query(`SELECT status, error FROM rotation.hint_runs WHERE id = $1`, [queued]);
      expect(row).toMatchObject({ status: 'refused', error: { code: 'READ_MODEL.BEHIND' } });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    await waitForCaughtUp(svc.url);
  });

  it('matches the next solve: every likely school is where the plan moves the teacher, no unlikely one is', async () => {
    const hints = new Map<string, { schoolId: string; level: string }[]>();
    for (const id of Object.values(ids)) hints.set(id, (await get(`/cycles/${cycle.id}/me/hints`, await as(id))).body.hints);
    const planning = await send('POST', `/cycles/${cycle.id}/transitions`, { to: 'planning', version: cycle.version });
    expect(planning.body.state).toBe('planning');
    // once planning starts the hints are no longer shown
    const closed = await get(`/cycles/${cycle.id}/me/hints`, await as(ids.keen));
    expect(closed.body).toMatchObject({ available: false, hints: [], note: { en: expect.stringContaining('past that stage') } });
    const refused = await send('POST', `/cycles/${cycle.id}/hints/runs`, {});
    expect([refused.status, refused.body.code]).toEqual([409, 'ROTATION.HINTS_NOT_COLLECTING']);

    const started = await send('POST', `/cycles/${cycle.id}/plans`, {});
    expect(started.status).toBe(202);
    const done = await waitFor(async () => {
      const r = await get(`/cycles/${cycle.id}/solves/${started.body.solveId}`, hr);
      return r.body.status === 'done' || r.body.status === 'failed' ? r.body : null;
    }, 'the solve', 60000);
    expect(done).toMatchObject({ status: 'done' });
    const plan = (await get(`/cycles/${cycle.id}/plans/${done.planId}`, hr)).body;
    const moved = new Map<string, string>(plan.moves.map((m: { teacherId: string; toSchoolId: string }) => [m.teacherId, m.toSchoolId]));
    expect(Object.fromEntries(moved)).toEqual({ [ids.newcomer]: C, [ids.keen]: R, [ids.veteran]: R });
    let checked = 0;
    for (const [teacherId, list] of hints) {
      for (const h of list) {
        if (h.level === 'likely') expect([teacherId, moved.get(teacherId)]).toEqual([teacherId, h.schoolId]);
        if (h.level === 'unlikely') expect([teacherId, moved.get(teacherId)]).not.toEqual([teacherId, h.schoolId]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });
});
