import { randomUUID } from 'node:crypto';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, startPrivateRedis, type PrivateRedis } from '@app/testing';
import { schedulerService } from '../apps/scheduler/src/scheduler.service';

/**
 * Bull Board at /queues on the scheduler: a Fastify plugin, outside Nest's guard, behind its own hook
 * that checks tokens like the guard does. Only the scheduler's service account and the city
 * administrator get in; a browser opens it with ?token= and continues with an HttpOnly cookie.
 */
describe('queue dashboard (/queues)', () => {
  let redis: PrivateRedis;
  let service: RunningService;
  const get = (path: string, headers: Record<string, string> = {}) => http(`${service.url}${path}`, { headers });
  const cookieOf = (setCookie: string | null) => (setCookie ?? '').split(';')[0];

  beforeAll(async () => {
    // A Redis of its own: a scheduler on the machine's Redis would share its queue with this one's worker.
    redis = await startPrivateRedis();
    service = await startService(schedulerService, { ...process.env, REDIS_URL: redis.url, SCHEDULER_HTTP_PORT: '0' });
  });

  afterAll(async () => {
    await service?.stop();
    await redis?.destroy();
  });

  it('refuses a request without a token, or with a garbage, expired or foreign-signed one, with 401 AUTH.UNAUTHENTICATED (JSON)', async () => {
    const claims = { role: 'scheduler' } as const;
    const cases: [string, string, Record<string, string>][] = [
      ['no token', '/queues', {}],
      ['no token, API', '/queues/api/queues', {}],
      ['garbage', '/queues', { authorization: 'Bearer garbage' }],
      ['not bearer', '/queues', { authorization: 'Basic dXNlcjpwYXNz' }],
      ['expired', '/queues', bearer(await mintTestToken(claims, { ttlSeconds: -3600 }))],
      ['other secret', '/queues/api/queues', bearer(await mintTestToken(claims, { secret: 'another-secret-that-is-32-characters-or-more' }))],
      ['garbage ?token=', '/queues?token=garbage', {}],
      ['garbage cookie', '/queues/api/queues', { cookie: 'queues_token=garbage' }],
      ['no token, unknown path', '/queues/no-such-page', {}],
    ];
    for (const [name, path, headers] of cases) {
      const r = await get(path, headers);
      expect({ name, status: r.status, type: r.headers.get('content-type'), body: r.body }).toEqual({
        name,
        status: 401,
        type: 'application/json; charset=utf-8',
        body: { statusCode: 401, code: 'AUTH.UNAUTHENTICATED', message: expect.any(String) },
      });
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('refuses every role but scheduler and city_admin with 403 AUTH.FORBIDDEN', async () => {
    const others = [
      { role: 'county_hr', county: 'kaiping' },
      { role: 'school_admin', county: 'kaiping', school: randomUUID() },
      { role: 'teacher', county: 'kaiping', teacher: randomUUID() },
    ] as const;
    for (const claims of others) {
      const r = await get('/queues', bearer(await mintTestToken(claims)));
      expect({ role: claims.role, status: r.status, body: r.body }).toEqual({
        role: claims.role,
        status: 403,
        body: { statusCode: 403, code: 'AUTH.FORBIDDEN', message: `role ${claims.role} may not use the queue dashboard`, details: { role: claims.role } },
      });
      expect((await get('/queues/api/queues', bearer(await mintTestToken(claims)))).status).toBe(403);
    }
    // a county HR officer's token in the address does not become a cookie
    const viaQuery = await get(`/queues?token=${await mintTestToken(others[0])}`);
    expect(viaQuery.status).toBe(403);
    expect(viaQuery.headers.get('set-cookie')).toBeNull();
  });

  it('serves the board to the scheduler and the city administrator, and its API lists the scheduler queue', async () => {
    for (const role of ['scheduler', 'city_admin'] as const) {
      const page = await get('/queues', bearer(await mintTestToken({ role })));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.body).toContain('<!DOCTYPE html>');
      expect(page.body).toContain('<base href="/queues/" />'); // the UI's assets and API calls stay under the guarded prefix
    }
    const api = await get('/queues/api/queues', bearer(await mintTestToken({ role: 'scheduler' })));
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: { name: string }) => q.name)).toEqual(['scheduler']);
    // the three job schedulers' next runs wait as delayed jobs
    expect(api.body.queues[0].counts.delayed).toBe(3);
    const unknown = await get('/queues/no-such-page', bearer(await mintTestToken({ role: 'scheduler' })));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /queues/no-such-page' });
  });

  it('lets a browser in with ?token= on the entry page, then with the HttpOnly SameSite=Strict cookie it sets', async () => {
    const token = await mintTestToken({ role: 'scheduler' });
    const entry = await get(`/queues?token=${token}`);
    expect(entry.status).toBe(200);
    expect(entry.headers.get('content-type')).toMatch(/^text\/html/);
    const setCookie = entry.headers.get('set-cookie')!;
    expect(setCookie.split('; ').sort()).toEqual(['HttpOnly', 'Path=/queues', 'SameSite=Strict', `queues_token=${token}`].sort());
    expect(entry.headers.get('referrer-policy')).toBe('no-referrer');
    expect(entry.headers.get('cache-control')).toBe('no-store');

    const cookie = cookieOf(setCookie);
    const api = await get('/queues/api/queues', { cookie });
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: { name: string }) => q.name)).toEqual(['scheduler']);
    expect((await get('/queues/queue/scheduler', { cookie })).status).toBe(200);

    // ?token= is for the entry page only: the API wants the header or the cookie
    expect((await get(`/queues/api/queues?token=${token}`)).status).toBe(401);
    // the cookie is checked like a bearer token every time: an expired one is refused and cleared
    const stale = await get('/queues/api/queues', { cookie: `queues_token=${await mintTestToken({ role: 'scheduler' }, { ttlSeconds: -3600 })}` });
    expect(stale.status).toBe(401);
    expect(stale.body).toEqual({ statusCode: 401, code: 'AUTH.UNAUTHENTICATED', message: 'token has expired' });
    expect(stale.headers.get('set-cookie')).toMatch(/^queues_token=; Path=\/queues; .*Max-Age=0/);
    // and a county HR officer's token in the cookie is as forbidden as in the header
    expect((await get('/queues/api/queues', { cookie: `queues_token=${await mintTestToken({ role: 'county_hr', county: 'kaiping' })}` })).status).toBe(403);
  });

  it('leaves the rest of the API to the guard: /runs still wants a bearer token, the cookie does not open it', async () => {
    const token = await mintTestToken({ role: 'scheduler' });
    expect((await get('/runs', { cookie: `queues_token=${token}` })).status).toBe(401);
    expect((await get('/runs', bearer(token))).status).toBe(200);
    expect((await get('/health')).status).toBe(200);
  });
});
