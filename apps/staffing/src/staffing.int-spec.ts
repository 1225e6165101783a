import { randomUUID } from 'node:crypto';
import { MoveApproved, MoveApprovedV2, type EventData } from '@app/contracts';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, postJson, publishEvent, waitFor } from '@app/testing';
import { schoolYearOf, todayInShanghai } from '@app/rules';
import { staffingService } from './staffing.service';

/** Staffing against the real servers: hires within quotas, workload shares, history, moves, concurrency. */
describe('staffing service', () => {
  let svc: RunningService;
  let hr: Record<string, string>;
  const today = todayInShanghai();
  const year = schoolYearOf(today);
  const suffix = randomUUID().slice(0, 6);

  const send = (method: string, path: string, body?: unknown) =>
    http(`${svc.url}${path}`, { method, headers: { ...hr, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });

  async function school(code: string, type = 'township_central') {
    const r = await send('POST', '/schools', { countyCode: 'heshan', code: `${code}-${suffix}`, name: `学校${code}`, type, rural: type !== 'county_town', districtCode: 'gonghe' });
    expect(r.status).toBe(201);
    return r.body;
  }
  /** A teacher post with the same approved headcount in every school year from 2020 to next year. */
  async function post(schoolId: string, quota: number, subjectCode: string | null = 'mathematics', category = 'teacher') {
    const created = await send('POST', `/schools/${schoolId}/posts`, { subjectCode, category });
    expect(created.status).toBe(201);
    let version = created.body.version;
    for (let y = 2020; y <= year + 1; y++) {
      const q = await send('PUT', `/posts/${created.body.id}/quotas/${y}`, { approvedHeadcount: quota, version });
      expect(q.status).toBe(200);
      version = q.body.version;
    }
    return { ...created.body, version };
  }
  async function teacher(n: string, subjects = ['mathematics']) {
    const r = await send('POST', '/teachers', { countyCode: 'heshan', staffNo: `HS-${n}-${suffix}`, name: `教师${n}`, gender: 'female', birthDate: '1988-03-01', firstServiceDate: '2010-09-01', subjects });
    expect(r.status).toBe(201);
    return r.body;
  }
  const appoint = (body: Record<string, unknown>) => send('POST', '/appointments', { kind: 'regular', startDate: today, ...body });

  beforeAll(async () => {
    svc = await startService(staffingService, { ...process.env, STAFFING_HTTP_PORT: '0' });
    await svc.dataSource.query(`INSERT INTO staffing.counties (code, name_zh, name_en) VALUES ('heshan', '鹤山市', 'Heshan') ON CONFLICT DO NOTHING`);
    hr = bearer(await mintTestToken({ role: 'county_hr', county: 'heshan' }));
  });
  afterAll(() => svc.stop());

  it('hires within the quota, then refuses the next hire naming the post, quota and count', async () => {
    const s = await school('Q1');
    const p = await post(s.id, 1);
    const [a, b] = [await teacher('q1a'), await teacher('q1b')];
    expect((await appoint({ teacherId: a.id, schoolId: s.id, postId: p.id })).status).toBe(201);
    const refused = await appoint({ teacherId: b.id, schoolId: s.id, postId: p.id });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'STAFFING.QUOTA_EXCEEDED', details: { quota: 1, filled: 1, schoolYear: year } });
    expect(refused.body.message).toBe(`post teacher/mathematics at 学校Q1 is full for school year ${year}-${(year + 1) % 100}: quota 1, 1 filled`);
    const [announced] = await svc.dataSource.query(`SELECT payload FROM staffing.outbox WHERE type = 'staffing.PostQuotaSet.v1' AND payload->>'postId' = $1 AND (payload->>'schoolYear')::int = $2`, [p.id, year]);
    expect(announced.payload).toEqual({ postId: p.id, schoolId: s.id, countyCode: 'heshan', subjectCode: 'mathematics', category: 'teacher', schoolYear: year, approvedHeadcount: 1 });
    const v = await send('GET', `/schools/${s.id}/vacancies`);
    expect(v.body.posts).toEqual([{ postId: p.id, subjectCode: 'mathematics', category: 'teacher', quota: 1, filled: 1, vacancies: 0 }]);
  });

  it('of two officers hiring into the last place at once, one succeeds and the other gets 409', async () => {
    const s = await school('C1');
    const p = await post(s.id, 1);
    const [a, b] = [await teacher('c1a'), await teacher('c1b')];
    const officer2 = bearer(await mintTestToken({ role: 'county_hr', county: 'heshan', sub: 'officer-2' }));
    const results = await Promise.all([
      appoint({ teacherId: a.id, schoolId: s.id, postId: p.id }),
      postJson(`${svc.url}/appointments`, { kind: 'regular', startDate: today, teacherId: b.id, schoolId: s.id, postId: p.id }, officer2),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const [{ n }] = await svc.dataSource.query(`SELECT count(*)::int AS n FROM staffing.appointments WHERE post_id = $1`, [p.id]);
    expect(n).toBe(1);
  });

  it('keeps shares at most 1 and regular appointments apart, and records history without editing it', async () => {
    const home = await school('H1');
    const other = await school('H2');
    const homePost = await post(home.id, 5);
    const otherPost = await post(other.id, 5);
    const t = await teacher('h1');
    const first = await appoint({ teacherId: t.id, schoolId: home.id, postId: homePost.id, workloadShare: 0.5, startDate: '2024-09-01' });
    expect(first.status).toBe(201);
    // A second regular appointment overlapping the first is refused even with room in the share.
    const overlap = await appoint({ teacherId: t.id, schoolId: other.id, postId: otherPost.id, workloadShare: 0.5, startDate: today });
    expect(overlap.body.code).toBe('STAFFING.REGULAR_OVERLAP');
    // Walking teaching (走教) at half time fits; another half does not.
    const walking = await appoint({ teacherId: t.id, schoolId: other.id, kind: 'walking', workloadShare: 0.5, startDate: today });
    expect(walking.status).toBe(201);
    const tooMuch = await appoint({ teacherId: t.id, schoolId: other.id, kind: 'support', workloadShare: 0.25, startDate: today });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.code).toBe('STAFFING.WORKLOAD_EXCEEDED');

    // End the walking appointment; it cannot be ended twice.
    const ended = await send('POST', `/appointments/${walking.body.id}/end`, { endDate: today, reason: '学期结束' });
    expect(ended.status).toBe(200);
    expect(ended.body.endDate).toBe(today);
    const again = await send('POST', `/appointments/${walking.body.id}/end`, { endDate: today, reason: 'again' });
    expect([again.status, again.body.code]).toEqual([422, 'STAFFING.ALREADY_ENDED']);

    // Two officers editing the same teacher: the one with the stale version gets 409.
    expect((await send('PATCH', `/teachers/${t.id}`, { version: t.version, title: '一级教师' })).status).toBe(200);
    const stale = await send('PATCH', `/teachers/${t.id}`, { version: t.version, title: '高级教师' });
    expect([stale.status, stale.body.code]).toEqual([409, 'STAFFING.STALE_VERSION']);

    // A wrong start date is corrected by a new record that supersedes the old one.
    const corrected = await send('POST', `/appointments/${first.body.id}/corrections`, { version: first.body.version, reason: '任命文件日期为9月2日', startDate: '2024-09-02' });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({ correctsId: first.body.id, startDate: '2024-09-02', reason: '任命文件日期为9月2日' });
    const history = await send('GET', `/teachers/${t.id}/appointments?asOf=${today}`);
    expect(history.body.current.map((a: { id: string }) => a.id)).toEqual([corrected.body.id, walking.body.id]);
    const [{ superseded }] = await svc.dataSource.query(`SELECT superseded_by AS superseded FROM staffing.appointments WHERE id = $1`, [first.body.id]);
    expect(superseded).toBe(corrected.body.id);

    // The teacher sees their own appointments, and only theirs.
    const own = bearer(await mintTestToken({ role: 'teacher', county: 'heshan', teacher: t.id }));
    const mine = await http(`${svc.url}/me/appointments?asOf=${today}`, { headers: own });
    expect(mine.body.current).toHaveLength(2);
    expect((await http(`${svc.url}/teachers/${randomUUID()}/appointments`, { headers: own })).status).toBe(404);
    const stranger = await teacher('h1-other');
    expect((await http(`${svc.url}/teachers/${stranger.id}/appointments`, { headers: own })).status).toBe(403);

    // Every write is in the audit trail with before and after.
    const audit = await send('GET', `/audit?entityType=appointment&entityId=${first.body.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'appointment.correct', countyCode: 'heshan', before: { startDate: '2024-09-01' }, after: { startDate: '2024-09-02' } });
  });

  it('puts a teacher without an active appointment in the county pool and reports the overview', async () => {
    const pooled = await teacher('pool1');
    const pool = await send('GET', `/teachers?countyCode=heshan&inPool=true&limit=500`);
    expect(pool.body.items.map((t: { id: string }) => t.id)).toContain(pooled.id);
    const overview = await send('GET', '/counties/heshan/overview');
    expect(overview.status).toBe(200);
    expect(overview.body.poolSize).toBeGreaterThanOrEqual(1);
    expect(overview.body.ruralPrincipals).toMatchObject({ ageLimit: 45, target: 0.5 });
  });

  it('applies an approved move from rotation: ends the old appointment the day before and starts the new one', async () => {
    const from = await school('M1');
    const to = await school('M2', 'village_primary');
    const fromPost = await post(from.id, 3);
    await post(to.id, 3);
    const t = await teacher('m1');
    const start = await appoint({ teacherId: t.id, schoolId: from.id, postId: fromPost.id, startDate: '2020-09-01' });
    const moveId = randomUUID();
    const effectiveDate = `${year + 1}-09-01`;
    await publishEvent(process.env.KAFKA_BROKERS!, MoveApproved, {
      moveId,
      teacherId: t.id,
      fromSchoolId: from.id,
      toSchoolId: to.id,
      kind: 'rotation',
      role: 'teacher',
      workloadShare: 1,
      effectiveDate,
      endDate: `${year + 4}-08-31`,
    });
    const [move] = await waitFor(() => svc.dataSource.query(`SELECT status, appointment_id FROM staffing.moves WHERE move_id = $1`, [moveId]).then((r) => (r.length ? r : null)), 'the move to be applied', 30000);
    expect(move.status).toBe('applied');
    const history = await send('GET', `/teachers/${t.id}/appointments?asOf=${effectiveDate}`);
    expect(history.body.past).toEqual([expect.objectContaining({ id: start.body.id, endDate: `${year + 1}-08-31` })]);
    expect(history.body.current).toEqual([expect.objectContaining({ id: move.appointment_id, schoolId: to.id, kind: 'rotation', startDate: effectiveDate })]);
  });

  it('rejects a move that would break a rule, writes nothing of it, and says why with staffing.MoveRejected', async () => {
    const from = await school('R1');
    const to = await school('R2');
    const fromPost = await post(from.id, 3);
    await post(to.id, 0); // no place at the receiving school
    const t = await teacher('r1');
    await appoint({ teacherId: t.id, schoolId: from.id, postId: fromPost.id, startDate: '2020-09-01' });
    const moveId = randomUUID();
    await publishEvent(process.env.KAFKA_BROKERS!, MoveApproved, {
      moveId,
      teacherId: t.id,
      fromSchoolId: from.id,
      toSchoolId: to.id,
      kind: 'regular',
      role: 'teacher',
      workloadShare: 1,
      effectiveDate: today,
      endDate: null,
    });
    const [move] = await waitFor(() => svc.dataSource.query(`SELECT status, code FROM staffing.moves WHERE move_id = $1`, [moveId]).then((r) => (r.length ? r : null)), 'the move to be rejected', 30000);
    expect(move).toEqual({ status: 'rejected', code: 'STAFFING.QUOTA_EXCEEDED' });
    const open = await svc.dataSource.query(`SELECT school_id FROM staffing.appointments WHERE teacher_id = $1 AND end_date IS NULL AND superseded_by IS NULL`, [t.id]);
    expect(open).toEqual([{ school_id: from.id }]);
    const [event] = await svc.dataSource.query(`SELECT payload FROM staffing.outbox WHERE type = 'staffing.MoveRejected.v1' AND payload->>'moveId' = $1`, [moveId]);
    expect(event.payload).toMatchObject({ moveId, teacherId: t.id, code: 'STAFFING.QUOTA_EXCEEDED' });
    expect(event.payload.reason).toContain('quota 0, 0 filled');
  });

  describe('an approved plan is applied whole (rotation.MoveApproved.v2)', () => {
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    const effectiveDate = `${year + 1}-09-01`;
    type V2 = EventData<typeof MoveApprovedV2>;

    it.each(orders.map((o) => [o.join(' '), o]))('applies a three-school vacancy chain with every post full, its events in the order %s', async (tag, order) => {
      const n = (tag as string).replace(/ /g, '');
      const schools = [await school(`VA${n}`), await school(`VB${n}`), await school(`VC${n}`)];
      const posts = [await post(schools[0].id, 1), await post(schools[1].id, 1), await post(schools[2].id, 1)];
      const teachers = [await teacher(`va${n}`), await teacher(`vb${n}`), await teacher(`vc${n}`)];
      const current: { id: string }[] = [];
      for (let i = 0; i < 3; i++) current.push((await appoint({ teacherId: teachers[i].id, schoolId: schools[i].id, postId: posts[i].id, startDate: '2020-09-01' })).body);
      const planId = randomUUID();
      // A's teacher to B, B's to C, C's to A
      const moves: V2[] = [0, 1, 2].map((i) => ({
        planId,
        cycleId: randomUUID(),
        countyCode: 'heshan',
        planMoves: 3,
        moveId: randomUUID(),
        teacherId: teachers[i].id,
        fromSchoolId: schools[i].id,
        toSchoolId: schools[(i + 1) % 3].id,
        toPostId: posts[(i + 1) % 3].id,
        subject: 'mathematics',
        kind: 'rotation',
        role: 'teacher',
        workloadShare: 1,
        effectiveDate,
        endDate: null,
        endsAppointmentIds: [current[i].id],
      }));
      for (const i of order as number[]) await publishEvent(process.env.KAFKA_BROKERS!, MoveApprovedV2, moves[i]);
      const outcomes = await waitFor(
        () => svc.dataSource.query(`SELECT move_id AS "moveId", status, code FROM staffing.moves WHERE plan_id = $1 ORDER BY move_id`, [planId]).then((r) => (r.length === 3 ? r : null)),
        'the plan to be applied',
        30000,
      );
      expect(outcomes).toEqual(moves.map((m) => ({ moveId: m.moveId, status: 'applied', code: null })).sort((a, b) => (a.moveId < b.moveId ? -1 : 1)));
      for (let i = 0; i < 3; i++) {
        const h = await send('GET', `/teachers/${teachers[i].id}/appointments?asOf=${effectiveDate}`);
        expect(h.body.current).toEqual([expect.objectContaining({ schoolId: schools[(i + 1) % 3].id, postId: posts[(i + 1) % 3].id, kind: 'rotation', startDate: effectiveDate })]);
        expect(h.body.past).toEqual([expect.objectContaining({ id: current[i].id, endDate: `${year + 1}-08-31` })]);
      }
      // every post still holds exactly its quota of one on the effective date
      for (const p of posts) {
        const [{ n: held }] = await svc.dataSource.query(
          `SELECT count(DISTINCT teacher_id)::int AS n FROM staffing.appointments WHERE post_id = $1 AND superseded_by IS NULL AND start_date <= $2 AND (end_date IS NULL OR end_date >= $2)`,
          [p.id, effectiveDate],
        );
        expect(held).toBe(1);
      }
      if (tag === '0 1 2') {
        // a redelivered move (a new event id, as a relay retry or a replay would send) changes nothing
        const before = await svc.dataSource.query(`SELECT count(*)::int AS n FROM staffing.appointments WHERE teacher_id = ANY($1)`, [teachers.map((t) => t.id)]);
        await publishEvent(process.env.KAFKA_BROKERS!, MoveApprovedV2, moves[2]);
        const marker = randomUUID();
        await publishEvent(process.env.KAFKA_BROKERS!, MoveApprovedV2, { ...moves[0], planId: marker, planMoves: 2, moveId: randomUUID(), endsAppointmentIds: [] });
        await waitFor(() => svc.dataSource.query(`SELECT 1 FROM staffing.plan_moves WHERE plan_id = $1`, [marker]).then((r) => (r.length ? r : null)), 'a later event on the partition', 30000);
        const after = await svc.dataSource.query(`SELECT count(*)::int AS n FROM staffing.appointments WHERE teacher_id = ANY($1)`, [teachers.map((t) => t.id)]);
        expect(after).toEqual(before);
        const [plan] = await svc.dataSource.query(`SELECT moves, applied, rejected FROM staffing.applied_plans WHERE plan_id = $1`, [planId]);
        expect(plan).toEqual({ moves: 3, applied: 3, rejected: 0 });
      }
    });

    it('moves a teacher with a regular 0.5 and a walking 0.5 appointment with a full workload, ending both; rejects only a move still over a quota, with the numbers', async () => {
      const home = await school('WH');
      const village = await school('WV', 'village_primary');
      const dest = await school('WD');
      const full = await school('WF');
      const homePost = await post(home.id, 2);
      const destPost = await post(dest.id, 1);
      const fullPost = await post(full.id, 1);
      const w = await teacher('walker');
      const regular = (await appoint({ teacherId: w.id, schoolId: home.id, postId: homePost.id, startDate: '2021-09-01', workloadShare: 0.5 })).body;
      const walking = (await appoint({ teacherId: w.id, schoolId: village.id, kind: 'walking', startDate: '2021-09-01', workloadShare: 0.5 })).body;
      expect([regular.workloadShare, walking.workloadShare]).toEqual([0.5, 0.5]);
      const holder = await teacher('holder');
      await appoint({ teacherId: holder.id, schoolId: full.id, postId: fullPost.id, startDate: '2020-09-01' });
      const other = await teacher('other');
      const otherCurrent = (await appoint({ teacherId: other.id, schoolId: home.id, postId: homePost.id, startDate: '2020-09-01' })).body;
      const planId = randomUUID();
      const base = { planId, cycleId: randomUUID(), countyCode: 'heshan', planMoves: 2, subject: 'mathematics', kind: 'rotation' as const, role: 'teacher' as const, workloadShare: 1, effectiveDate, endDate: null };
      const walker: V2 = { ...base, moveId: randomUUID(), teacherId: w.id, fromSchoolId: home.id, toSchoolId: dest.id, toPostId: destPost.id, endsAppointmentIds: [regular.id, walking.id] };
      const blocked: V2 = { ...base, moveId: randomUUID(), teacherId: other.id, fromSchoolId: home.id, toSchoolId: full.id, toPostId: fullPost.id, endsAppointmentIds: [otherCurrent.id] };
      await publishEvent(process.env.KAFKA_BROKERS!, MoveApprovedV2, blocked);
      await publishEvent(process.env.KAFKA_BROKERS!, MoveApprovedV2, walker);
      const outcomes = await waitFor(
        () => svc.dataSource.query(`SELECT move_id AS "moveId", status, code, reason FROM staffing.moves WHERE plan_id = $1`, [planId]).then((r) => (r.length === 2 ? r : null)),
        'the plan to be applied',
        30000,
      );
      expect(outcomes).toEqual(
        expect.arrayContaining([
          { moveId: walker.moveId, status: 'applied', code: null, reason: null },
          {
            moveId: blocked.moveId,
            status: 'rejected',
            code: 'STAFFING.QUOTA_EXCEEDED',
            reason: `post teacher/mathematics at 学校WF is full for school year ${year + 1}-${String((year + 2) % 100).padStart(2, '0')}: quota 1, 1 hold it before the plan and 2 would after it`,
          },
        ]),
      );
      const h = await send('GET', `/teachers/${w.id}/appointments?asOf=${effectiveDate}`);
      expect(h.body.current).toEqual([expect.objectContaining({ schoolId: dest.id, workloadShare: 1, kind: 'rotation' })]);
      expect(h.body.past.map((a: { id: string; endDate: string }) => [a.id, a.endDate]).sort()).toEqual([[regular.id, `${year + 1}-08-31`], [walking.id, `${year + 1}-08-31`]].sort());
      // the rejected move is not half-applied, and is announced with the reason in words
      const open = await svc.dataSource.query(`SELECT school_id FROM staffing.appointments WHERE teacher_id = $1 AND end_date IS NULL AND superseded_by IS NULL`, [other.id]);
      expect(open).toEqual([{ school_id: home.id }]);
      const [event] = await svc.dataSource.query(`SELECT payload FROM staffing.outbox WHERE type = 'staffing.MoveRejected.v1' AND payload->>'moveId' = $1`, [blocked.moveId]);
      expect(event.payload).toMatchObject({ moveId: blocked.moveId, code: 'STAFFING.QUOTA_EXCEEDED' });
    });
  });
});
