import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, waitFor, waitForCaughtUp } from '@app/testing';
import { rotationService } from '../apps/rotation/src/rotation.service';
import { staffingService } from '../apps/staffing/src/staffing.service';

/**
 * The product's main loop across two services: staffing's records reach rotation through events, HR
 * plans and approves a cycle in rotation, and staffing applies every approved move on its effective date.
 * A county code of its own keeps other test files' events out of the plan.
 */
describe('rotation plan approved → staffing applies the moves', () => {
  let staffing: RunningService;
  let rotation: RunningService;
  let hr: Record<string, string>;
  const county = 'endtoend';
  const call = (svc: RunningService, method: string, path: string, body?: unknown) =>
    http(`${svc.url}${path}`, { method, headers: { ...hr, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(async () => {
    const env = { ...process.env, STAFFING_HTTP_PORT: '0', ROTATION_HTTP_PORT: '0' };
    staffing = await startService(staffingService, env);
    rotation = await startService(rotationService, env);
    await waitForCaughtUp(rotation.url);
    await staffing.dataSource.query(`INSERT INTO staffing.counties (code, name_zh, name_en) VALUES ($1, '测试县', 'End-to-end') ON CONFLICT DO NOTHING`, [county]);
    hr = bearer(await mintTestToken({ role: 'county_hr', county }));
  });
  afterAll(async () => {
    await rotation.stop();
    await staffing.stop();
  });

  it('moves teachers in staffing exactly as the approved plan says', async () => {
    const school = async (code: string, type: string, rural: boolean, weak: boolean) =>
      (await call(staffing, 'POST', '/schools', { countyCode: county, code, name: code, type, rural, weak, districtCode: 'one' })).body;
    const town = await school('E2E-T', 'county_town', false, false);
    const village = await school('E2E-V', 'village_primary', true, true);
    const post = async (schoolId: string, quotas: Record<number, number>) => {
      const p = (await call(staffing, 'POST', `/schools/${schoolId}/posts`, { subjectCode: 'mathematics', category: 'teacher' })).body;
      let version = p.version;
      for (const [year, n] of Object.entries(quotas)) version = (await call(staffing, 'PUT', `/posts/${p.id}/quotas/${year}`, { approvedHeadcount: n, version })).body.version;
      return p;
    };
    const townPost = await post(town.id, { 2026: 20, 2027: 21 });
    const villagePost = await post(village.id, { 2026: 2, 2027: 3 });
    const hire = async (n: number, schoolId: string, postId: string, backboneLevel = 'none') => {
      const t = (await call(staffing, 'POST', '/teachers', { countyCode: county, staffNo: `E2E-${n}`, name: `教师${n}`, gender: 'male', birthDate: '1988-01-01', firstServiceDate: '2012-09-01', subjects: ['mathematics'], backboneLevel })).body;
      const a = await call(staffing, 'POST', '/appointments', { teacherId: t.id, schoolId, postId, kind: 'regular', startDate: '2015-09-01' });
      expect(a.status).toBe(201);
      return t;
    };
    for (let n = 1; n <= 19; n++) await hire(n, town.id, townPost.id);
    await hire(20, town.id, townPost.id, 'county');
    await hire(21, village.id, villagePost.id);
    await hire(22, village.id, villagePost.id);

    await waitFor(async () => {
      const [{ n }] = await rotation.dataSource.query(
        `SELECT (SELECT count(*) FROM rotation.appointments a JOIN rotation.teachers t USING (teacher_id) WHERE t.county_code = $1)
              + (SELECT count(*) FROM rotation.post_quotas WHERE county_code = $1) AS n`,
        [county],
      );
      return Number(n) === 22 + 4;
    }, "staffing's records in rotation's read model", 30000);

    const cycle = (await call(rotation, 'POST', '/cycles', { countyCode: county, schoolYear: 2027 })).body;
    await call(rotation, 'POST', `/cycles/${cycle.id}/transitions`, { to: 'collecting', version: 1, preferenceDeadline: '2027-05-31' });
    await call(rotation, 'POST', `/cycles/${cycle.id}/transitions`, { to: 'planning', version: 2 });
    // the solve runs in a worker thread: POST answers 202 with the solve to poll
    const started = (await call(rotation, 'POST', `/cycles/${cycle.id}/plans`, {})).body;
    const solved = await waitFor(async () => {
      const r = (await call(rotation, 'GET', `/cycles/${cycle.id}/solves/${started.solveId}`)).body;
      return r.status === 'done' || r.status === 'failed' ? r : null;
    }, 'the plan to be solved', 60000);
    expect(solved).toMatchObject({ status: 'done', result: { saved: true, status: 'optimal', violations: [] } });
    const plan = (await call(rotation, 'GET', `/cycles/${cycle.id}/plans/${solved.planId}`)).body;
    expect(plan).toMatchObject({ status: 'optimal' });
    expect(plan.moves.length).toBeGreaterThanOrEqual(2); // R1: ceil(5% × 22)
    const proposed = (await call(rotation, 'POST', `/cycles/${cycle.id}/plans/${plan.id}/propose`, { version: 3 })).body;
    const approved = await call(rotation, 'POST', `/cycles/${cycle.id}/approve`, { version: proposed.version });
    expect(approved.body.moves).toBe(plan.moves.length);

    const applied = await waitFor(async () => {
      const rows = await staffing.dataSource.query(
        `SELECT m.teacher_id AS "teacherId", m.status, a.school_id AS "schoolId", a.start_date AS "startDate", a.kind FROM staffing.moves m
           LEFT JOIN staffing.appointments a ON a.id = m.appointment_id WHERE m.teacher_id = ANY($1)`,
        [plan.moves.map((m: { teacherId: string }) => m.teacherId)],
      );
      return rows.length === plan.moves.length ? rows : null;
    }, 'staffing to apply every approved move', 30000);
    const expected = plan.moves.map((m: { teacherId: string; toSchoolId: string }) => ({ teacherId: m.teacherId, status: 'applied', schoolId: m.toSchoolId, startDate: '2027-09-01', kind: 'rotation' }));
    const byTeacher = (x: { teacherId: string }, y: { teacherId: string }) => (x.teacherId < y.teacherId ? -1 : 1);
    expect([...applied].sort(byTeacher)).toEqual([...expected].sort(byTeacher));
    // …and the teacher leaves the old school the day before.
    const mover = plan.moves[0];
    const history = await call(staffing, 'GET', `/teachers/${mover.teacherId}/appointments?asOf=2027-09-01`);
    expect(history.body.past).toEqual([expect.objectContaining({ schoolId: mover.fromSchoolId, endDate: '2027-08-31' })]);
    expect(history.body.current).toEqual([expect.objectContaining({ schoolId: mover.toSchoolId, startDate: '2027-09-01' })]);
  });
});
