import { randomUUID } from 'node:crypto';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, postJson, waitFor } from '@app/testing';
import { rotationService } from '../apps/rotation/src/rotation.service';
import { staffingService } from '../apps/staffing/src/staffing.service';
import { subsidiesService } from '../apps/subsidies/src/subsidies.service';

/** A school registered in staffing reaches other services' read models, carrying the request's correlation id. */
describe('school registration flows from staffing to subsidies and rotation', () => {
  const services: RunningService[] = [];
  let staffing: RunningService;
  let subsidies: RunningService;
  let rotation: RunningService;
  /** an Enping county HR officer: staffing's writes and the read models need county_hr (or city_admin) */
  let hr: Record<string, string>;

  beforeAll(async () => {
    hr = bearer(await mintTestToken({ role: 'county_hr', county: 'enping' }));
    const env = { ...process.env, STAFFING_HTTP_PORT: '0', SUBSIDIES_HTTP_PORT: '0', ROTATION_HTTP_PORT: '0' };
    staffing = await startService(staffingService, env);
    subsidies = await startService(subsidiesService, env);
    rotation = await startService(rotationService, env);
    services.push(staffing, subsidies, rotation);
    await staffing.dataSource.query(
      `INSERT INTO staffing.counties (code, name_zh, name_en, western) VALUES ('enping', '恩平市', 'Enping', true) ON CONFLICT DO NOTHING`,
    );
  });

  afterAll(async () => {
    for (const s of services.reverse()) await s.stop();
  });

  it('carries the school and the correlation id from the HTTP request into the consumers', async () => {
    const correlationId = `flow-${randomUUID()}`;
    const code = `EP-${randomUUID().slice(0, 8)}`;
    const response = await postJson(
      `${staffing.url}/schools`,
      { countyCode: 'enping', code, name: '大田镇中心小学', type: 'township_central', rural: true, remoteTier: 1, districtCode: 'datian' },
      { ...hr, 'x-correlation-id': correlationId },
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);
    const school = response.body;

    const [outboxRow] = await staffing.dataSource.query(`SELECT type, correlation_id FROM staffing.outbox WHERE aggregate_id = $1`, [school.id]);
    expect(outboxRow).toEqual({ type: 'staffing.SchoolRegistered.v1', correlation_id: correlationId });

    const eligible = await waitFor(async () => {
      const list = (await http(`${subsidies.url}/schools/eligible?countyCode=enping`, { headers: hr })).body;
      return list.find((s: { schoolId: string }) => s.schoolId === school.id);
    }, 'the school in the subsidies read model');
    expect(eligible).toEqual({ schoolId: school.id, countyCode: 'enping', name: '大田镇中心小学', remoteTier: 1, rural: true });

    const planning = await waitFor(async () => {
      const list = (await http(`${rotation.url}/counties/enping/schools`, { headers: hr })).body;
      return list.find((s: { schoolId: string }) => s.schoolId === school.id);
    }, 'the school in the rotation read model');
    expect(planning).toMatchObject({ type: 'township_central', districtCode: 'datian', flowTarget: true, acceptsPlacement: true });
    expect((await http(`${rotation.url}/counties/taishan/schools`, { headers: hr })).status).toBe(403);
    expect((await http(`${rotation.url}/counties/enping/schools`)).status).toBe(401);

    const consumed = await fetch(`${subsidies.url}/metrics`).then((r) => r.text());
    expect(consumed).toMatch(/events_consumed_total\{consumer="subsidies",type="staffing.SchoolRegistered.v1",outcome="applied"[^}]*\} [1-9]/);
  });

  it('refuses unknown fields, a bad id and malformed JSON with 400, a duplicate code with 409, and writes nothing', async () => {
    const before = await staffing.dataSource.query(`SELECT count(*)::int AS n FROM staffing.outbox`);
    const post = (body: string, headers = hr) => postJson(`${staffing.url}/schools`, body, headers);
    expect((await post('{"countyCode":')).status).toBe(400);
    expect((await post(JSON.stringify({ countyCode: 'enping', code: 'X', name: 'x', type: 'county_town', colour: 'red' }))).status).toBe(400);
    expect((await post(JSON.stringify({ countyCode: 'enping', code: 'X', name: 'x', type: 'village_primary', rural: false }))).status).toBe(422);
    // an unknown county is 404 for whoever may act everywhere (a county HR officer is refused any other county first)
    const admin = bearer(await mintTestToken({ role: 'city_admin' }));
    expect((await post(JSON.stringify({ countyCode: 'nowhere', code: 'X', name: 'x', type: 'county_town' }), admin)).status).toBe(404);
    expect((await http(`${staffing.url}/schools/not-a-uuid`, { headers: hr })).status).toBe(400);
    expect((await http(`${staffing.url}/schools/${randomUUID()}`, { headers: hr })).status).toBe(404);
    const after = await staffing.dataSource.query(`SELECT count(*)::int AS n FROM staffing.outbox`);
    expect(after).toEqual(before);
  });
});
