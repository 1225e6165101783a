import { randomUUID } from 'node:crypto';
import { startService, type RunningService } from '@app/runtime';
import { bearer, mintTestToken, waitForCaughtUp } from '@app/testing';
import { rotationService } from '../apps/rotation/src/rotation.service';
import { checkCell, matrixCases, principalHeaders, type MatrixEndpoint, type Who } from './support/access-matrix';
import {
  BAD_IDS,
  declaredRoutes,
  encode,
  fuzzProblem,
  inBatches,
  MALFORMED_JSON,
  randomisedRequests,
  Rng,
  sendFuzz,
  show,
  systematicRequests,
  type FuzzRequest,
  type ReadSpec,
  type WriteSpec,
} from './support/fuzz';
import { HOME_COUNTY, OTHER_COUNTY } from './support/staffing-fixture';

/**
 * Rotation's achievable-school hint endpoints (issue #13): the access matrix (every endpoint × 12 kinds of
 * caller: 401 for a missing or bad token, 403 outside one's scope, refused writes change nothing, an allowed
 * trigger writes one audit entry), and a seeded fuzz of the same endpoints (no 5xx, no 2xx, a JSON message,
 * nothing written). The teachers live in rotation's read model of the home county (Taishan), written
 * straight into it; the cycle is opened through the API in a school year no other test uses.
 */
const YEAR = 2041;
const WRITERS: Who[] = ['city_admin', 'county_hr(own county)'];
const OPERATORS: Who[] = [...WRITERS, 'scheduler'];
const SELF: Who[] = ['teacher(self)', 'teacher(other)'];

interface World {
  cycleId: string;
  teacher: string;
  otherTeacher: string;
  school: string;
  otherSchool: string;
}

let svc: RunningService;
const q = (sql: string, params: unknown[] = []) => svc.dataSource.query(sql, params);
/** what the hint endpoints may write: runs and audit entries (a queued run's status changes later, its count does not) */
const state = async () => (await q(`SELECT (SELECT count(*) FROM rotation.hint_runs)::int AS runs, (SELECT count(*) FROM rotation.audit_log)::int AS audits, (SELECT count(*) FROM rotation.hints)::int AS hints`))[0] as { runs: number; audits: number; hints: number };

const ENDPOINTS: MatrixEndpoint<World>[] = [
  { method: 'GET', route: '/cycles/:id/me/hints', path: (w) => `/cycles/${w.cycleId}/me/hints`, allowed: SELF },
  { method: 'GET', route: '/cycles/:id/teachers/:teacherId/hints', path: (w) => `/cycles/${w.cycleId}/teachers/${w.teacher}/hints`, allowed: WRITERS },
  { method: 'GET', route: '/cycles/:id/hints/runs', path: (w) => `/cycles/${w.cycleId}/hints/runs`, allowed: OPERATORS },
  { method: 'POST', route: '/cycles/:id/hints/runs', path: (w) => `/cycles/${w.cycleId}/hints/runs`, body: () => ({}), allowed: OPERATORS },
];

const world = {} as World;
let headers: Record<Who, Record<string, string>>;

beforeAll(async () => {
  svc = await startService(rotationService, { ...process.env, ROTATION_HTTP_PORT: '0' });
  Object.assign(world, { teacher: randomUUID(), otherTeacher: randomUUID(), school: randomUUID(), otherSchool: randomUUID() });
  for (const id of [world.teacher, world.otherTeacher]) {
    await q(`INSERT INTO rotation.teachers (teacher_id, county_code, name, birth_date, gender, subjects, backbone_level, category) VALUES ($1, $2, '矩阵教师', '1990-01-01', 'female', '{chinese}', 'none', 'teacher')`, [id, HOME_COUNTY]);
  }
  headers = await principalHeaders({ homeCounty: HOME_COUNTY, otherCounty: OTHER_COUNTY, school: world.school, otherSchool: world.otherSchool, teacher: world.teacher, otherTeacher: world.otherTeacher });
  const hr = headers['county_hr(own county)'];
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${svc.url}${path}`, { method: 'POST', headers: { ...hr, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = await r.json();
    if (r.status >= 300) throw new Error(`fixture: POST ${path} answered ${r.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const [existing] = await q(`SELECT id, state, version FROM rotation.cycles WHERE county_code = $1 AND school_year = $2`, [HOME_COUNTY, YEAR]);
  const cycle = existing ?? (await post('/cycles', { countyCode: HOME_COUNTY, schoolYear: YEAR }));
  if (cycle.state === 'draft') await post(`/cycles/${cycle.id}/transitions`, { to: 'collecting', version: cycle.version, preferenceDeadline: `${YEAR}-05-31` });
  world.cycleId = cycle.id;
  // the trigger refuses while the read model is behind: let it take in what the shared broker holds first
  await waitForCaughtUp(svc.url);
});

afterAll(async () => {
  await svc?.stop();
});

describe('rotation hints access matrix: every hint endpoint × role × scope', () => {
  it('covers every hint route the service declares', async () => {
    const declared = (await declaredRoutes(svc.url)).filter((r) => r.includes('hints'));
    expect([...new Set(ENDPOINTS.map((e) => `${e.method} ${e.route}`))].sort()).toEqual(declared);
  });

  it.each(matrixCases(ENDPOINTS))('%s', async (_name, e, who) => {
    await checkCell(svc.url, e, who, world, headers, state, (s) => s.audits);
  });

  it("gives each teacher their own view, never the other's", async () => {
    for (const [who, id] of [['teacher(self)', world.teacher], ['teacher(other)', world.otherTeacher]] as const) {
      const r = await fetch(`${svc.url}/cycles/${world.cycleId}/me/hints`, { headers: headers[who] });
      expect(await r.json()).toMatchObject({ teacherId: id, cycleId: world.cycleId });
    }
  });
});

// ---- seeded fuzz

const SEED = 0x5eed_2013;

const READS: ReadSpec<World>[] = [
  {
    route: '/cycles/:id/me/hints',
    path: (w) => `/cycles/${w.cycleId}/me/hints`,
    unknownPath: (_w, id) => `/cycles/${id}/me/hints`,
    query: { lang: ['zh', 'en', ''], teacherId: ['x', '1'] },
    badPaths: () => BAD_IDS.map((id) => `/cycles/${id}/me/hints`),
    as: 'teacher',
  },
  {
    route: '/cycles/:id/teachers/:teacherId/hints',
    path: (w) => `/cycles/${w.cycleId}/teachers/${w.teacher}/hints`,
    unknownPath: (w, id) => `/cycles/${w.cycleId}/teachers/${id}/hints`,
    query: { level: ['likely', ''], limit: ['1', '-1'] },
    badPaths: (w) => [...BAD_IDS.map((id) => `/cycles/${id}/teachers/${w.teacher}/hints`), ...BAD_IDS.map((id) => `/cycles/${w.cycleId}/teachers/${id}/hints`)],
  },
  {
    route: '/cycles/:id/hints/runs',
    path: (w) => `/cycles/${w.cycleId}/hints/runs`,
    unknownPath: (_w, id) => `/cycles/${id}/hints/runs`,
    query: { status: ['done', 'nope', ''], limit: ['0', '100000', 'abc'] },
    badPaths: () => BAD_IDS.map((id) => `/cycles/${id}/hints/runs`),
  },
];

/**
 * For the randomised part only: the trigger's body must be empty, so every field is one too many (the
 * systematic part would send it without a body, which is the real command: see triggerRequests).
 */
const TRIGGER_FIELDS: WriteSpec<World> = {
  method: 'POST',
  route: '/cycles/:id/hints/runs',
  path: (w) => `/cycles/${w.cycleId}/hints/runs`,
  base: () => ({}),
  fields: { force: [true, 1, 'yes'], runId: ['x', 42, null], cycleId: ['', [], {}], scenarios: [8, -1, 'NaN'], trigger: ['nightly', 'manual', ''] },
  required: [],
};

/**
 * The trigger takes an empty body: a valid path with no body (or `{}`) is a real command, so it is fuzzed by
 * hand — bodies with anything in them, malformed JSON, other content types, bad and unknown cycle ids.
 */
function triggerRequests(w: World, rng: Rng): FuzzRequest[] {
  const at = (id: string) => `/cycles/${id}/hints/runs`;
  const out: FuzzRequest[] = [];
  for (const body of [{ runId: randomUUID() }, { cycleId: w.cycleId }, { force: true }, { teacherId: w.teacher }, { scenarios: 100 }, { trigger: 'nightly' }, { x: null }]) {
    out.push({ label: `POST runs body ${JSON.stringify(body)}`, method: 'POST', path: at(w.cycleId), body: encode(body), status: 400 });
  }
  for (const text of ['[]', '1', '"text"', 'true', '[{}]', '0']) out.push({ label: `POST runs body ${text}`, method: 'POST', path: at(w.cycleId), body: text, status: 400 });
  for (const text of MALFORMED_JSON) out.push({ label: `POST runs malformed JSON ${show(text)}`, method: 'POST', path: at(w.cycleId), body: text, status: 400 });
  for (const id of BAD_IDS) out.push({ label: `POST runs cycle ${show(id)}`, method: 'POST', path: at(id), body: '{}' });
  for (let i = 0; i < 3; i++) out.push({ label: `POST runs unknown cycle`, method: 'POST', path: at(rng.uuid()), body: '{}', status: 404 });
  out.push(
    { label: 'POST runs in text/plain', method: 'POST', path: at(w.cycleId), body: '{}', contentType: 'text/plain' },
    { label: 'POST runs as xml', method: 'POST', path: at(w.cycleId), body: '<run/>', contentType: 'application/xml' },
    { label: 'POST runs form-urlencoded', method: 'POST', path: at(w.cycleId), body: 'force=true', contentType: 'application/x-www-form-urlencoded' },
    { label: 'POST runs __proto__', method: 'POST', path: at(w.cycleId), body: '{"__proto__":{"isAdmin":true}}', status: 400 },
    { label: 'POST runs deeply nested', method: 'POST', path: at(w.cycleId), body: '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) },
    { label: 'POST runs over the size limit', method: 'POST', path: at(w.cycleId), body: `{"x":"${'y'.repeat(21 * 1024 * 1024)}"}` },
  );
  return out;
}

describe('rotation hints input validation fuzz', () => {
  it('fuzzes every hint route the service declares', async () => {
    const fuzzed = [...READS.map((r) => `GET ${r.route}`), 'POST /cycles/:id/hints/runs'].sort();
    expect(fuzzed).toEqual((await declaredRoutes(svc.url)).filter((r) => r.includes('hints')));
  });

  it('answers 300+ malformed requests with a 4xx JSON message, and writes nothing', async () => {
    const rng = new Rng(SEED);
    const requests = [...triggerRequests(world, rng), ...systematicRequests(world, rng, [], READS), ...randomisedRequests(world, rng, [TRIGGER_FIELDS], READS, 200)];
    expect(requests.length).toBeGreaterThanOrEqual(300);
    const admin = bearer(await mintTestToken({ role: 'city_admin' }));
    const before = await state();
    const results = await inBatches(requests, 6, (req) => sendFuzz(svc.url, req.as === 'teacher' ? headers['teacher(self)'] : admin, req));
    const problems = requests.map((req, i) => fuzzProblem(req, results[i])).filter((p): p is string => p !== null);
    // eslint-disable-next-line no-console
    console.log(`rotation hints fuzz: ${requests.length} requests; ${results.filter((r) => r.status >= 500).length} 5xx, ${results.filter((r) => r.status < 300).length} 2xx, ${problems.length} problems`);
    expect({ problems, database: await state() }).toEqual({ problems: [], database: before });
  }, 180000);
});
