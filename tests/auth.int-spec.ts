import { randomUUID } from 'node:crypto';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken } from '@app/testing';
import { subsidiesService } from '../apps/subsidies/src/subsidies.service';

/** Bearer tokens on a running service (subsidies): who gets in, who is refused, and what stays open. */
describe('bearer tokens on an HTTP service', () => {
  let service: RunningService;
  const enpingSchool = randomUUID();
  const taishanSchool = randomUUID();
  const eligible = (headers: Record<string, string> = {}, query = '') => http(`${service.url}/schools/eligible${query}`, { headers });
  const ids = (list: { schoolId: string }[]) => list.map((s) => s.schoolId);

  beforeAll(async () => {
    service = await startService(subsidiesService, { ...process.env, SUBSIDIES_HTTP_PORT: '0' });
    await service.dataSource.query(
      `INSERT INTO subsidies.schools (school_id, county_code, name, remote_tier, rural, eligible)
       VALUES ($1, 'enping', '恩平测试教学点', 2, true, true), ($2, 'taishan', '台山测试教学点', 2, true, true)`,
      [enpingSchool, taishanSchool],
    );
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('refuses a missing, garbage, expired or foreign-signed token with 401 AUTH.UNAUTHENTICATED', async () => {
    const claims = { role: 'county_hr', county: 'enping' } as const;
    const cases: [string, Record<string, string>][] = [
      ['no token', {}],
      ['garbage', { authorization: 'Bearer garbage' }],
      ['not bearer', { authorization: 'Basic dXNlcjpwYXNz' }],
      ['expired', bearer(await mintTestToken(claims, { ttlSeconds: -3600 }))],
      ['other secret', bearer(await mintTestToken(claims, { secret: 'another-secret-that-is-32-characters-or-more' }))],
      ['no county claim', bearer(await mintTestToken({ role: 'county_hr' }))],
    ];
    for (const [name, headers] of cases) {
      const r = await eligible(headers);
      expect({ name, status: r.status, body: r.body }).toEqual({ name, status: 401, body: { statusCode: 401, code: 'AUTH.UNAUTHENTICATED', message: expect.any(String) } });
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect((await eligible(cases[3][1])).body.message).toBe('token has expired');
  });

  it('refuses a role the endpoint does not list, and a county HR officer outside their county, with 403 AUTH.FORBIDDEN', async () => {
    const teacher = await eligible(bearer(await mintTestToken({ role: 'teacher', county: 'enping', teacher: randomUUID() })));
    expect(teacher.status).toBe(403);
    expect(teacher.body).toEqual({ statusCode: 403, code: 'AUTH.FORBIDDEN', message: 'role teacher may not use this endpoint', details: { role: 'teacher' } });
    const schoolAdmin = await eligible(bearer(await mintTestToken({ role: 'school_admin', county: 'enping', school: enpingSchool })));
    expect(schoolAdmin.status).toBe(403);

    const otherCounty = await eligible(bearer(await mintTestToken({ role: 'county_hr', county: 'taishan' })), '?countyCode=enping');
    expect(otherCounty.status).toBe(403);
    expect(otherCounty.body).toMatchObject({ statusCode: 403, code: 'AUTH.FORBIDDEN', message: 'county_hr of taishan may not act in county enping' });
  });

  it('answers 200 within scope: a county HR officer sees their own county, city-wide roles every county', async () => {
    const hr = bearer(await mintTestToken({ role: 'county_hr', county: 'enping' }));
    const own = await eligible(hr);
    expect(own.status).toBe(200);
    expect(ids(own.body)).toContain(enpingSchool);
    expect(ids(own.body)).not.toContain(taishanSchool);
    expect(own.body.every((s: { countyCode: string }) => s.countyCode === 'enping')).toBe(true);
    expect((await eligible(hr, '?countyCode=enping')).status).toBe(200);

    for (const role of ['city_admin', 'scheduler'] as const) {
      const all = await eligible(bearer(await mintTestToken({ role })));
      expect(all.status).toBe(200);
      expect(ids(all.body)).toEqual(expect.arrayContaining([enpingSchool, taishanSchool]));
      expect(ids((await eligible(bearer(await mintTestToken({ role })), '?countyCode=taishan')).body)).not.toContain(enpingSchool);
    }
  });

  it('keeps /health, /metrics, /docs and /docs-json open, and shows the lock on protected operations', async () => {
    expect((await http(`${service.url}/health`)).status).toBe(200);
    const metrics = await fetch(`${service.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('http_request_duration_seconds');
    expect((await http(`${service.url}/docs`)).status).toBe(200);
    const docs = await http(`${service.url}/docs-json`);
    expect(docs.status).toBe(200);
    expect(docs.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(docs.body.paths['/schools/eligible'].get.security).toEqual([{ bearer: [] }]);
    expect(docs.body.paths['/health'].get.security).toBeUndefined();
  });
});
