import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, Rng } from '@app/testing';
import { staffingService } from '../apps/staffing/src/staffing.service';
import { trainingService } from '../apps/training/src/training.service';
import { ensureCounties, HOME_COUNTY, OTHER_COUNTY, shanghaiToday, StaffingApi, suffix } from './support/staffing-fixture';
import { buildTrainingWorld, TrainingApi, type TrainingWorld } from './support/training-fixture';

/**
 * Training's access matrix (every endpoint × 12 kinds of caller: 401 for a missing or bad token, 403
 * outside one's scope, refused writes change nothing) and a seeded fuzz of every endpoint (no 5xx, no
 * 2xx, a JSON message, nothing written), as staffing has.
 */
const PRINCIPALS = [
  'no token', 'malformed token', 'expired token', 'foreign-signed token', 'city_admin', 'county_hr(own county)', 'county_hr(other county)',
  'school_admin(own school)', 'school_admin(other school)', 'teacher(self)', 'teacher(other)', 'scheduler',
] as const;
type Who = (typeof PRINCIPALS)[number];
const UNAUTHENTICATED: ReadonlySet<Who> = new Set(['no token', 'malformed token', 'expired token', 'foreign-signed token']);
const WRITERS: Who[] = ['city_admin', 'county_hr(own county)'];
const COUNTY_READERS: Who[] = [...WRITERS, 'scheduler'];
const SCHOOL_READERS: Who[] = [...COUNTY_READERS, 'school_admin(own school)'];
const TEACHER_READERS: Who[] = [...SCHOOL_READERS, 'teacher(self)'];
const SELF: Who[] = ['teacher(self)', 'teacher(other)'];

interface World extends TrainingWorld {
  tag: string;
  activity: any;
  /** per principal allowed to confirm: a visit of its own */
  visits: Partial<Record<Who, string>>;
  victimVisit: string;
}

interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  route: string;
  path(w: World, who: Who): string;
  body?(w: World, who: Who): Promise<unknown> | unknown;
  contentType?: string;
  allowed: Who[];
}

let staffing: RunningService;
let training: RunningService;
const q = (sql: string, params: unknown[] = []) => training.dataSource.query(sql, params);
const TABLES = ['activities', 'attendance', 'credit_entries', 'compliance_results', 'evaluations', 'stages', 'stage_history', 'awards', 'audit_log'];
const snapshot = async () => {
  const out: Record<string, string> = {};
  for (const t of TABLES) out[t] = (await q(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS d FROM training.${t} x`))[0].d;
  return out;
};
const stageVersion = async (id: string) => ((await q(`SELECT version FROM training.stages WHERE teacher_id = $1`, [id]))[0]?.version as number | undefined) ?? 0;

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', route: '/rules/:rule/schools', path: () => `/rules/R7/schools?countyCode=${HOME_COUNTY}`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/activities', path: () => `/activities?countyCode=${HOME_COUNTY}`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/activities/:id', path: (w) => `/activities/${w.activity.id}`, allowed: SCHOOL_READERS },
  { method: 'GET', route: '/activities/:id/attendance', path: (w) => `/activities/${w.activity.id}/attendance`, allowed: SCHOOL_READERS },
  { method: 'GET', route: '/compliance/summary', path: () => `/compliance/summary?countyCode=${HOME_COUNTY}`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/compliance/results', path: () => `/compliance/results?countyCode=${HOME_COUNTY}`, allowed: [...SCHOOL_READERS, 'school_admin(other school)'] },
  { method: 'GET', route: '/at-risk', path: () => `/at-risk?countyCode=${HOME_COUNTY}`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/researchers', path: () => `/researchers?countyCode=${HOME_COUNTY}`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/counties/:countyCode/compliance.xlsx', path: () => `/counties/${HOME_COUNTY}/compliance.xlsx`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/stages/ready', path: () => `/stages/ready?countyCode=${HOME_COUNTY}`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/audit', path: () => `/audit?countyCode=${HOME_COUNTY}`, allowed: WRITERS },
  { method: 'GET', route: '/me', path: () => '/me', allowed: SELF },
  { method: 'GET', route: '/me/transcript.pdf', path: () => '/me/transcript.pdf', allowed: SELF },
  { method: 'GET', route: '/teachers/:id/record', path: (w) => `/teachers/${w.teacher.id}/record`, allowed: TEACHER_READERS },
  { method: 'GET', route: '/teachers/:id/transcript.pdf', path: (w) => `/teachers/${w.teacher.id}/transcript.pdf`, allowed: TEACHER_READERS },
  { method: 'POST', route: '/activities', path: () => '/activities', body: (w, who) => ({ countyCode: HOME_COUNTY, code: `${w.tag}-N${PRINCIPALS.indexOf(who)}`, title: '矩阵', kind: 'continuing_education', startDate: '2026-11-01', endDate: '2026-11-01', periods: 2 }), allowed: WRITERS },
  { method: 'PATCH', route: '/activities/:id', path: (w) => `/activities/${w.activity.id}`, body: async (w, who) => ({ version: (await q(`SELECT version FROM training.activities WHERE id = $1`, [w.activity.id]))[0].version, title: `矩阵 ${PRINCIPALS.indexOf(who)}` }), allowed: WRITERS },
  { method: 'POST', route: '/activities/:id/confirmation', path: (w, who) => `/activities/${w.visits[who] ?? w.victimVisit}/confirmation`, allowed: ['city_admin', 'school_admin(own school)'] },
  { method: 'POST', route: '/imports/:kind', path: () => `/imports/activities?countyCode=${HOME_COUNTY}`, contentType: 'text/csv', body: (w, who) => `code,title,kind,startDate,periods\n${w.tag}-I${PRINCIPALS.indexOf(who)},导入,continuing_education,2026-11-02,3\n`, allowed: WRITERS },
  { method: 'POST', route: '/evaluations', path: () => '/evaluations', body: () => ({ countyCode: HOME_COUNTY, schoolYear: 2025, term: 'spring', asOf: '2026-07-10' }), allowed: WRITERS },
  {
    method: 'PUT',
    route: '/teachers/:id/stage',
    path: (w) => `/teachers/${w.teacher.id}/stage`,
    body: async (w) => {
      const version = await stageVersion(w.teacher.id);
      return { category: 'teacher', stage: version % 2 === 0 ? 'new' : 'competent', since: '2026-09-01', evidence: '访问矩阵', version };
    },
    allowed: WRITERS,
  },
  { method: 'POST', route: '/teachers/:id/awards', path: (w) => `/teachers/${w.teacher.id}/awards`, body: () => ({ title: '优秀教师', level: 'county', awardedOn: '2026-06-01' }), allowed: WRITERS },
];

const expectedFor = (e: Endpoint, who: Who) => (UNAUTHENTICATED.has(who) ? '401' : e.allowed.includes(who) ? '2xx' : '403');
const CASES = ENDPOINTS.flatMap((e) => PRINCIPALS.map((who) => [`${e.method} ${e.route} as ${who} → ${expectedFor(e, who)}`, e, who] as const));
const world = {} as World;
const headers = {} as Record<Who, Record<string, string>>;

beforeAll(async () => {
  staffing = await startService(staffingService, { ...process.env, STAFFING_HTTP_PORT: '0' });
  training = await startService(trainingService, { ...process.env, TRAINING_HTTP_PORT: '0' });
  await ensureCounties(staffing.dataSource);
  const admin = bearer(await mintTestToken({ role: 'city_admin' }));
  world.tag = `TX${suffix()}`;
  Object.assign(world, await buildTrainingWorld(new StaffingApi(staffing.url, admin), training.dataSource, HOME_COUNTY, world.tag, shanghaiToday()));
  const api = new TrainingApi(training.url, admin);
  world.activity = await api.activity(HOME_COUNTY, `${world.tag}-A`, { target: { type: 'schools', schoolIds: [world.school.id] } });
  await api.upload('attendance', HOME_COUNTY, `activityCode,staffNo,status\n${world.tag}-A,${world.tag}-T1,attended\n`);
  const visit = async (n: number) => (await api.activity(HOME_COUNTY, `${world.tag}-V${n}`, { kind: 'guidance_visit', fullDays: 0, researcherId: world.researcher.id, schoolId: world.school.id })).id;
  world.visits = { city_admin: await visit(1), 'school_admin(own school)': await visit(2) };
  world.victimVisit = await visit(3);
  const token = async (claims: Parameters<typeof mintTestToken>[0]) => bearer(await mintTestToken(claims));
  Object.assign(headers, {
    'no token': {},
    'malformed token': { authorization: 'Bearer not-a.jwt' },
    'expired token': bearer(await mintTestToken({ role: 'city_admin' }, { ttlSeconds: -60 })),
    'foreign-signed token': bearer(await mintTestToken({ role: 'city_admin' }, { secret: 'a-different-secret-of-at-least-thirty-two-characters' })),
    city_admin: admin,
    'county_hr(own county)': await token({ role: 'county_hr', county: HOME_COUNTY }),
    'county_hr(other county)': await token({ role: 'county_hr', county: OTHER_COUNTY }),
    'school_admin(own school)': await token({ role: 'school_admin', county: HOME_COUNTY, school: world.school.id }),
    'school_admin(other school)': await token({ role: 'school_admin', county: HOME_COUNTY, school: world.other.id }),
    'teacher(self)': await token({ role: 'teacher', county: HOME_COUNTY, teacher: world.teacher.id }),
    'teacher(other)': await token({ role: 'teacher', county: HOME_COUNTY, teacher: world.teacher2.id }),
    scheduler: await token({ role: 'scheduler' }),
  } satisfies Record<Who, Record<string, string>>);
});

afterAll(async () => {
  await training?.stop();
  await staffing?.stop();
});

const declaredRoutes = async () => {
  const docs = await http(`${training.url}/docs-json`);
  return Object.entries(docs.body.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
    .filter((r) => !/ \/(health|metrics)$/.test(r))
    .sort();
};

describe('training access matrix: every endpoint × role × scope', () => {
  it('covers every HTTP route the service declares', async () => {
    expect([...new Set(ENDPOINTS.map((e) => `${e.method} ${e.route}`))].sort()).toEqual(await declaredRoutes());
  });

  it.each(CASES)('%s', async (_name, e, who) => {
    const expected = expectedFor(e, who);
    const write = e.method !== 'GET';
    const body = e.body ? await e.body(world, who) : undefined;
    const before = write ? await snapshot() : undefined;
    const auditBefore = (await q(`SELECT count(*)::int AS n FROM training.audit_log`))[0].n;
    const init: RequestInit = { method: e.method, headers: { ...headers[who] } };
    if (body !== undefined) {
      init.body = e.contentType ? String(body) : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = e.contentType ?? 'application/json';
    }
    const r = await http(`${training.url}${e.path(world, who)}`, init);
    if (expected === '2xx') {
      expect({ status: r.status >= 200 && r.status < 300 ? '2xx' : r.status, body: r.status >= 300 ? r.body : 'ok' }).toEqual({ status: '2xx', body: 'ok' });
      if (write) expect((await q(`SELECT count(*)::int AS n FROM training.audit_log`))[0].n).toBe(auditBefore + 1);
      return;
    }
    const code = expected === '401' ? 'AUTH.UNAUTHENTICATED' : 'AUTH.FORBIDDEN';
    expect({ status: r.status, body: r.body }).toEqual({ status: Number(expected), body: expect.objectContaining({ code, message: expect.any(String) }) });
    if (write) expect(await snapshot()).toEqual(before);
  });
});

// ---- seeded fuzz

const HUGE = 'x'.repeat(100_000);
const BAD_UUID = ['not-a-uuid', '', 42, true, [], {}, HUGE];
const BAD_DATE = ['2026-02-30', '2026-13-01', '', '20261129', 'yesterday', 20261129, [], HUGE, '0000-01-01'];
const BAD_TEXT = ['', '   ', HUGE, 12, ['a'], {}, 'a\u0000b'];
const BAD_ENUM = ['nope', '', 7, [], 'TEACHER', HUGE];
const BAD_INT = [-1, 1.5, '2', null, 1e9, {}];
const BAD_COUNTY = ['Taishan', '', 1, '台山', HUGE];

interface WriteSpec {
  method: 'POST' | 'PUT' | 'PATCH';
  route: string;
  path(w: World): string;
  base(w: World, n: number): Record<string, unknown>;
  fields: Record<string, unknown[]>;
}
const WRITES: WriteSpec[] = [
  {
    method: 'POST', route: '/activities', path: () => '/activities',
    base: (w, n) => ({ countyCode: HOME_COUNTY, code: `${w.tag}-F${n}`, title: '模糊', kind: 'continuing_education', startDate: '2026-11-01', endDate: '2026-11-01', periods: 2 }),
    fields: { countyCode: BAD_COUNTY, code: BAD_TEXT, title: BAD_TEXT, kind: BAD_ENUM, organiser: BAD_ENUM, category: BAD_ENUM, startDate: BAD_DATE, endDate: [...BAD_DATE, '2026-10-31'], fullDays: BAD_INT, periods: [...BAD_INT, 0], target: [1, 'x', { type: 'nope' }, { type: 'schools', schoolIds: ['x'] }], researcherId: BAD_UUID, schoolId: BAD_UUID },
  },
  {
    method: 'PATCH', route: '/activities/:id', path: (w) => `/activities/${w.activity.id}`,
    base: () => ({ version: 999999, title: '模糊' }),
    fields: { version: [0, -1, 1.5, '1', null], title: BAD_TEXT, startDate: BAD_DATE, category: BAD_ENUM, periods: BAD_INT },
  },
  {
    method: 'POST', route: '/evaluations', path: () => '/evaluations',
    base: () => ({ countyCode: HOME_COUNTY, schoolYear: 2025, term: 'spring', asOf: '2026-07-10' }),
    fields: { countyCode: BAD_COUNTY, schoolYear: [1999, 2101, '2025', null, 2025.5], term: BAD_ENUM, asOf: BAD_DATE },
  },
  {
    method: 'PUT', route: '/teachers/:id/stage', path: (w) => `/teachers/${w.teacher2.id}/stage`,
    base: () => ({ category: 'teacher', stage: 'new', since: '2026-09-01', evidence: '模糊', version: 999 }),
    fields: { category: BAD_ENUM, stage: BAD_ENUM, since: [...BAD_DATE, '2099-01-01'], evidence: BAD_TEXT, version: [-1, 1.5, '0', null] },
  },
  {
    method: 'POST', route: '/teachers/:id/awards', path: (w) => `/teachers/${w.teacher2.id}/awards`,
    base: () => ({ title: '模糊', level: 'county', awardedOn: '2026-06-01' }),
    fields: { title: BAD_TEXT, level: BAD_ENUM, awardedOn: BAD_DATE },
  },
];
const READS: { route: string; path(w: World): string; query: Record<string, string[]>; as?: 'teacher' }[] = [
  { route: '/rules/:rule/schools', path: () => '/rules/R7/schools', query: { countyCode: ['X', '1', ''] } },
  { route: '/activities', path: () => '/activities', query: { countyCode: ['X'], kind: ['nope'], from: ['2026-02-30'], to: ['x'], researcherId: ['x'], limit: ['0', '501', 'x'], offset: ['-1'] } },
  { route: '/activities/:id', path: (w) => `/activities/${w.activity.id}`, query: { x: ['1'] } },
  { route: '/activities/:id/attendance', path: (w) => `/activities/${w.activity.id}/attendance`, query: { limit: ['0', '501'], offset: ['x'] } },
  { route: '/compliance/summary', path: () => '/compliance/summary', query: { countyCode: ['X'], period: ['2026-summer', 'x'], groupBy: ['town'] } },
  { route: '/compliance/results', path: () => '/compliance/results', query: { rule: ['R9'], status: ['ok'], schoolId: ['x'], period: ['26'] } },
  { route: '/at-risk', path: () => `/at-risk?countyCode=${HOME_COUNTY}`, query: { asOf: ['2026-02-30'], notice: ['third'] } },
  { route: '/researchers', path: () => `/researchers?countyCode=${HOME_COUNTY}`, query: { asOf: ['bad', '2026-13-01'] } },
  { route: '/counties/:countyCode/compliance.xlsx', path: () => `/counties/${HOME_COUNTY}/compliance.xlsx`, query: { period: ['x'], asOf: ['x'] } },
  { route: '/stages/ready', path: () => `/stages/ready?countyCode=${HOME_COUNTY}`, query: { asOf: ['x'] } },
  { route: '/audit', path: () => '/audit', query: { countyCode: ['X'], limit: ['0'] } },
  { route: '/me', path: () => '/me', query: { asOf: ['x', '2026-02-30'] }, as: 'teacher' },
  { route: '/me/transcript.pdf', path: () => '/me/transcript.pdf', query: { asOf: ['x'] }, as: 'teacher' },
  { route: '/teachers/:id/record', path: (w) => `/teachers/${w.teacher.id}/record`, query: { asOf: ['x'] } },
  { route: '/teachers/:id/transcript.pdf', path: (w) => `/teachers/${w.teacher.id}/transcript.pdf`, query: { asOf: ['x'] } },
];

describe('training input validation fuzz', () => {
  it('answers malformed requests to every endpoint with a 4xx JSON message, and writes nothing', async () => {
    const rng = new Rng(0x7a1_2026);
    const admin = headers.city_admin;
    type Req = { label: string; method: string; path: string; body?: string; contentType?: string; as?: 'teacher'; status?: number };
    const reqs: Req[] = [];
    let n = 0;
    const encode = (b: unknown) => JSON.stringify(b);
    for (const s of WRITES) {
      for (const [field, values] of Object.entries(s.fields)) for (const v of values) reqs.push({ label: `${s.method} ${s.route} ${field}=${String(v).slice(0, 20)}`, method: s.method, path: s.path(world), body: encode({ ...s.base(world, n++), [field]: v }) });
      reqs.push({ label: `${s.route} unknown field`, method: s.method, path: s.path(world), body: encode({ ...s.base(world, n++), colour: 'red' }) });
      reqs.push({ label: `${s.route} malformed JSON`, method: s.method, path: s.path(world), body: '{"a":', status: 400 });
      reqs.push({ label: `${s.route} array body`, method: s.method, path: s.path(world), body: '[]' });
      if (s.route.includes(':id')) {
        reqs.push({ label: `${s.route} unknown id`, method: s.method, path: s.path(world).replace(/[0-9a-f-]{36}/, rng.uuid()), body: encode(s.base(world, n++)), status: 404 });
        reqs.push({ label: `${s.route} bad id`, method: s.method, path: s.path(world).replace(/[0-9a-f-]{36}/, 'not-a-uuid'), body: encode(s.base(world, n++)) });
      }
    }
    for (const s of WRITES.filter((x) => 'countyCode' in x.base(world, 0))) {
      reqs.push({ label: `${s.route} unknown county`, method: s.method, path: s.path(world), body: encode({ ...s.base(world, n++), countyCode: 'nowhere' }), status: 404 });
    }
    for (const r of READS) {
      for (const [key, values] of Object.entries(r.query)) for (const v of values) reqs.push({ label: `GET ${r.route}?${key}=${v}`, method: 'GET', path: `${r.path(world)}${r.path(world).includes('?') ? '&' : '?'}${key}=${v}`, as: r.as });
      reqs.push({ label: `GET ${r.route}?foo=bar`, method: 'GET', path: `${r.path(world)}${r.path(world).includes('?') ? '&' : '?'}foo=bar`, as: r.as });
    }
    for (const kind of ['activities', 'attendance', 'nope']) {
      reqs.push({ label: `import ${kind} not a sheet`, method: 'POST', path: `/imports/${kind}?countyCode=${HOME_COUNTY}`, body: 'a,b\n1,2\n', contentType: 'text/csv' });
      reqs.push({ label: `import ${kind} as json`, method: 'POST', path: `/imports/${kind}?countyCode=${HOME_COUNTY}`, body: '{}' });
      reqs.push({ label: `import ${kind} bad county`, method: 'POST', path: `/imports/${kind}?countyCode=X`, body: 'code\n1\n', contentType: 'text/csv' });
    }
    reqs.push({ label: 'confirmation bad id', method: 'POST', path: '/activities/not-a-uuid/confirmation' });
    reqs.push({ label: 'confirmation unknown id', method: 'POST', path: `/activities/${rng.uuid()}/confirmation`, status: 404 });
    reqs.push({ label: 'confirmation with a body', method: 'POST', path: `/activities/${world.victimVisit}/confirmation`, body: '{"x":1}' });
    // random: two or three bad fields at once
    for (let i = 0; i < 150; i++) {
      const s = rng.pick(WRITES);
      const b = s.base(world, 50_000 + i);
      for (let k = 2 + rng.int(2); k > 0; k--) {
        const f = rng.pick(Object.keys(s.fields));
        b[f] = rng.pick(s.fields[f]);
      }
      b.junk = rng.junk(10);
      reqs.push({ label: `random#${i} ${s.route}`, method: s.method, path: s.path(world), body: encode(b) });
    }
    expect(reqs.length).toBeGreaterThanOrEqual(300);
    const before = await snapshot();
    const teacher = bearer(await mintTestToken({ role: 'teacher', county: HOME_COUNTY, teacher: world.teacher.id }));
    const problems: string[] = [];
    for (const r of reqs) {
      const h: Record<string, string> = { ...(r.as === 'teacher' ? teacher : admin) };
      if (r.body !== undefined) h['content-type'] = r.contentType ?? 'application/json';
      const res = await http(`${training.url}${r.path}`, { method: r.method, headers: h, body: r.body });
      const statusOk = r.status !== undefined ? res.status === r.status : res.status >= 400 && res.status < 500;
      if (!statusOk || typeof res.body?.message !== 'string') problems.push(`${r.label} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`);
    }
    const routes = new Set(reqs.map((r) => `${r.method} ${r.path.split('?')[0].replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/not-a-uuid/g, ':id')}`));
    expect(routes.size).toBeGreaterThanOrEqual(ENDPOINTS.length - 2);
    expect({ problems, database: await snapshot() }).toEqual({ problems: [], database: before });
  });
});
