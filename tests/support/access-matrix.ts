import { bearer, http, mintTestToken } from '@app/testing';

/**
 * The callers of the access-matrix tests (staffing, subsidies): bad tokens, and each role in and out of the
 * scope of the resource under test, which lives in the home county. The "other" principals are an HR
 * officer of another county, the administrator of another school and another teacher of the home county,
 * so a check that looked only at the county (or only at the role) is caught.
 */
export const PRINCIPALS = [
  'no token',
  'malformed token',
  'expired token',
  'foreign-signed token',
  'city_admin',
  'county_hr(own county)',
  'county_hr(other county)',
  'school_admin(own school)',
  'school_admin(other school)',
  'teacher(self)',
  'teacher(other)',
  'scheduler',
] as const;
export type Who = (typeof PRINCIPALS)[number];
export const UNAUTHENTICATED: ReadonlySet<Who> = new Set(['no token', 'malformed token', 'expired token', 'foreign-signed token']);

export type Expected = '2xx' | '401' | '403';

export function expectedFor(allowed: readonly Who[], who: Who): Expected {
  if (UNAUTHENTICATED.has(who)) return '401';
  return allowed.includes(who) ? '2xx' : '403';
}

/** Request headers for each caller. */
export async function principalHeaders(scope: {
  homeCounty: string;
  otherCounty: string;
  school: string;
  otherSchool: string;
  teacher: string;
  otherTeacher: string;
}): Promise<Record<Who, Record<string, string>>> {
  const token = async (claims: Parameters<typeof mintTestToken>[0]) => bearer(await mintTestToken(claims));
  return {
    'no token': {},
    'malformed token': { authorization: 'Bearer not-a.jwt' },
    'expired token': bearer(await mintTestToken({ role: 'city_admin' }, { ttlSeconds: -60 })),
    'foreign-signed token': bearer(await mintTestToken({ role: 'city_admin' }, { secret: 'a-different-secret-of-at-least-thirty-two-characters' })),
    city_admin: await token({ role: 'city_admin' }),
    'county_hr(own county)': await token({ role: 'county_hr', county: scope.homeCounty }),
    'county_hr(other county)': await token({ role: 'county_hr', county: scope.otherCounty }),
    'school_admin(own school)': await token({ role: 'school_admin', county: scope.homeCounty, school: scope.school }),
    'school_admin(other school)': await token({ role: 'school_admin', county: scope.homeCounty, school: scope.otherSchool }),
    'teacher(self)': await token({ role: 'teacher', county: scope.homeCounty, teacher: scope.teacher }),
    'teacher(other)': await token({ role: 'teacher', county: scope.homeCounty, teacher: scope.otherTeacher }),
    scheduler: await token({ role: 'scheduler' }),
  };
}

export interface MatrixEndpoint<W> {
  method: string;
  /** as the route is declared, for the test name */
  route: string;
  path(w: W, who: Who): string;
  body?(w: W, who: Who): Promise<unknown> | unknown;
  /** send the body as this content type, as is (a file upload), instead of JSON */
  contentType?: string;
  allowed: Who[];
}

/**
 * One cell of a matrix: the caller's request, then its answer checked — 2xx with one more audit entry for
 * an allowed write; 401/403 with the code for a refused one, and nothing changed (`state` before and after).
 */
export async function checkCell<W, S>(
  baseUrl: string,
  e: MatrixEndpoint<W>,
  who: Who,
  world: W,
  headers: Record<Who, Record<string, string>>,
  state: () => Promise<S>,
  audits: (s: S) => number,
): Promise<void> {
  const expected = expectedFor(e.allowed, who);
  const write = e.method !== 'GET';
  const body = e.body ? await e.body(world, who) : undefined;
  const before = write ? await state() : undefined;
  const init: RequestInit = { method: e.method, headers: { ...headers[who] } };
  if (body !== undefined) {
    init.body = e.contentType ? String(body) : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = e.contentType ?? 'application/json';
  }
  const r = await http(`${baseUrl}${e.path(world, who)}`, init);
  if (expected === '2xx') {
    expect({ status: r.status >= 200 && r.status < 300 ? '2xx' : r.status, body: r.body }).toEqual({ status: '2xx', body: expect.anything() });
    if (write) expect(audits(await state())).toBe(audits(before!) + 1);
    return;
  }
  const code = expected === '401' ? 'AUTH.UNAUTHENTICATED' : 'AUTH.FORBIDDEN';
  expect({ status: r.status, body: r.body }).toEqual({ status: Number(expected), body: expect.objectContaining({ statusCode: Number(expected), code, message: expect.any(String) }) });
  if (write) expect(await state()).toEqual(before);
}

/** The test names: "METHOD /route as caller → expected", one per endpoint and caller. */
export function matrixCases<W, E extends MatrixEndpoint<W>>(endpoints: readonly E[]) {
  return endpoints.flatMap((e) => PRINCIPALS.map((who) => [`${e.method} ${e.route} as ${who} → ${expectedFor(e.allowed, who)}`, e, who] as const));
}
