import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken } from '@app/testing';
import { staffingService } from '../apps/staffing/src/staffing.service';
import { CookieJar, startFakeProvider, startGateway, type FakeProvider, type GatewayProcess } from './support/portal';
import { ensureCounties, HOME_COUNTY, OTHER_COUNTY, StaffingApi, suffix } from './support/staffing-fixture';

/**
 * The portal's gateway over real connections: sessions in Redis behind an HttpOnly cookie, CSRF on
 * writes, forwarding to a real staffing service (which alone decides who may do what), development
 * sign-in, and OpenID Connect (authorization code + PKCE) against a local provider.
 */
describe('portal gateway', () => {
  let staffing: RunningService;
  let gateway: GatewayProcess;
  let provider: FakeProvider;
  let oidcGateway: GatewayProcess;
  let otherTeacherId: string;
  let ownTeacherId: string;

  beforeAll(async () => {
    staffing = await startService(staffingService, { ...process.env, STAFFING_HTTP_PORT: '0' });
    await ensureCounties(staffing.dataSource);
    const admin = new StaffingApi(staffing.url, bearer(await mintTestToken({ role: 'city_admin' })));
    const tag = `PG${suffix()}`;
    ownTeacherId = (await admin.teacher(HOME_COUNTY, `${tag}-1`)).id;
    otherTeacherId = (await admin.teacher(HOME_COUNTY, `${tag}-2`)).id;
    gateway = await startGateway({ STAFFING_URL: staffing.url });
    provider = await startFakeProvider();
    oidcGateway = await startGateway({ STAFFING_URL: staffing.url, PORTAL_OIDC_ISSUER: provider.issuer, PORTAL_OIDC_CLIENT_ID: provider.clientId });
  });

  afterAll(async () => {
    await gateway?.stop();
    await oidcGateway?.stop();
    await provider?.stop();
    await staffing?.stop();
  });

  /** Signs in on the development page as a browser would (same origin); returns the cookie jar and CSRF token. */
  async function signIn(claims: Record<string, unknown>, name = '测试人员') {
    const jar = new CookieJar();
    const r = await fetch(`${gateway.url}/auth/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: gateway.url },
      body: JSON.stringify({ claims: { sub: `test-${claims.role}`, ...claims }, name }),
    });
    expect(r.status).toBe(200);
    jar.take(r);
    const body = (await r.json()) as { csrfToken: string };
    return { jar, csrf: body.csrfToken as string, body };
  }
  const get = (jar: CookieJar | null, path: string, base = gateway.url) => http(`${base}${path}`, { headers: jar ? { cookie: jar.header() } : {}, redirect: 'manual' });

  it('keeps the token on the server: the browser gets an opaque HttpOnly, SameSite cookie and never the token', async () => {
    const { jar, body } = await signIn({ role: 'county_hr', county: HOME_COUNTY });
    const cookie = jar.seen.find((c) => c.startsWith('portal_session='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Secure/); // plain http in development; PORTAL_PUBLIC_URL https:// turns it on
    expect(jar.get('portal_session')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const session = await get(jar, '/auth/session');
    expect(session.body).toMatchObject({ signedIn: true, principal: { role: 'county_hr', countyCode: HOME_COUNTY }, displayName: '测试人员', via: 'development' });
    // No JWT anywhere the page can read it.
    for (const text of [JSON.stringify(body), JSON.stringify(session.body), jar.header()]) expect(text).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  it('forwards /api/<service>/… with the session token, and refuses without a session', async () => {
    const { jar } = await signIn({ role: 'county_hr', county: HOME_COUNTY });
    const overview = await get(jar, `/api/staffing/counties/${HOME_COUNTY}/overview`);
    expect(overview).toMatchObject({ status: 200, body: { countyCode: HOME_COUNTY } });
    const anonymous = await get(null, `/api/staffing/counties/${HOME_COUNTY}/overview`);
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'PORTAL.SIGNED_OUT', message: expect.stringMatching(/sign in/) } });
    expect(await get(jar, '/api/nowhere/x')).toMatchObject({ status: 404, body: { code: 'PORTAL.UNKNOWN_SERVICE' } });
  });

  it('adds nothing to authorisation: the service refuses what the person may not do, in its own words', async () => {
    const teacher = await signIn({ role: 'teacher', county: HOME_COUNTY, teacher: ownTeacherId });
    expect(await get(teacher.jar, `/api/staffing/teachers/${ownTeacherId}`)).toMatchObject({ status: 200, body: { id: ownTeacherId } });
    expect(await get(teacher.jar, `/api/staffing/teachers/${otherTeacherId}`)).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN', message: `teacher ${ownTeacherId} may not read teacher ${otherTeacherId}` } });
    const kaiping = await signIn({ role: 'county_hr', county: OTHER_COUNTY });
    expect(await get(kaiping.jar, `/api/staffing/counties/${HOME_COUNTY}/overview`)).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN' } });
  });

  it('refuses a write without the session CSRF token or from another origin, and writes nothing', async () => {
    const { jar, csrf } = await signIn({ role: 'county_hr', county: HOME_COUNTY });
    const code = `PG-${suffix()}`;
    const post = (headers: Record<string, string>) =>
      http(`${gateway.url}/api/staffing/schools`, {
        method: 'POST',
        headers: { cookie: jar.header(), 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ countyCode: HOME_COUNTY, code, name: '门户测试学校', type: 'junior_middle' }),
      });
    const count = async () => Number((await staffing.dataSource.query(`SELECT count(*) AS n FROM staffing.schools WHERE code = $1`, [code]))[0].n);
    expect(await post({ origin: gateway.url })).toMatchObject({ status: 403, body: { code: 'PORTAL.CSRF' } });
    expect(await post({ origin: gateway.url, 'x-csrf-token': 'forged' })).toMatchObject({ status: 403, body: { code: 'PORTAL.CSRF' } });
    expect(await post({ origin: 'https://evil.example', 'x-csrf-token': csrf })).toMatchObject({ status: 403, body: { code: 'PORTAL.CSRF', message: expect.stringContaining('evil.example') } });
    expect(await count()).toBe(0);
    expect(await post({ origin: gateway.url, 'x-csrf-token': csrf })).toMatchObject({ status: 201, body: { code } });
    expect(await count()).toBe(1);
    // Sign-in itself only from the portal's own pages (login CSRF).
    const forged = await http(`${gateway.url}/auth/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify({ claims: { sub: 'x', role: 'city_admin' }, name: 'x' }) });
    expect(forged).toMatchObject({ status: 403, body: { code: 'PORTAL.CSRF' } });
  });

  it('passes uploads through as the bytes sent (a spreadsheet import with a dry run)', async () => {
    const { jar, csrf } = await signIn({ role: 'county_hr', county: HOME_COUNTY });
    const r = await http(`${gateway.url}/api/staffing/imports/schools?countyCode=${HOME_COUNTY}&dryRun=true`, {
      method: 'POST',
      headers: { cookie: jar.header(), 'content-type': 'text/csv', 'x-csrf-token': csrf, origin: gateway.url },
      body: `code,name,type\nPG-${suffix()},上传测试学校,junior_middle\n`,
    });
    expect(r).toMatchObject({ status: 200, body: { rows: 1, dryRun: true, written: { schools: 1 } } });
  });

  it('signs out: the cookie is cleared and the old session id no longer opens anything', async () => {
    const { jar, csrf } = await signIn({ role: 'county_hr', county: HOME_COUNTY });
    const old = jar.header();
    const out = await fetch(`${gateway.url}/auth/sign-out`, { method: 'POST', headers: { cookie: old, 'x-csrf-token': csrf, origin: gateway.url } });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join()).toMatch(/portal_session=; .*Max-Age=0/);
    expect(await http(`${gateway.url}/api/staffing/counties/${HOME_COUNTY}/overview`, { headers: { cookie: old } })).toMatchObject({ status: 401, body: { code: 'PORTAL.SIGNED_OUT' } });
  });

  it('serves the pages: index.html for every route of the application, JSON 404s for unknown API paths', async () => {
    const page = await fetch(`${gateway.url}/hr/cycles/123`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<div id="root">');
    expect(await get(null, '/auth/nothing')).toMatchObject({ status: 404 });
  });

  it('with an identity provider configured: refuses development sign-in and says so; signs in by code flow with PKCE', async () => {
    const info = await get(null, '/auth/session', oidcGateway.url);
    expect(info.body).toMatchObject({ signedIn: false, signIn: { mode: 'oidc', issuer: provider.issuer, development: { available: false, reason: expect.stringContaining('identity provider is configured') } } });
    expect(await get(null, '/auth/dev/people', oidcGateway.url)).toMatchObject({ status: 403, body: { code: 'PORTAL.DEV_SIGN_IN_DISABLED' } });
    const devAttempt = await http(`${oidcGateway.url}/auth/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', origin: oidcGateway.url }, body: JSON.stringify({ claims: { sub: 'x', role: 'city_admin' }, name: 'x' }) });
    expect(devAttempt).toMatchObject({ status: 403, body: { code: 'PORTAL.DEV_SIGN_IN_DISABLED' } });

    const jar = new CookieJar();
    const start = await fetch(`${oidcGateway.url}/auth/oidc/start?returnTo=/city`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${provider.issuer}/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: provider.clientId,
      code_challenge_method: 'S256',
      redirect_uri: `${oidcGateway.url}/auth/oidc/callback`,
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
    });
    const atProvider = await fetch(authorize, { redirect: 'manual' });
    const callback = atProvider.headers.get('location')!;
    const back = await fetch(callback, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(back);
    expect({ status: back.status, location: back.headers.get('location') }).toEqual({ status: 302, location: '/city' });
    expect(provider.exchanges).toEqual([{ codeVerifierMatched: true, redirectUri: `${oidcGateway.url}/auth/oidc/callback` }]);
    const session = await get(jar, '/auth/session', oidcGateway.url);
    expect(session.body).toMatchObject({ signedIn: true, via: 'oidc', principal: { role: 'city_admin', subject: 'oidc-person' }, displayName: '市教育局测试' });
    // A callback is good once: replaying it finds no pending sign-in.
    const replay = await fetch(callback, { redirect: 'manual' });
    expect(replay.headers.get('location')).toMatch(/^\/sign-in\?error=.*expired/);
  });
});
