import { randomUUID } from 'node:crypto';
import { MoveApprovedV2, PlanAmended } from '@app/contracts';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, publishEvent, waitFor, waitForCaughtUp } from '@app/testing';
import { rotationService } from '../apps/rotation/src/rotation.service';
import { staffingService } from '../apps/staffing/src/staffing.service';

/**
 * An appeal from filing to staffing, over Kafka (issue #13): a plan approved in rotation and applied by
 * staffing; a teacher appeals, HR amends the plan — the appealed move forbidden (and the move into the post
 * it would have freed cancelled with it) — and staffing undoes both moves, which had not yet taken effect;
 * another appeal pins a teacher to another school and staffing applies the amended move on the end state.
 * A redelivered amendment changes nothing; a cancellation of a move already in effect is refused with the
 * reason in words. A county code of its own keeps other test files' events out.
 *
 *   X county town, maths 3 of 3     a, g, h        approved: a X→Y
 *   Y village, rural, weak, 1 of 2  y
 *   Z village, maths 2 of 2         b, z           approved: b Z→X (into the post a frees)
 *   W township central, 2 of 2      c (backbone), d approved: c W→V
 *   V village, 1 of 2               v
 */
describe('appeal → amendment → staffing applies the amended plan', () => {
  let staffing: RunningService;
  let rotation: RunningService;
  let hr: Record<string, string>;
  const county = 'appealflow';
  const year = 2033;
  const effective = `${year}-09-01`;
  const call = (svc: RunningService, who: Record<string, string>, method: string, path: string, body?: unknown) =>
    http(`${svc.url}${path}`, { method, headers: { ...who, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const schools: Record<string, any> = {};
  const posts: Record<string, any> = {};
  const t: Record<string, any> = {};
  let cycleId: string;
  let planId: string;

  /** the teacher's appointments in force (not superseded nor withdrawn), as staffing keeps them */
  const inForce = (teacherId: string) =>
    staffing.dataSource.query(
      `SELECT id, school_id AS "schoolId", kind, to_char(start_date, 'YYYY-MM-DD') AS "startDate", to_char(end_date, 'YYYY-MM-DD') AS "endDate", move_id AS "moveId", corrects_id AS "correctsId"
         FROM staffing.appointments WHERE teacher_id = $1 AND superseded_by IS NULL ORDER BY start_date, created_at`,
      [teacherId],
    );
  const onDate = async (teacherId: string, date: string) => (await inForce(teacherId)).filter((a: any) => a.startDate <= date && (a.endDate === null || a.endDate >= date)).map((a: any) => a.schoolId);
  const plan = async () => (await call(rotation, hr, 'GET', `/cycles/${cycleId}/plans/${planId}`)).body;
  const amend = async (teacher: string, reasons: string, body: unknown, reason: string) => {
    const token = bearer(await mintTestToken({ role: 'teacher', county, teacher }));
    const filed = await call(rotation, token, 'POST', `/cycles/${cycleId}/me/appeals`, { reasons });
    expect(filed.status).toBe(201);
    await waitForCaughtUp(rotation.url);
    const started = await call(rotation, hr, 'POST', `/appeals/${filed.body.id}/amendments`, body);
    expect(started.status).toBe(202);
    const ready = await waitFor(async () => {
      const r = (await call(rotation, hr, 'GET', `/appeals/${filed.body.id}/amendments/${started.body.id}`)).body;
      return r.status !== 'solving' ? r : null;
    }, 'the amendment to be solved', 60000);
    expect(ready.status).toBe('ready');
    const approved = await call(rotation, hr, 'POST', `/appeals/${filed.body.id}/amendments/${ready.id}/approve`, { version: ready.cycleVersion, reason });
    expect(approved.status).toBe(200);
    return approved.body;
  };

  beforeAll(async () => {
    const env = { ...process.env, STAFFING_HTTP_PORT: '0', ROTATION_HTTP_PORT: '0' };
    staffing = await startService(staffingService, env);
    rotation = await startService(rotationService, env);
    await staffing.dataSource.query(`INSERT INTO staffing.counties (code, name_zh, name_en) VALUES ($1, '申诉县', 'Appeal flow') ON CONFLICT DO NOTHING`, [county]);
    hr = bearer(await mintTestToken({ role: 'county_hr', county }));
    const layout: [string, string, boolean, number][] = [
      ['X', 'county_town', false, 3],
      ['Y', 'village_primary', true, 2],
      ['Z', 'village_primary', false, 2],
      ['W', 'township_central', false, 2],
      ['V', 'village_primary', false, 2],
    ];
    for (const [name, type, weak, quota] of layout) {
      schools[name] = (await call(staffing, hr, 'POST', '/schools', { countyCode: county, code: `AF-${name}`, name: `申诉${name}校`, type, rural: type === 'village_primary', weak, districtCode: name === 'X' || name === 'Y' ? 'one' : 'two' })).body;
      const p = (await call(staffing, hr, 'POST', `/schools/${schools[name].id}/posts`, { subjectCode: 'mathematics', category: 'teacher' })).body;
      let version = p.version;
      for (const y of [2026, 2030, year]) version = (await call(staffing, hr, 'PUT', `/posts/${p.id}/quotas/${y}`, { approvedHeadcount: quota, version })).body.version;
      posts[name] = p;
    }
    const staff: [string, string, string][] = [
      ['a', 'X', 'none'],
      ['g', 'X', 'none'],
      ['h', 'X', 'none'],
      ['y', 'Y', 'none'],
      ['b', 'Z', 'none'],
      ['z', 'Z', 'none'],
      ['c', 'W', 'county'],
      ['d', 'W', 'none'],
      ['v', 'V', 'none'],
    ];
    for (const [name, at, backboneLevel] of staff) {
      t[name] = (await call(staffing, hr, 'POST', '/teachers', { countyCode: county, staffNo: `AF-${name}`, name: `教师${name}`, gender: 'female', birthDate: '1990-01-01', firstServiceDate: '2030-09-01', subjects: ['mathematics'], backboneLevel })).body;
      const a = await call(staffing, hr, 'POST', '/appointments', { teacherId: t[name].id, schoolId: schools[at].id, postId: posts[at].id, kind: 'regular', startDate: '2030-09-01' });
      expect(a.status).toBe(201);
    }
    await waitFor(async () => {
      const [{ n }] = await rotation.dataSource.query(
        `SELECT (SELECT count(*) FROM rotation.appointments a JOIN rotation.teachers t USING (teacher_id) WHERE t.county_code = $1)
              + (SELECT count(*) FROM rotation.post_quotas WHERE county_code = $1 AND school_year = $2) AS n`,
        [county, year],
      );
      return Number(n) === 9 + 5;
    }, "staffing's records in rotation's read model", 60000);
    await waitForCaughtUp(rotation.url);

    // the plan: nobody is eligible by tenure (three years), so only the pins move people
    const cycle = (await call(rotation, hr, 'POST', '/cycles', { countyCode: county, schoolYear: year })).body;
    cycleId = cycle.id;
    await call(rotation, hr, 'POST', `/cycles/${cycleId}/transitions`, { to: 'collecting', version: 1, preferenceDeadline: `${year}-05-31` });
    await call(rotation, hr, 'POST', `/cycles/${cycleId}/transitions`, { to: 'planning', version: 2 });
    const pins = [
      { teacherId: t.a.id, schoolId: schools.Y.id, kind: 'force' },
      { teacherId: t.b.id, schoolId: schools.X.id, kind: 'force' },
      { teacherId: t.c.id, schoolId: schools.V.id, kind: 'force' },
    ];
    await call(rotation, hr, 'PUT', `/cycles/${cycleId}/pins`, { pins });
    const started = (await call(rotation, hr, 'POST', `/cycles/${cycleId}/plans`, {})).body;
    const solved = await waitFor(async () => {
      const r = (await call(rotation, hr, 'GET', `/cycles/${cycleId}/solves/${started.solveId}`)).body;
      return r.status === 'done' || r.status === 'failed' ? r : null;
    }, 'the plan', 60000);
    expect(solved).toMatchObject({ status: 'done', result: { saved: true, violations: [] } });
    planId = solved.planId;
    const proposed = (await call(rotation, hr, 'POST', `/cycles/${cycleId}/plans/${planId}/propose`, { version: 3 })).body;
    expect((await call(rotation, hr, 'POST', `/cycles/${cycleId}/approve`, { version: proposed.version })).status).toBe(200);
    await waitFor(async () => (await plan()).outcomes.applied === 3, 'staffing to apply the plan', 60000);
    expect(await onDate(t.a.id, effective)).toEqual([schools.Y.id]);
    expect(await onDate(t.b.id, effective)).toEqual([schools.X.id]);
  }, 300000);

  afterAll(async () => {
    await rotation.stop();
    await staffing.stop();
  });

  it("undoes the appealed move and the move into the post it would have freed, before they take effect; every other move stands", async () => {
    const amendment = await amend(t.a.id, '家中老人需要照顾 / I care for an elderly parent', { action: 'forbid' }, '照顾家庭，维持原岗位 / family care');
    expect(amendment.changes).toMatchObject({ added: [], kept: 1 });
    expect(amendment.changes.cancelled.map((x: any) => x.teacherId).sort()).toEqual([t.a.id, t.b.id].sort());

    const shown = await waitFor(async () => {
      const p = await plan();
      return p.cancelled.length === 2 && p.cancelled.every((x: any) => x.outcome.status === 'undone') ? p : null;
    }, 'staffing to undo both cancelled moves', 60000);
    expect(shown.moves.map((m: any) => m.teacherId)).toEqual([t.c.id]);
    expect(shown.outcomes).toMatchObject({ applied: 1, rejected: 0, pending: 0 });
    // a and b stay where they were: the appointments the moves ended restored (open again), the new ones withdrawn
    for (const [name, home] of [['a', 'X'], ['b', 'Z']] as const) {
      const now = await inForce(t[name].id);
      expect(now).toEqual([expect.objectContaining({ schoolId: schools[home].id, startDate: '2030-09-01', endDate: null, kind: 'regular', correctsId: expect.any(String) })]);
      expect(await onDate(t[name].id, effective)).toEqual([schools[home].id]);
    }
    const withdrawn = await staffing.dataSource.query(`SELECT count(*)::int AS n FROM staffing.appointments WHERE teacher_id = ANY($1) AND withdrawn_at IS NOT NULL`, [[t.a.id, t.b.id]]);
    expect(withdrawn[0].n).toBe(2);
    const moves = await staffing.dataSource.query(`SELECT teacher_id AS "teacherId", cancellation FROM staffing.moves WHERE teacher_id = ANY($1) ORDER BY teacher_id`, [[t.a.id, t.b.id]]);
    expect(moves.map((m: any) => m.cancellation)).toEqual(['undone', 'undone']);
    // c's move is untouched
    expect(await onDate(t.c.id, effective)).toEqual([schools.V.id]);
    // staffing's teacher view: nothing upcoming for a any more
    const history = (await call(staffing, hr, 'GET', `/teachers/${t.a.id}/appointments?asOf=${effective}`)).body;
    expect(history).toMatchObject({ current: [expect.objectContaining({ schoolId: schools.X.id, endDate: null })], upcoming: [] });
  });

  it('applies the amended move on the end state when HR pins a teacher to another school, and a redelivery changes nothing', async () => {
    const amendment = await amend(t.c.id, '希望去Y校 / I would rather teach at Y', { action: 'pin', schoolId: schools.Y.id }, '同意改派至Y校');
    expect(amendment.changes).toMatchObject({ added: [expect.objectContaining({ teacherId: t.c.id, toSchoolId: schools.Y.id })], kept: 0 });
    const shown = await waitFor(async () => {
      const p = await plan();
      const cCancelled = p.cancelled.find((x: any) => x.teacherId === t.c.id);
      return cCancelled?.outcome.status === 'undone' && p.outcomes.moves[t.c.id]?.status === 'applied' ? p : null;
    }, 'staffing to undo c’s move and apply the amended one', 60000);
    expect(shown.moves).toEqual([expect.objectContaining({ teacherId: t.c.id, toSchoolId: schools.Y.id })]);
    // c leaves W the day before and starts at Y on the effective date; the V appointment never existed
    expect(await onDate(t.c.id, `${year}-08-31`)).toEqual([schools.W.id]);
    expect(await onDate(t.c.id, effective)).toEqual([schools.Y.id]);
    const now = await inForce(t.c.id);
    expect(now.map((a: any) => [a.schoolId, a.startDate, a.endDate])).toEqual([
      [schools.W.id, '2030-09-01', `${year}-08-31`],
      [schools.Y.id, effective, null],
    ]);
    expect(now[1].moveId).toBe(shown.moveIds[t.c.id]);

    // the same amendment delivered again (a replay: a new event id): nothing changes
    const [event] = await rotation.dataSource.query(`SELECT payload FROM rotation.outbox WHERE type = 'rotation.PlanAmended.v1' AND payload->>'amendmentId' = $1`, [amendment.id]);
    const before = await staffing.dataSource.query(`SELECT count(*)::int AS n, max(version) AS v FROM staffing.appointments WHERE teacher_id = ANY($1)`, [Object.values(t).map((x: any) => x.id)]);
    const outboxBefore = (await staffing.dataSource.query(`SELECT count(*)::int AS n FROM staffing.outbox`))[0].n;
    await publishEvent(process.env.KAFKA_BROKERS!, PlanAmended, event.payload);
    await waitForCaughtUp(staffing.url);
    expect(await staffing.dataSource.query(`SELECT count(*)::int AS n, max(version) AS v FROM staffing.appointments WHERE teacher_id = ANY($1)`, [Object.values(t).map((x: any) => x.id)])).toEqual(before);
    expect((await staffing.dataSource.query(`SELECT count(*)::int AS n FROM staffing.outbox`))[0].n).toBe(outboxBefore);
    expect((await staffing.dataSource.query(`SELECT undone, applied FROM staffing.applied_amendments WHERE amendment_id = $1`, [amendment.id]))).toEqual([{ undone: 1, applied: 1 }]);
  });

  it('refuses to cancel a move that has already taken effect, with staffing.MoveRejected saying why', async () => {
    // a teacher at W since 2020, and a move of a plan effective 2026-09-01 (past), as rotation announces it: e W→V
    t.e = (await call(staffing, hr, 'POST', '/teachers', { countyCode: county, staffNo: 'AF-e', name: '教师e', gender: 'male', birthDate: '1985-01-01', firstServiceDate: '2020-09-01', subjects: ['mathematics'], backboneLevel: 'none' })).body;
    expect((await call(staffing, hr, 'POST', '/appointments', { teacherId: t.e.id, schoolId: schools.W.id, postId: posts.W.id, kind: 'regular', startDate: '2020-09-01' })).status).toBe(201);
    const pastPlan = randomUUID();
    const moveId = randomUUID();
    const [home] = await inForce(t.e.id);
    await publishEvent(process.env.KAFKA_BROKERS!, MoveApprovedV2, {
      planId: pastPlan,
      cycleId: randomUUID(),
      countyCode: county,
      planMoves: 1,
      moveId,
      teacherId: t.e.id,
      fromSchoolId: schools.W.id,
      toSchoolId: schools.V.id,
      toPostId: posts.V.id,
      subject: 'mathematics',
      kind: 'rotation',
      role: 'teacher',
      workloadShare: 1,
      effectiveDate: '2026-09-01',
      endDate: null,
      endsAppointmentIds: [home.id],
    });
    await waitFor(async () => (await staffing.dataSource.query(`SELECT 1 FROM staffing.moves WHERE move_id = $1 AND status = 'applied'`, [moveId])).length === 1, 'the past move applied', 30000);
    await publishEvent(process.env.KAFKA_BROKERS!, PlanAmended, { planId: pastPlan, amendmentId: randomUUID(), cycleId: randomUUID(), countyCode: county, appealId: null, cancelledMoveIds: [moveId], moves: [] });
    const refusal = await waitFor(async () => {
      const rows = await staffing.dataSource.query(`SELECT payload FROM staffing.outbox WHERE type = 'staffing.MoveRejected.v1' AND payload->>'moveId' = $1`, [moveId]);
      return rows[0]?.payload ?? null;
    }, 'the refusal', 30000);
    expect(refusal).toMatchObject({ moveId, teacherId: t.e.id, code: 'STAFFING.CANCELLATION_REFUSED' });
    expect(refusal.reason).toMatch(/^the move took effect on 2026-09-01 \(today is \d{4}-\d{2}-\d{2}\): staffing does not undo a move that has taken effect/);
    // the move stands
    expect(await onDate(t.e.id, '2026-12-01')).toEqual([schools.V.id]);
    expect(await onDate(t.e.id, '2026-08-31')).toEqual([schools.W.id]);
    expect((await staffing.dataSource.query(`SELECT status, cancellation FROM staffing.moves WHERE move_id = $1`, [moveId]))[0]).toEqual({ status: 'applied', cancellation: 'refused' });
  });
});
