import { randomUUID } from 'node:crypto';
import { PostQuotaSet, SchoolRegistered, TeacherAppointed, TeacherRegistered } from '@app/contracts';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, publishEvent, waitFor, waitForCaughtUp } from '@app/testing';
import { Clock } from '../cycles/application/clock';
import { rotationService } from '../rotation.service';

/**
 * Appeals of an approved plan in rotation (issue #13), with the clock set by the test: the appeal period
 * counted in working days from the day of approval (skipping the 2026 National Day holiday, counting the
 * 调休 Saturday), an appeal a minute before and a minute after the deadline, attachments and who may read
 * them, an overdue decision flagged, an amendment that changes only the appealed move and the move it must,
 * its approval (stale version refused) with rotation.PlanAmended and rotation.AppealDecided, and the plan
 * shown amended.
 *
 *   X county town, maths 3 of 3     a, g, h        approved: a X→Y (pinned)
 *   Y village, rural, weak, 1 of 2  y
 *   Z village, maths 2 of 2         b, z           approved: b Z→X (the post a frees)
 *   W township central, 2 of 2      c (backbone), d approved: c W→V
 *   V village, 1 of 2               v
 */
describe('appeals of an approved plan (rotation)', () => {
  let svc: RunningService;
  let hr: Record<string, string>;
  let city: Record<string, string>;
  let now = new Date();
  const county = 'appealtest';
  const year = 2033;
  const [X, Y, Z, W, V] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const [a, b, c, d, g, h, y, z, v] = Array.from({ length: 9 }, () => randomUUID());
  const tokens: Record<string, Record<string, string>> = {};
  const call = (who: Record<string, string>, method: string, path: string, body?: unknown) =>
    http(`${svc.url}${path}`, { method, headers: { ...who, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const at = (iso: string) => {
    now = new Date(iso);
  };
  let cycle: any;
  let planId: string;

  beforeAll(async () => {
    svc = await startService(rotationService, { ...process.env, ROTATION_HTTP_PORT: '0' });
    // the time rotation decides with is the test's
    jest.spyOn(svc.app.get(Clock), 'now').mockImplementation(() => now);
    hr = bearer(await mintTestToken({ role: 'county_hr', county }));
    city = bearer(await mintTestToken({ role: 'city_admin' }));
    for (const t of [a, b, c, g]) tokens[t] = bearer(await mintTestToken({ role: 'teacher', county, teacher: t }));
    const brokers = process.env.KAFKA_BROKERS!;
    const schools: [string, string, string, boolean, number][] = [
      [X, 'county_town', 'one', false, 3],
      [Y, 'village_primary', 'one', true, 2],
      [Z, 'village_primary', 'two', false, 2],
      [W, 'township_central', 'two', false, 2],
      [V, 'village_primary', 'two', false, 2],
    ];
    const posts = new Map<string, string>();
    for (const [schoolId, type, district, weak, quota] of schools) {
      await publishEvent(brokers, SchoolRegistered, { schoolId, countyCode: county, code: `AP-${schoolId.slice(0, 6)}`, name: `学校${schoolId.slice(0, 4)}`, type: type as 'county_town', districtCode: district, weak, smallScale: false, rural: type === 'village_primary', remoteTier: 0 });
      const postId = randomUUID();
      posts.set(schoolId, postId);
      await publishEvent(brokers, PostQuotaSet, { postId, schoolId, countyCode: county, subjectCode: 'mathematics', category: 'teacher', schoolYear: year, approvedHeadcount: quota });
    }
    const staff: [string, string, 'none' | 'county'][] = [
      [a, X, 'none'],
      [g, X, 'none'],
      [h, X, 'none'],
      [y, Y, 'none'],
      [b, Z, 'none'],
      [z, Z, 'none'],
      [c, W, 'county'],
      [d, W, 'none'],
      [v, V, 'none'],
    ];
    for (const [teacherId, schoolId, backboneLevel] of staff) {
      // three years at their school by the effective date: nobody is eligible by tenure, so only the pins move people
      await publishEvent(brokers, TeacherRegistered, { teacherId, countyCode: county, staffNo: `AP${teacherId.slice(0, 4)}`, name: `教师${teacherId.slice(0, 4)}`, gender: 'female', birthDate: '1990-03-03', firstServiceDate: '2030-09-01', subjects: ['mathematics'], title: null, backboneLevel, category: 'teacher' });
      await publishEvent(brokers, TeacherAppointed, { appointmentId: randomUUID(), teacherId, schoolId, countyCode: county, postId: posts.get(schoolId)!, subject: 'mathematics', kind: 'regular', role: 'teacher', workloadShare: 1, startDate: '2030-09-01', endDate: null, moveId: null });
    }
    await waitFor(async () => {
      const [{ n }] = await svc.dataSource.query(
        `SELECT (SELECT count(*) FROM rotation.appointments a JOIN rotation.teachers t USING (teacher_id) WHERE t.county_code = $1)
              + (SELECT count(*) FROM rotation.post_quotas WHERE county_code = $1) + (SELECT count(*) FROM rotation.schools WHERE county_code = $1) AS n`,
        [county],
      );
      return Number(n) === 9 + 5 + 5;
    }, 'the rotation read model', 60000);
    await waitForCaughtUp(svc.url);

    // The plan: a X→Y, b Z→X, c W→V, approved on Tuesday 2026-09-29 (Shanghai).
    cycle = (await call(hr, 'POST', '/cycles', { countyCode: county, schoolYear: year })).body;
    await call(hr, 'POST', `/cycles/${cycle.id}/transitions`, { to: 'collecting', version: 1, preferenceDeadline: `${year}-05-31` });
    await call(hr, 'POST', `/cycles/${cycle.id}/transitions`, { to: 'planning', version: 2 });
    const pins = [
      { teacherId: a, schoolId: Y, kind: 'force' },
      { teacherId: b, schoolId: X, kind: 'force' },
      { teacherId: c, schoolId: V, kind: 'force' },
    ];
    expect((await call(hr, 'PUT', `/cycles/${cycle.id}/pins`, { pins })).status).toBe(200);
    const started = (await call(hr, 'POST', `/cycles/${cycle.id}/plans`, {})).body;
    const solved = await waitFor(async () => {
      const r = (await call(hr, 'GET', `/cycles/${cycle.id}/solves/${started.solveId}`)).body;
      return r.status === 'done' || r.status === 'failed' ? r : null;
    }, 'the plan', 60000);
    expect(solved).toMatchObject({ status: 'done', result: { saved: true, violations: [] } });
    planId = solved.planId;
    const plan = (await call(hr, 'GET', `/cycles/${cycle.id}/plans/${planId}`)).body;
    expect(plan.moves.map((m: any) => [m.teacherId, m.toSchoolId]).sort()).toEqual([[a, Y], [b, X], [c, V]].sort());
    const proposed = (await call(hr, 'POST', `/cycles/${cycle.id}/plans/${planId}/propose`, { version: 3 })).body;
    at('2026-09-29T10:00:00+08:00');
    const approved = await call(hr, 'POST', `/cycles/${cycle.id}/approve`, { version: proposed.version });
    expect(approved.status).toBe(200);
    cycle = approved.body.cycle;
  }, 180000);
  afterAll(() => svc.stop());

  const outbox = (type: string) => svc.dataSource.query(`SELECT payload FROM rotation.outbox WHERE type = $1 AND payload->>'countyCode' = $2 ORDER BY created_at`, [type, county]).then((rows: { payload: any }[]) => rows.map((r) => r.payload));

  it('announces the cycle opening and the approval (beside the moves) through the outbox', async () => {
    expect(await outbox('rotation.CycleOpened.v1')).toEqual([{ cycleId: cycle.id, countyCode: county, schoolYear: year, preferenceDeadline: `${year}-05-31`, effectiveDate: `${year}-09-01` }]);
    expect(await outbox('rotation.PlanApproved.v1')).toEqual([{ cycleId: cycle.id, planId, countyCode: county, schoolYear: year, effectiveDate: `${year}-09-01`, moves: 3, approvedBy: expect.any(String) }]);
    expect(await outbox('rotation.MoveApproved.v2')).toHaveLength(3);
  });

  it("counts the appeal period from the approval in working days, skipping the National Day holiday, and takes an appeal a minute before its end", async () => {
    at('2026-10-12T23:58:59+08:00');
    const mine = await call(tokens[a], 'GET', `/cycles/${cycle.id}/me/move`);
    expect(mine.status).toBe(200);
    // Tue 29 Sep: Wed 30 (1), 1–7 Oct off, Thu 8 (2), Fri 9 (3), Sat 10 调休 (4), Mon 12 (5)
    expect(mine.body).toMatchObject({ move: { fromSchoolId: X, toSchoolId: Y, toldOn: '2026-09-29' }, appealPeriod: { date: '2026-10-12', endsAt: '2026-10-12T23:59:59+08:00', workingDays: 5, assumed: false, open: true } });
    const filed = await call(tokens[a], 'POST', `/cycles/${cycle.id}/me/appeals`, { reasons: '家中老人需要照顾，申请暂缓交流 / I care for an elderly parent' });
    expect(filed.status).toBe(201);
    // decided within 3 working days of the filing: Tue 13, Wed 14, Thu 15
    expect(filed.body).toMatchObject({ status: 'open', teacherId: a, filedOn: '2026-10-12', appealDeadline: '2026-10-12', decideBy: '2026-10-15', decideByEndsAt: '2026-10-15T23:59:59+08:00', overdue: false, version: 1 });
    const again = await call(tokens[a], 'POST', `/cycles/${cycle.id}/me/appeals`, { reasons: 'again' });
    expect([again.status, again.body.code]).toEqual([409, 'ROTATION.APPEAL_OPEN']);
    const events = await outbox('rotation.AppealFiled.v1');
    expect(events).toEqual([{ appealId: filed.body.id, cycleId: cycle.id, planId, moveId: filed.body.moveId, teacherId: a, countyCode: county, filedAt: '2026-10-12T15:58:59.000Z', decideBy: '2026-10-15' }]);
  });

  it('refuses an appeal a minute after the deadline, saying when the period ended', async () => {
    at('2026-10-13T00:00:59+08:00');
    const late = await call(tokens[b], 'POST', `/cycles/${cycle.id}/me/appeals`, { reasons: 'too far from home' });
    expect([late.status, late.body.code]).toEqual([409, 'ROTATION.APPEAL_PERIOD_ENDED']);
    expect(late.body.message).toContain('the appeal period ended 2026-10-12 23:59 (Asia/Shanghai)');
    expect(late.body.message).toContain('申诉期已于2026年10月12日23:59（北京时间）截止');
    // nobody without a move appeals
    const none = await call(tokens[g], 'POST', `/cycles/${cycle.id}/me/appeals`, { reasons: 'x' });
    expect([none.status, none.body.code]).toEqual([409, 'ROTATION.NO_MOVE_TO_APPEAL']);
  });

  it('keeps attachments with the appeal, readable by the teacher and HR only, within type and size limits', async () => {
    const appeal = (await call(tokens[a], 'GET', '/me/appeals')).body.items[0];
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20), Buffer.from('%%EOF\n')]);
    const upload = (who: Record<string, string>, body: Buffer, type: string, name = '证明.pdf') =>
      http(`${svc.url}/appeals/${appeal.id}/attachments?filename=${encodeURIComponent(name)}`, { method: 'POST', headers: { ...who, 'content-type': type }, body });
    const up = await upload(tokens[a], pdf, 'application/pdf');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ filename: '证明.pdf', contentType: 'application/pdf', size: pdf.length });
    expect((await upload(tokens[a], Buffer.from('<html>'), 'image/png')).body.code).toBe('ROTATION.ATTACHMENT_REFUSED');
    expect((await upload(tokens[b], pdf, 'application/pdf')).status).toBe(403);
    expect((await upload(hr, pdf, 'application/pdf')).status).toBe(403);
    const get = (who: Record<string, string>) => fetch(`${svc.url}/appeals/${appeal.id}/attachments/${up.body.id}`, { headers: who });
    for (const who of [tokens[a], hr, city]) {
      const r = await get(who);
      expect([r.status, r.headers.get('content-type'), Buffer.from(await r.arrayBuffer()).equals(pdf)]).toEqual([200, 'application/pdf', true]);
    }
    expect((await get(tokens[b])).status).toBe(403);
    expect((await get(bearer(await mintTestToken({ role: 'county_hr', county: 'taishan' })))).status).toBe(403);
    expect((await get(bearer(await mintTestToken({ role: 'scheduler' })))).status).toBe(403);
    expect((await call(tokens[b], 'GET', `/appeals/${appeal.id}`)).status).toBe(403);
  });

  it('flags an appeal HR has not decided by the end of the decision period', async () => {
    at('2026-10-15T23:59:00+08:00');
    expect((await call(hr, 'GET', `/appeals?countyCode=${county}`)).body).toMatchObject({ total: 1, overdue: 0 });
    at('2026-10-16T09:00:00+08:00');
    const list = (await call(hr, 'GET', `/appeals?countyCode=${county}&overdue=true`)).body;
    expect(list).toMatchObject({ total: 1, overdue: 1, items: [{ teacherId: a, overdue: true, decideBy: '2026-10-15' }] });
    expect((await call(bearer(await mintTestToken({ role: 'county_hr', county: 'taishan' })), 'GET', `/appeals?countyCode=${county}`)).status).toBe(403);
  });

  it("amends the plan: a's move forbidden, b's move into the post a no longer frees cancelled, every other move kept", async () => {
    const appeal = (await call(hr, 'GET', `/appeals?countyCode=${county}`)).body.items[0];
    const started = await call(hr, 'POST', `/appeals/${appeal.id}/amendments`, { action: 'forbid' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ number: 1, status: 'solving', action: { kind: 'forbid' } });
    const amendment = await waitFor(async () => {
      const r = (await call(hr, 'GET', `/appeals/${appeal.id}/amendments/${started.body.id}`)).body;
      return r.status !== 'solving' ? r : null;
    }, 'the amendment to be solved', 60000);
    expect(amendment).toMatchObject({ status: 'ready', stale: false, result: { planStatus: 'optimal', violations: [] } });
    const moveOf = (t: string) => svc.dataSource.query(`SELECT move_id AS id FROM rotation.approved_moves WHERE teacher_id = $1`, [t]).then((r: { id: string }[]) => r[0].id);
    expect(amendment.changes).toMatchObject({
      cancelled: expect.arrayContaining([
        { moveId: await moveOf(a), teacherId: a, fromSchoolId: X, toSchoolId: Y },
        { moveId: await moveOf(b), teacherId: b, fromSchoolId: Z, toSchoolId: X },
      ]),
      added: [],
      kept: 1,
    });
    expect(amendment.changes.cancelled).toHaveLength(2);
    expect(amendment.changes.diff).toMatchObject({ removed: expect.arrayContaining([expect.objectContaining({ teacherId: a }), expect.objectContaining({ teacherId: b })]), added: [], redirected: [], unchanged: 1 });

    // approved like a plan: a stale cycle version is refused
    const stale = await call(hr, 'POST', `/appeals/${appeal.id}/amendments/${amendment.id}/approve`, { version: cycle.version - 1, reason: '照顾家庭，维持原岗位' });
    expect([stale.status, stale.body.code]).toEqual([409, 'ROTATION.STALE_VERSION']);
    at('2026-10-16T10:00:00+08:00');
    const ok = await call(hr, 'POST', `/appeals/${appeal.id}/amendments/${amendment.id}/approve`, { version: amendment.cycleVersion, reason: '照顾家庭，维持原岗位 / family care: stays' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', approvedBy: expect.any(String) });
    const decided = (await call(tokens[a], 'GET', `/appeals/${appeal.id}`)).body;
    expect(decided).toMatchObject({ status: 'amended', amendmentId: amendment.id, decisionReason: '照顾家庭，维持原岗位 / family care: stays', overdue: false });

    const [amended] = await outbox('rotation.PlanAmended.v1');
    expect(amended).toEqual({ planId, amendmentId: amendment.id, cycleId: cycle.id, countyCode: county, appealId: appeal.id, cancelledMoveIds: expect.arrayContaining([await moveOf(a), await moveOf(b)]), moves: [] });
    expect(await outbox('rotation.AppealDecided.v1')).toEqual([{ appealId: appeal.id, cycleId: cycle.id, moveId: appeal.moveId, teacherId: a, countyCode: county, decision: 'amended', amendmentId: amendment.id, reason: '照顾家庭，维持原岗位 / family care: stays', decidedAt: '2026-10-16T02:00:00.000Z' }]);
    const audit = await svc.dataSource.query(`SELECT action FROM rotation.audit_log WHERE entity_id = ANY($1) ORDER BY id`, [[appeal.id, amendment.id]]);
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['appeal.filed', 'appeal.attachment', 'amendment.solve', 'amendment.approved', 'appeal.amended']);

    // the plan view shows the amended state
    const plan = (await call(hr, 'GET', `/cycles/${cycle.id}/plans/${planId}`)).body;
    expect(plan.moves.map((m: any) => [m.teacherId, m.toSchoolId])).toEqual([[c, V]]);
    expect(plan).toMatchObject({ amended: true, amendments: [{ amendmentId: amendment.id, cancelled: 2, added: 0 }] });
    expect(plan.cancelled.map((x: any) => [x.teacherId, x.outcome.status]).sort()).toEqual([[a, 'pending'], [b, 'pending']].sort());
    // and a's approved move is gone: nothing left to appeal
    expect((await call(tokens[a], 'GET', `/cycles/${cycle.id}/me/move`)).body.move).toBeNull();
  });

  it("pins an appealed move to another school HR chooses: only that move changes", async () => {
    at('2026-10-09T11:00:00+08:00');
    const filed = await call(tokens[c], 'POST', `/cycles/${cycle.id}/me/appeals`, { reasons: '希望去乡村学校支教 / I would rather go to the village school Y' });
    expect(filed.status).toBe(201);
    const started = (await call(hr, 'POST', `/appeals/${filed.body.id}/amendments`, { action: 'pin', schoolId: Y })).body;
    const amendment = await waitFor(async () => {
      const r = (await call(hr, 'GET', `/appeals/${filed.body.id}/amendments/${started.id}`)).body;
      return r.status !== 'solving' ? r : null;
    }, 'the second amendment', 60000);
    expect(amendment).toMatchObject({ number: 2, status: 'ready', changes: { added: [{ teacherId: c, fromSchoolId: W, toSchoolId: Y, pinned: true }], kept: 0 } });
    expect(amendment.changes.cancelled.map((x: any) => x.teacherId)).toEqual([c]);
    const ok = await call(hr, 'POST', `/appeals/${filed.body.id}/amendments/${started.id}/approve`, { version: amendment.cycleVersion, reason: '同意改派至Y校' });
    expect(ok.status).toBe(200);
    const events = await outbox('rotation.PlanAmended.v1');
    expect(events[1]).toMatchObject({ amendmentId: started.id, cancelledMoveIds: [expect.any(String)], moves: [{ teacherId: c, fromSchoolId: W, toSchoolId: Y, kind: 'rotation', workloadShare: 1, effectiveDate: `${year}-09-01`, endsAppointmentIds: [expect.any(String)] }] });
    // the new move is the teacher's move now: told on the day of the amendment, appealable from then
    const mine = (await call(tokens[c], 'GET', `/cycles/${cycle.id}/me/move`)).body;
    expect(mine).toMatchObject({ move: { toSchoolId: Y, toldOn: '2026-10-09', moveId: events[1].moves[0].moveId } });
    // an upheld decision needs a reason and the appeal's version
    expect((await call(hr, 'POST', `/appeals/${filed.body.id}/uphold`, { reason: 'x', version: 1 })).body.code).toBe('ROTATION.APPEAL_DECIDED');
  });
});
