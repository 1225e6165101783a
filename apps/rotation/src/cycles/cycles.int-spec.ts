import { randomUUID } from 'node:crypto';
import { ExemptionRecorded, PostQuotaSet, SchoolRegistered, TeacherAppointed, TeacherRegistered } from '@app/contracts';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, postJson, publishEvent, waitFor } from '@app/testing';
import { rotationService } from '../rotation.service';

/** Cycles move through their states under HR's hand (audited, optimistic), and teachers rank schools before the deadline. */
describe('rotation cycles and preferences', () => {
  let svc: RunningService;
  let hr: Record<string, string>;
  const county = 'xinhui';
  const schoolYear = 2031; // the test database is new each run; the teacher (born 1995) is eligible then, not near retirement
  const [home, a, b] = [randomUUID(), randomUUID(), randomUUID()];
  const teacherId = randomUUID();
  const send = (method: string, path: string, body: unknown, headers = hr) =>
    http(`${svc.url}${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    svc = await startService(rotationService, { ...process.env, ROTATION_HTTP_PORT: '0' });
    hr = bearer(await mintTestToken({ role: 'county_hr', county }));
    const brokers = process.env.KAFKA_BROKERS!;
    for (const [id, type] of [[home, 'village_primary'], [a, 'township_central'], [b, 'county_town']] as const) {
      await publishEvent(brokers, SchoolRegistered, { schoolId: id, countyCode: county, code: `XH-${id.slice(0, 5)}`, name: '学校', type, districtCode: null, weak: false, smallScale: false, rural: type !== 'county_town', remoteTier: 0 });
    }
    await publishEvent(brokers, TeacherRegistered, { teacherId, countyCode: county, name: '何老师', gender: 'female', birthDate: '1995-03-03', firstServiceDate: '2018-09-01', subjects: ['english'], title: null, backboneLevel: 'none', category: 'teacher' });
    await publishEvent(brokers, TeacherAppointed, { appointmentId: randomUUID(), teacherId, schoolId: home, countyCode: county, postId: null, subject: 'english', kind: 'regular', role: 'teacher', workloadShare: 1, startDate: '2018-09-01', endDate: null, moveId: null });
    await publishEvent(brokers, PostQuotaSet, { postId: randomUUID(), schoolId: a, countyCode: county, subjectCode: 'english', category: 'teacher', schoolYear, approvedHeadcount: 3 });
    await waitFor(async () => {
      const [{ n }] = await svc.dataSource.query(
        `SELECT (SELECT count(*) FROM rotation.schools WHERE county_code = $1) + (SELECT count(*) FROM rotation.appointments WHERE teacher_id = $2)
              + (SELECT count(*) FROM rotation.post_quotas WHERE school_id = $3) AS n`,
        [county, teacherId, a],
      );
      return Number(n) >= 5;
    }, 'rotation read model (schools, appointments, quotas)', 30000);
  });
  afterAll(() => svc.stop());

  it('opens a cycle, collects ranked preferences until the deadline, and refuses stale or skipped transitions', async () => {
    const opened = await send('POST', '/cycles', { countyCode: county, schoolYear });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ state: 'draft', effectiveDate: `${schoolYear}-09-01`, version: 1 });
    expect((await send('POST', '/cycles', { countyCode: county, schoolYear })).body.code).toBe('ROTATION.CYCLE_EXISTS');
    const id = opened.body.id;

    const skipped = await send('POST', `/cycles/${id}/transitions`, { to: 'approved', version: 1 });
    expect([skipped.status, skipped.body.code]).toEqual([409, 'ROTATION.TRANSITION_REFUSED']);
    const collecting = await send('POST', `/cycles/${id}/transitions`, { to: 'collecting', version: 1, preferenceDeadline: `${schoolYear}-05-31` });
    expect(collecting.body).toMatchObject({ state: 'collecting', preferenceDeadline: `${schoolYear}-05-31`, version: 2 });
    const stale = await send('POST', `/cycles/${id}/transitions`, { to: 'planning', version: 1 });
    expect([stale.status, stale.body.code]).toEqual([409, 'ROTATION.STALE_VERSION']);

    const me = bearer(await mintTestToken({ role: 'teacher', county, teacher: teacherId }));
    expect((await send('PUT', `/cycles/${id}/me/preferences`, { schoolIds: [b, home] }, me)).body.code).toBe('ROTATION.PREFERENCES_INVALID');
    const saved = await send('PUT', `/cycles/${id}/me/preferences`, { schoolIds: [b, a] }, me);
    expect(saved.status).toBe(200);
    expect(saved.body.schoolIds).toEqual([b, a]);
    expect((await http(`${svc.url}/cycles/${id}/me/preferences`, { headers: me })).body).toMatchObject({ state: 'collecting', schoolIds: [b, a], obligations: [] });

    const stranger = bearer(await mintTestToken({ role: 'teacher', county: 'enping', teacher: randomUUID() }));
    expect((await send('PUT', `/cycles/${id}/me/preferences`, { schoolIds: [a] }, stranger)).status).toBe(403);

    const status = await http(`${svc.url}/cycles/${id}/me/status`, { headers: me });
    expect(status.body).toMatchObject({ status: 'eligible', asOf: `${schoolYear}-09-01` });
    expect(status.body.points.breakdown[0]).toMatchObject({ factor: 'years at current school' });
    // HR records a maternity exemption in the scheduler: rotation hears of it and says so.
    await publishEvent(process.env.KAFKA_BROKERS!, ExemptionRecorded, { exemptionId: randomUUID(), teacherId, countyCode: county, reason: '产假 maternity', from: `${schoolYear}-03-01`, until: `${schoolYear + 1}-02-28` });
    const exempt = await waitFor(async () => {
      const r = await http(`${svc.url}/cycles/${id}/me/status`, { headers: me });
      return r.body.status === 'exempt' ? r.body : null;
    }, 'the exemption to reach rotation');
    expect(exempt.reasons).toEqual([`exempted by HR until ${schoolYear + 1}-02-28: 产假 maternity`]);
    const asked = await send('POST', `/cycles/${id}/me/point-corrections`, { message: '2018年起在村小任教，农村年限应为全部' }, me);
    expect(asked.status).toBe(201);
    expect((await http(`${svc.url}/cycles/${id}/point-corrections`, { headers: hr })).body).toEqual([expect.objectContaining({ teacherId, message: '2018年起在村小任教，农村年限应为全部' })]);

    const planning = await send('POST', `/cycles/${id}/transitions`, { to: 'planning', version: 2 });
    expect(planning.body.state).toBe('planning');
    const closed = await send('PUT', `/cycles/${id}/me/preferences`, { schoolIds: [a] }, me);
    expect([closed.status, closed.body.code]).toEqual([409, 'ROTATION.PREFERENCES_CLOSED']);
    const late = await send('POST', `/cycles/${id}/me/point-corrections`, { message: 'too late' }, me);
    expect([late.status, late.body.code]).toEqual([409, 'ROTATION.CORRECTION_WINDOW_CLOSED']);

    const audit = await svc.dataSource.query(`SELECT action FROM rotation.audit_log WHERE entity_id = $1 ORDER BY id`, [id]);
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['cycle.create', 'cycle.collecting', 'cycle.planning']);
  });

  it('keeps cycles to their county', async () => {
    const other = bearer(await mintTestToken({ role: 'county_hr', county: 'taishan' }));
    expect((await send('POST', '/cycles', { countyCode: county, schoolYear: schoolYear + 1 }, other)).status).toBe(403);
    expect((await http(`${svc.url}/cycles?countyCode=${county}`, { headers: other })).status).toBe(403);
  });
});
