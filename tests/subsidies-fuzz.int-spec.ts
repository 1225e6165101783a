import { randomUUID } from 'node:crypto';
import { startService, type RunningService } from '@app/runtime';
import { bearer, mintTestToken, postJson } from '@app/testing';
import { EXAMPLE_SCHEME_RULES } from '../apps/subsidies/src/scheme/domain/scheme';
import { subsidiesService } from '../apps/subsidies/src/subsidies.service';
import {
  BAD_COUNTY,
  BAD_DATE,
  BAD_IDS,
  BAD_TEXT,
  BAD_VERSION,
  declaredRoutes,
  encode,
  fuzzProblem,
  inBatches,
  MALFORMED_JSON,
  orNull,
  PAGE,
  randomisedRequests,
  Rng,
  sendFuzz,
  show,
  systematicRequests,
  type Bad,
  type FuzzRequest,
  type ReadSpec,
  type WriteSpec,
} from './support/fuzz';
import { suffix } from './support/staffing-fixture';
import { exampleSchemeBody, seedReadModel, subsidiesState } from './support/subsidies-fixture';

/**
 * Every subsidies endpoint validates its body, params and query; unknown ids → 404; malformed JSON → 400;
 * no input gives a 500, a 2xx, or a write. A seeded fuzz of 1,000+ malformed requests as the city
 * administrator (who passes every scope check, so validation is all that stands between the input and the
 * ledger), with staffing's fuzz machinery.
 */
const SEED = 0x5eed_2011;
const COUNTY = 'jianghai';
const MONTH = '2018-05';

interface World {
  tag: string;
  schoolId: string;
  teacherId: string;
  batch: { id: string; version: number };
  scheme: number;
}

const BAD_MONTH: Bad[] = ['2026-13', '2026-1', 'abc', '1899-01', '2026-00', '', '2026-11-01', 202611, null, [], 'x'.repeat(90)];
const BAD_MONTH_PATHS = ['2026-13', '2026-1', 'abc', '1899-01', '2026-00', '%00', '2026-11-01', 'x'.repeat(90), '2026-11%20'];
const BAD_COUNTY_PATHS = ['Taishan', '123', 'tai_shan', '%00', 'x'.repeat(90), 'tai%20shan', 'nowhere'];
const BAD_RULES: Bad[] = [
  null,
  {},
  'rules',
  [],
  { ...EXAMPLE_SCHEME_RULES, bandYears: [5, 10] },
  { ...EXAMPLE_SCHEME_RULES, bandYears: [0, 10, 5] },
  { ...EXAMPLE_SCHEME_RULES, eligibleTiers: [4] },
  { ...EXAMPLE_SCHEME_RULES, eligibleTiers: [1, 1, 2] },
  { ...EXAMPLE_SCHEME_RULES, amountsFen: { '1': [1], '2': [1, 2, 3], '3': [1, 2, 3] } },
  { ...EXAMPLE_SCHEME_RULES, amountsFen: { ...EXAMPLE_SCHEME_RULES.amountsFen, '1': [-1, 0, 0] } },
  { ...EXAMPLE_SCHEME_RULES, amountsFen: { ...EXAMPLE_SCHEME_RULES.amountsFen, '1': [0.5, 1, 2] } },
  { ...EXAMPLE_SCHEME_RULES, eligibleTiers: [1], amountsFen: EXAMPLE_SCHEME_RULES.amountsFen },
  { ...EXAMPLE_SCHEME_RULES, partTime: { mode: 'threshold' } },
  { ...EXAMPLE_SCHEME_RULES, partTime: { mode: 'threshold', minShare: 0 } },
  { ...EXAMPLE_SCHEME_RULES, partTime: { mode: 'everything' } },
  { ...EXAMPLE_SCHEME_RULES, paidLeaveDays: -1 },
  { ...EXAMPLE_SCHEME_RULES, serviceYearDays: 1 },
  { ...EXAMPLE_SCHEME_RULES, eligibleSchoolTypes: ['castle'] },
  { ...EXAMPLE_SCHEME_RULES, paidEstablishmentTypes: ['tenured'] },
  { ...EXAMPLE_SCHEME_RULES, stoppingAbsences: ['holiday'] },
  { ...EXAMPLE_SCHEME_RULES, colour: 'red' },
];

const step = (name: 'publish' | 'approve' | 'export' | 'withdraw'): WriteSpec<World> => ({
  method: 'POST',
  route: `/batches/:id/${name}`,
  path: (w) => `/batches/${w.batch.id}/${name}`,
  unknownPath: (_w, id) => `/batches/${id}/${name}`,
  base: (w) => ({ version: w.batch.version }),
  fields: { version: orNull(BAD_VERSION), note: ['x'], status: ['paid'] },
  required: ['version'],
  badPaths: () => BAD_IDS.map((id) => `/batches/${id}/${name}`),
});

const WRITES: WriteSpec<World>[] = [
  {
    method: 'POST',
    route: '/counties/:countyCode/scheme/versions',
    path: () => `/counties/${COUNTY}/scheme/versions`,
    base: (w) => exampleSchemeBody(w.scheme, '2031-01-01'),
    fields: {
      basedOnVersion: [-1, 1.5, '1', null, 2147483648, [], true],
      effectiveFrom: orNull(BAD_DATE),
      source: orNull(BAD_TEXT).concat(['x'.repeat(1001)]),
      rules: BAD_RULES,
      version: [1],
    },
    required: ['basedOnVersion', 'effectiveFrom', 'source', 'rules'],
    badPaths: () => BAD_COUNTY_PATHS.map((c) => `/counties/${c}/scheme/versions`),
  },
  {
    method: 'POST',
    route: '/batches',
    path: () => '/batches',
    base: () => ({ countyCode: COUNTY, period: '2018-06', note: null }),
    fields: { countyCode: orNull(BAD_COUNTY), period: BAD_MONTH, note: BAD_TEXT.concat(['x'.repeat(501)]), status: ['paid'], totalFen: [1] },
    required: ['countyCode', 'period'],
  },
  step('publish'),
  step('approve'),
  step('export'),
  step('withdraw'),
  {
    method: 'POST',
    route: '/batches/:id/paid',
    path: (w) => `/batches/${w.batch.id}/paid`,
    unknownPath: (_w, id) => `/batches/${id}/paid`,
    base: (w) => ({ version: w.batch.version, payrollReference: 'FUZZ-REF' }),
    fields: { version: orNull(BAD_VERSION), payrollReference: orNull(BAD_TEXT).concat(['x'.repeat(101)]), paidAt: ['2026-01-01'] },
    required: ['version', 'payrollReference'],
    badPaths: () => BAD_IDS.map((id) => `/batches/${id}/paid`),
  },
];

const YEARS = ['abc', '1999', '2101', '', '2026.5', '-1', '1e3', 'NaN'];
const READS: ReadSpec<World>[] = [
  {
    route: '/audit',
    path: () => '/audit',
    query: {
      countyCode: ['Taishan', '1', ''],
      entityType: ['nope', 'teacher', ''],
      entityId: ['a'.repeat(65), 'a%00b'],
      actor: ['a'.repeat(201), 'a%00b'],
      from: ['yesterday', '2026-02-30', '0000-01-01', ''],
      to: ['tomorrow', '2026-13-01', ''],
      ...PAGE,
    },
  },
  { route: '/schools/eligible', path: () => '/schools/eligible', query: { countyCode: ['Taishan', '1', '', 'tai%00shan'] } },
  { route: '/counties/:countyCode/scheme', path: () => `/counties/${COUNTY}/scheme`, query: {}, badPaths: () => BAD_COUNTY_PATHS.map((c) => `/counties/${c}/scheme`) },
  { route: '/summary', path: () => '/summary', query: { countyCode: ['Taishan', '1', '', 'nowhere'], from: ['2026-13', 'abc', '', '2026-1', '1899-12'], to: ['2026-00', 'x', '', '2026-1-1'] } },
  {
    route: '/counties/:countyCode/months/:month/teachers',
    path: () => `/counties/${COUNTY}/months/${MONTH}/teachers`,
    query: { ...PAGE },
    badPaths: () => [...BAD_MONTH_PATHS.map((m) => `/counties/${COUNTY}/months/${m}/teachers`), ...BAD_COUNTY_PATHS.map((c) => `/counties/${c}/months/${MONTH}/teachers`)],
  },
  {
    route: '/counties/:countyCode/months/:month/exceptions',
    path: () => `/counties/${COUNTY}/months/${MONTH}/exceptions`,
    query: {},
    badPaths: () => [...BAD_MONTH_PATHS.map((m) => `/counties/${COUNTY}/months/${m}/exceptions`), ...BAD_COUNTY_PATHS.map((c) => `/counties/${c}/months/${MONTH}/exceptions`)],
  },
  { route: '/batches', path: () => '/batches', query: { countyCode: ['Taishan', '1', ''], status: ['nope', 'PAID', ''], ...PAGE } },
  { route: '/batches/:id', path: (w) => `/batches/${w.batch.id}`, unknownPath: (_w, id) => `/batches/${id}`, query: {}, badPaths: () => BAD_IDS.map((id) => `/batches/${id}`) },
  {
    route: '/batches/:id/lines',
    path: (w) => `/batches/${w.batch.id}/lines`,
    unknownPath: (_w, id) => `/batches/${id}/lines`,
    query: { schoolId: ['x', '123', ''], ...PAGE },
    badPaths: () => BAD_IDS.map((id) => `/batches/${id}/lines`),
  },
  {
    route: '/batches/:id/roster.xlsx',
    path: (w) => `/batches/${w.batch.id}/roster.xlsx`,
    unknownPath: (_w, id) => `/batches/${id}/roster.xlsx`,
    query: { schoolId: ['x', '123', ''] },
    badPaths: () => BAD_IDS.map((id) => `/batches/${id}/roster.xlsx`),
  },
  { route: '/batches/:id/payroll.xlsx', path: (w) => `/batches/${w.batch.id}/payroll.xlsx`, unknownPath: (_w, id) => `/batches/${id}/payroll.xlsx`, query: {}, badPaths: () => BAD_IDS.map((id) => `/batches/${id}/payroll.xlsx`) },
  { route: '/batches/:id/payroll.csv', path: (w) => `/batches/${w.batch.id}/payroll.csv`, unknownPath: (_w, id) => `/batches/${id}/payroll.csv`, query: {}, badPaths: () => BAD_IDS.map((id) => `/batches/${id}/payroll.csv`) },
  { route: '/me/subsidies', path: () => '/me/subsidies', query: { year: YEARS }, as: 'teacher' },
  { route: '/me/subsidies/statement.pdf', path: () => '/me/subsidies/statement.pdf', query: { year: YEARS }, as: 'teacher' },
  {
    route: '/teachers/:id/subsidies',
    path: (w) => `/teachers/${w.teacherId}/subsidies`,
    unknownPath: (_w, id) => `/teachers/${id}/subsidies`,
    query: { year: YEARS },
    badPaths: () => BAD_IDS.map((id) => `/teachers/${id}/subsidies`),
  },
  {
    route: '/teachers/:id/subsidies/statement.pdf',
    path: (w) => `/teachers/${w.teacherId}/subsidies/statement.pdf`,
    unknownPath: (_w, id) => `/teachers/${id}/subsidies/statement.pdf`,
    query: { year: YEARS },
    badPaths: () => BAD_IDS.map((id) => `/teachers/${id}/subsidies/statement.pdf`),
  },
];

/**
 * The operators' accrual takes an empty body: a valid path with no body (or `null`) is a real command, so it
 * is fuzzed by hand — bodies with anything in them, malformed JSON, bad paths, an unknown county, a month
 * that has not ended.
 */
function accrualRequests(): FuzzRequest[] {
  const at = (county: string, month: string) => `/counties/${county}/months/${month}/accrual`;
  const out: FuzzRequest[] = [];
  for (const body of [{ x: 1 }, { month: MONTH }, { countyCode: COUNTY }, { dryRun: true }, { __proto__: null, x: 1 }]) {
    out.push({ label: `POST accrual body ${JSON.stringify(body)}`, method: 'POST', path: at(COUNTY, MONTH), body: encode(body as Record<string, unknown>) });
  }
  for (const text of ['[]', '1', '"text"', 'true', '[{}]']) out.push({ label: `POST accrual body ${text}`, method: 'POST', path: at(COUNTY, MONTH), body: text });
  for (const text of MALFORMED_JSON) out.push({ label: `POST accrual malformed JSON ${show(text)}`, method: 'POST', path: at(COUNTY, MONTH), body: text, status: 400 });
  for (const m of BAD_MONTH_PATHS) out.push({ label: `POST accrual month ${show(m)}`, method: 'POST', path: at(COUNTY, m), body: '{}' });
  for (const c of BAD_COUNTY_PATHS) out.push({ label: `POST accrual county ${show(c)}`, method: 'POST', path: at(c, MONTH), body: '{}' });
  out.push({ label: 'POST accrual of a month not over', method: 'POST', path: at(COUNTY, '2099-01'), body: '{}', status: 422 });
  out.push({ label: 'POST accrual in text/plain', method: 'POST', path: at(COUNTY, MONTH), body: '{}', contentType: 'text/plain' });
  return out;
}

describe('subsidies input validation fuzz', () => {
  let svc: RunningService;
  const w = {} as World;
  let admin: Record<string, string>;
  let teacherToken: Record<string, string>;

  beforeAll(async () => {
    svc = await startService(subsidiesService, { ...process.env, SUBSIDIES_HTTP_PORT: '0' });
    admin = bearer(await mintTestToken({ role: 'city_admin' }));
    w.tag = `SZ${suffix()}`;
    w.schoolId = randomUUID();
    w.teacherId = randomUUID();
    await seedReadModel(svc.dataSource, COUNTY, { schoolId: w.schoolId, code: `${w.tag}-S`, name: '模糊测试补助学校', remoteTier: 3 }, [
      { teacherId: w.teacherId, staffNo: `${w.tag}-T`, name: '模糊测试教师', from: '2012-09-01' },
    ]);
    const call = async (path: string, body: unknown) => {
      const r = await postJson(`${svc.url}${path}`, body, admin);
      if (r.status >= 300) throw new Error(`fixture: POST ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body;
    };
    const [{ v }] = await svc.dataSource.query(`SELECT coalesce(max(version), 0)::int AS v FROM subsidies.scheme_versions WHERE county_code = $1`, [COUNTY]);
    w.scheme = v === 0 ? (await call(`/counties/${COUNTY}/scheme/versions`, exampleSchemeBody())).version.version : v;
    await call(`/counties/${COUNTY}/months/${MONTH}/accrual`, {});
    const batch = await call('/batches', { countyCode: COUNTY, period: MONTH });
    w.batch = { id: batch.id, version: batch.version };
    teacherToken = bearer(await mintTestToken({ role: 'teacher', county: COUNTY, teacher: w.teacherId }));
  });

  afterAll(async () => {
    await svc?.stop();
  });

  const send = (req: FuzzRequest) => sendFuzz(svc.url, req.as === 'teacher' ? teacherToken : admin, req);

  it('fuzzes every HTTP route the service declares', async () => {
    const fuzzed = [...WRITES.map((s) => `${s.method} ${s.route}`), ...READS.map((r) => `GET ${r.route}`), 'POST /counties/:countyCode/months/:month/accrual'].sort();
    expect(fuzzed).toEqual(await declaredRoutes(svc.url));
  });

  it('answers 1,000+ malformed requests across every endpoint with a 4xx JSON message, and writes nothing', async () => {
    const rng = new Rng(SEED);
    const requests = [...accrualRequests(), ...systematicRequests(w, rng, WRITES, READS), ...randomisedRequests(w, rng, WRITES, READS, 250)];
    expect(requests.length).toBeGreaterThanOrEqual(1000);
    const before = await subsidiesState(svc.dataSource);
    const started = Date.now();
    const results = await inBatches(requests, 8, send);
    const problems = requests.map((req, i) => fuzzProblem(req, results[i])).filter((p): p is string => p !== null);
    // eslint-disable-next-line no-console
    console.log(`subsidies fuzz: ${requests.length} requests in ${Date.now() - started} ms; ${results.filter((r) => r.status >= 500).length} 5xx, ${results.filter((r) => r.status < 300).length} 2xx, ${problems.length} problems`);
    expect({ problems, database: await subsidiesState(svc.dataSource) }).toEqual({ problems: [], database: before });
  }, 180000);

  it('answers the drafter approving, a stale version and steps out of order with 4xx, and unusual valid reads without a 5xx', async () => {
    const before = await subsidiesState(svc.dataSource);
    const post = (path: string, body: unknown) => postJson(`${svc.url}${path}`, body, admin);
    expect((await post(`/batches/${w.batch.id}/approve`, { version: w.batch.version })).status).toBe(409); // a draft is published first
    expect((await post(`/batches/${w.batch.id}/export`, { version: w.batch.version })).status).toBe(409);
    expect((await post(`/batches/${w.batch.id}/publish`, { version: w.batch.version + 5 })).status).toBe(409);
    expect((await post('/batches', { countyCode: COUNTY, period: MONTH })).body.code).toBe('SUBSIDIES.BATCH_EXISTS');
    expect((await post('/batches', { countyCode: COUNTY, period: '2017-01' })).body.code).toBe('SUBSIDIES.NOTHING_TO_PAY');
    expect((await post(`/counties/${COUNTY}/scheme/versions`, exampleSchemeBody(w.scheme + 3))).body.code).toBe('SUBSIDIES.SCHEME_VERSION_STALE');
    expect(await subsidiesState(svc.dataSource)).toEqual(before);
    const failures: string[] = [];
    for (const path of [`/summary?countyCode=${COUNTY}&from=1900-01&to=1900-12`, `/summary?from=2018-01&to=2023-12`, `/counties/${COUNTY}/months/2100-12/teachers?offset=1000000`, `/counties/${COUNTY}/months/1900-01/exceptions`, `/batches?status=paid&offset=1000000`, `/teachers/${w.teacherId}/subsidies?year=2000`]) {
      const r = await sendFuzz(svc.url, admin, { label: path, method: 'GET', path });
      if (r.status >= 500 || r.status === 0) failures.push(`GET ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    }
    expect(failures).toEqual([]);
  });
});
