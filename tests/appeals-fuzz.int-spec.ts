import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken } from '@app/testing';
import { rotationService } from '../apps/rotation/src/rotation.service';
import { buildAppealsCounty, fileAppeal, solvedAmendment, TINY_PDF, type AppealsCounty } from './support/appeals-fixture';
import {
  AS_OF,
  BAD_COUNTY,
  BAD_ENUM,
  BAD_IDS,
  BAD_TEXT,
  BAD_UUID,
  BAD_VERSION,
  declaredRoutes,
  fuzzProblem,
  HUGE,
  inBatches,
  MALFORMED_JSON,
  NUL,
  orNull,
  PAGE,
  randomisedRequests,
  raw,
  Rng,
  sendFuzz,
  systematicRequests,
  type Bad,
  type FuzzRequest,
  type ReadSpec,
  type WriteSpec,
} from './support/fuzz';

/**
 * "Every endpoint validates bodies, params and queries; unknown ids → 404; malformed JSON → 400 with a
 * message; no input yields a 500" for the endpoints of issue #13 in rotation: appeals, attachments,
 * amendments and the holiday calendar. A seeded fuzz sends hundreds of malformed requests — as the city
 * administrator, who passes every scope check, and as the appealing teacher where only they may act — and
 * checks that each gets a 4xx JSON answer with a message and that nothing was written.
 */
const SEED = 0x0a99_ea15;
const COUNTY = 'appealfuzz';
const YEAR = 2035;

interface World {
  c: AppealsCounty;
  appeal: any;
  amendment: any;
}

const BAD_YEARS = ['1999', '2101', 'abc', '2050.5', '-1', '%20', '1e3', '99999999999999999999', 'NaN'];
const day = (date: unknown, name: unknown = '国庆节') => ({ date, name });
const BAD_DAYS: Bad[] = [
  null,
  'x',
  {},
  [null],
  [{}],
  [day('2050-02-30')],
  [day('20501001')],
  [day('2050-10-01', '')],
  [day('2050-10-01', '   ')],
  [day('2050-10-01', 'x'.repeat(101))],
  [day('2050-10-01', NUL)],
  [{ date: '2050-10-01' }],
  [{ ...day('2050-10-01'), colour: 'red' }],
  Array(61).fill(day('2050-10-01')),
  [day('2049-10-01')], // not in the year: refused by the calendar's own checks
  [day('2050-10-03'), day('2050-10-03')], // listed twice
];

const WRITES: WriteSpec<World>[] = [
  {
    method: 'POST',
    route: '/cycles/:id/me/appeals',
    path: (w) => `/cycles/${w.c.cycleId}/me/appeals`,
    unknownPath: (_w, id) => `/cycles/${id}/me/appeals`,
    base: () => ({ reasons: '模糊测试申诉' }),
    fields: { reasons: orNull(BAD_TEXT).concat(['x'.repeat(4001)]) },
    required: ['reasons'],
    badPaths: () => BAD_IDS.map((id) => `/cycles/${id}/me/appeals`),
  },
  {
    method: 'POST',
    route: '/appeals/:id/uphold',
    path: (w) => `/appeals/${w.appeal.id}/uphold`,
    unknownPath: (_w, id) => `/appeals/${id}/uphold`,
    base: (w) => ({ reason: '模糊测试维持', version: w.appeal.version }),
    fields: { reason: orNull(BAD_TEXT).concat(['x'.repeat(2001)]), version: orNull(BAD_VERSION).concat([99]) },
    required: ['reason', 'version'],
    badPaths: () => BAD_IDS.map((id) => `/appeals/${id}/uphold`),
  },
  {
    method: 'POST',
    route: '/appeals/:id/amendments',
    path: (w) => `/appeals/${w.appeal.id}/amendments`,
    unknownPath: (_w, id) => `/appeals/${id}/amendments`,
    base: (w) => ({ action: 'pin', schoolId: w.c.schools.S }),
    fields: {
      action: orNull(BAD_ENUM).concat(['FORBID', 'pin ']),
      // a school of no county, the teacher's own school, the school the plan already sends them to
      schoolId: orNull(BAD_UUID).concat(['00000000-0000-4000-8000-000000000000']),
    },
    required: ['action', 'schoolId'],
    badPaths: () => BAD_IDS.map((id) => `/appeals/${id}/amendments`),
  },
  {
    method: 'POST',
    route: '/appeals/:id/amendments/:amendmentId/approve',
    path: (w) => `/appeals/${w.appeal.id}/amendments/${w.amendment.id}/approve`,
    unknownPath: (w, id) => `/appeals/${w.appeal.id}/amendments/${id}/approve`,
    base: (w) => ({ version: w.amendment.cycleVersion, reason: '模糊测试批准' }),
    fields: { version: orNull(BAD_VERSION).concat([1, 9999]), reason: orNull(BAD_TEXT).concat(['x'.repeat(2001)]) },
    required: ['version', 'reason'],
    badPaths: (w) => [...BAD_IDS.map((id) => `/appeals/${id}/amendments/${w.amendment.id}/approve`), ...BAD_IDS.map((id) => `/appeals/${w.appeal.id}/amendments/${id}/approve`)],
  },
  {
    method: 'PUT',
    route: '/calendar/years/:year',
    path: () => '/calendar/years/2050',
    base: () => ({ status: 'assumption', source: '模糊测试：2050年安排（假设）', holidays: [day('2050-10-01')], workdays: [day('2050-10-08', '国庆节调休')], version: 0 }),
    fields: {
      status: orNull(BAD_ENUM).concat(['Published', 'draft']),
      source: orNull(BAD_TEXT).concat(['too short', 'x'.repeat(2001)]),
      holidays: BAD_DAYS,
      // an adjusted working day on a weekday means nothing: refused
      workdays: [...BAD_DAYS, [day('2050-10-04', '调休')], Array(21).fill(day('2050-10-08'))],
      // 0 is the version of a year never entered: any other is stale
      version: [-1, 1.5, '0', 2147483648, 1e20, raw('1e309'), [], false, null, 3],
    },
    required: ['status', 'source', 'holidays', 'workdays', 'version'],
    badPaths: () => BAD_YEARS.map((y) => `/calendar/years/${y}`),
  },
];

const READS: ReadSpec<World>[] = [
  {
    route: '/appeals',
    path: () => '/appeals',
    query: { countyCode: ['Taishan', '1', '', 'nowhere%00'], cycleId: ['x', '123', ''], status: ['nope', 'OPEN', ''], overdue: ['maybe', '1', 'TRUE', ''], ...PAGE },
  },
  { route: '/appeals/:id', path: (w) => `/appeals/${w.appeal.id}`, unknownPath: (_w, id) => `/appeals/${id}`, query: {}, badPaths: () => BAD_IDS.map((id) => `/appeals/${id}`) },
  {
    route: '/appeals/:id/attachments/:attachmentId',
    path: (w) => `/appeals/${w.appeal.id}/attachments/${w.appeal.attachments[0].id}`,
    unknownPath: (w, id) => `/appeals/${w.appeal.id}/attachments/${id}`,
    query: {},
    badPaths: (w) => [...BAD_IDS.map((id) => `/appeals/${w.appeal.id}/attachments/${id}`), ...BAD_IDS.map((id) => `/appeals/${id}/attachments/${w.appeal.attachments[0].id}`)],
  },
  {
    route: '/appeals/:id/amendments/:amendmentId',
    path: (w) => `/appeals/${w.appeal.id}/amendments/${w.amendment.id}`,
    unknownPath: (w, id) => `/appeals/${w.appeal.id}/amendments/${id}`,
    query: {},
    badPaths: (w) => BAD_IDS.map((id) => `/appeals/${w.appeal.id}/amendments/${id}`),
  },
  { route: '/calendar/years/:year', path: () => '/calendar/years/2026', query: {}, badPaths: () => BAD_YEARS.map((y) => `/calendar/years/${y}`) },
  { route: '/calendar/deadline', path: () => '/calendar/deadline', query: { from: AS_OF, days: ['-1', '367', '1.5', 'x', '', '1e3'] } },
  { route: '/cycles/:id/me/move', path: (w) => `/cycles/${w.c.cycleId}/me/move`, unknownPath: (_w, id) => `/cycles/${id}/me/move`, query: {}, as: 'teacher', badPaths: () => BAD_IDS.map((id) => `/cycles/${id}/me/move`) },
  { route: '/me/appeals', path: () => '/me/appeals', query: {}, as: 'teacher' },
];

/** Files for the appealing teacher's open appeal, each with something wrong with it. */
function attachments(w: World, rng: Rng): FuzzRequest[] {
  const at = (query = 'filename=x.pdf', id: string = w.appeal.id) => `/appeals/${id}/attachments?${query}`;
  const pdf = Buffer.from(TINY_PDF);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0x20);
  pdf.copy(big);
  const out: FuzzRequest[] = [];
  const up = (label: string, path: string, body: string | Buffer | undefined, contentType: string | null, status?: number) =>
    out.push({ label: `POST /appeals/:id/attachments ${label}`, method: 'POST', path, body, contentType, as: 'teacher', status });
  up('PNG bytes declared PDF', at(), png, 'application/pdf', 422);
  up('PDF bytes declared JPEG', at(), pdf, 'image/jpeg', 422);
  up('HTML declared PNG', at(), '<html><script>alert(1)</script></html>', 'image/png', 422);
  up('one byte over 5 MiB', at(), big, 'application/pdf', 422);
  up('GIF', at(), Buffer.from('GIF89a'), 'image/gif');
  up('SVG', at(), '<svg xmlns="http://www.w3.org/2000/svg"/>', 'image/svg+xml');
  up('JSON', at(), JSON.stringify({ file: 'x' }), 'application/json', 422);
  up('malformed JSON', at(), '{"file":', 'application/json', 400);
  up('text', at(), 'hello', 'text/plain', 422);
  up('no body', at(), undefined, null);
  up('empty PDF', at(), Buffer.alloc(0), 'application/pdf');
  up('random bytes as PDF', at(), Buffer.from(Array.from({ length: 512 }, () => rng.int(256))), 'application/pdf', 422);
  up('filename too long', at(`filename=${'x'.repeat(256)}`), pdf, 'application/pdf', 400);
  up('filename twice', at('filename=a.pdf&filename=b.pdf'), pdf, 'application/pdf', 400);
  up('unknown query key', at('name=a.pdf'), pdf, 'application/pdf', 400);
  up('NUL in the filename', at('filename=a%00b.pdf'), pdf, 'application/pdf', 400);
  for (let i = 0; i < 3; i++) up('unknown appeal', at('filename=x.pdf', rng.uuid()), pdf, 'application/pdf', 404);
  for (const id of BAD_IDS) up(`bad id ${id}`, `/appeals/${id}/attachments`, pdf, 'application/pdf');
  return out;
}

/** Calendar sheets (POST /imports/calendar), each with at least one thing wrong. */
function calendarImports(): FuzzRequest[] {
  const q = (over: Record<string, string> = {}) => {
    const params = { year: '2051', status: 'assumption', source: encodeURIComponent('模糊测试：2051年安排（假设）'), version: '0', ...over };
    return `/imports/calendar?${Object.entries(params)
      .map(([k, v]) => `${k}=${v}`)
      .join('&')}`;
  };
  const sheet = (...rows: string[]) => ['日期,类型,名称', ...rows].join('\n') + '\n';
  const valid = sheet('2051-10-02,放假,国庆节');
  const out: FuzzRequest[] = [];
  const up = (label: string, path: string, body: string | Buffer | undefined, contentType: string | null = 'text/csv', status?: number) =>
    out.push({ label: `POST /imports/calendar ${label}`, method: 'POST', path, body, contentType, status });
  for (const [k, v] of [
    ['year', '1999'],
    ['year', 'abc'],
    ['year', ''],
    ['status', 'draft'],
    ['source', 'short'],
    ['source', ''],
    ['version', '-1'],
    ['version', '2'],
    ['version', 'x'],
    ['dryRun', 'maybe'],
  ]) {
    up(`?${k}=${v}`, q({ [k]: v }), valid);
  }
  up('without a year', '/imports/calendar?status=assumption&source=xxxxxxxxxxxx&version=0', valid);
  up('unknown query key', `${q()}&colour=red`, valid);
  for (const [label, row] of [
    ['a date that is not one', '2051-02-30,放假,春节'],
    ['a date in another year', '2052-10-01,放假,国庆节'],
    ['an unknown kind', '2051-10-02,休息日,国庆节'],
    ['no name', '2051-10-02,放假,'],
    ['an adjusted working day on a weekday', '2051-10-03,上班,调休'],
    ['a NUL', '2051-10-02,放假,国\u0000庆'],
    ['a name too long', `2051-10-02,放假,${'x'.repeat(101)}`],
  ]) {
    up(label, q(), sheet(row));
  }
  up('the same day twice', q(), sheet('2051-10-02,放假,国庆节', '2051-10-02,放假,国庆节'));
  up('a holiday and a working day at once', q(), sheet('2051-10-07,放假,国庆节', '2051-10-07,上班,调休'));
  up('unknown column', q(), '日期,颜色\n2051-10-02,红\n');
  up('missing column', q(), '日期,类型\n2051-10-02,放假\n');
  up('empty file', q(), '');
  up('JSON', q(), JSON.stringify({ date: '2051-10-02' }), 'application/json');
  up('not really xlsx', q(), Buffer.from('PK not really'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  up('text/plain', q(), valid, 'text/plain');
  up('huge name', q(), sheet(`2051-10-02,放假,${HUGE}`));
  return out;
}

async function snapshot(svc: RunningService) {
  const ds = svc.dataSource;
  const digest = async (table: string) => (await ds.query(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS d FROM rotation.${table} t`))[0].d;
  const digests: Record<string, string> = {};
  for (const t of ['appeals', 'appeal_attachments', 'amendments', 'calendar_years', 'approved_moves', 'approved_plans', 'cycles', 'audit_log']) digests[t] = await digest(t);
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM rotation.outbox`);
  return { digests, outbox: n };
}

describe('appeals input validation fuzz', () => {
  let svc: RunningService;
  const w = {} as World;
  let admin: Record<string, string>;
  let teacherToken: Record<string, string>;

  beforeAll(async () => {
    svc = await startService(rotationService, { ...process.env, ROTATION_HTTP_PORT: '0' });
    admin = bearer(await mintTestToken({ role: 'city_admin' }));
    w.c = await buildAppealsCounty(svc, COUNTY, YEAR, 3);
    const appealing = w.c.movers[0];
    teacherToken = bearer(await mintTestToken({ role: 'teacher', county: COUNTY, teacher: appealing }));
    const filed = await fileAppeal(svc, w.c, appealing);
    const file = await http(`${svc.url}/appeals/${filed.id}/attachments?filename=a.pdf`, { method: 'POST', headers: { ...teacherToken, 'content-type': 'application/pdf' }, body: TINY_PDF });
    expect(file.status).toBe(201);
    w.amendment = await solvedAmendment(svc, admin, filed.id);
    w.appeal = (await http(`${svc.url}/appeals/${filed.id}`, { headers: admin })).body;
  }, 300000);

  afterAll(async () => {
    await svc?.stop();
  });

  const send = (req: FuzzRequest) => sendFuzz(svc.url, req.as === 'teacher' ? teacherToken : admin, req);

  it('fuzzes every HTTP route of appeals and the calendar the service declares', async () => {
    const declared = (await declaredRoutes(svc.url)).filter((r) => /\/(appeals|calendar)|\/me\/move$/.test(r));
    const fuzzed = [...WRITES.map((s) => `${s.method} ${s.route}`), ...READS.map((r) => `GET ${r.route}`), 'POST /appeals/:id/attachments', 'POST /imports/calendar'].sort();
    expect(fuzzed).toEqual(declared);
  });

  it('answers several hundred malformed requests with a 4xx JSON message, and writes nothing', async () => {
    const rng = new Rng(SEED);
    const requests = [...systematicRequests(w, rng, WRITES, READS), ...attachments(w, rng), ...calendarImports(), ...randomisedRequests(w, rng, WRITES, READS, 150)];
    expect(requests.length).toBeGreaterThanOrEqual(500);
    const before = await snapshot(svc);
    const results = await inBatches(requests, 6, send);
    const problems = requests.map((req, i) => fuzzProblem(req, results[i])).filter((p): p is string => p !== null);
    // eslint-disable-next-line no-console
    console.log(`appeals fuzz: ${requests.length} requests; ${results.filter((r) => r.status >= 500).length} 5xx, ${results.filter((r) => r.status < 300).length} 2xx, ${problems.length} problems`);
    expect({ problems, database: await snapshot(svc) }).toEqual({ problems: [], database: before });
  }, 240000);

  it('answers malformed JSON on every JSON write endpoint with 400 and a message', async () => {
    for (const spec of WRITES) {
      for (const text of MALFORMED_JSON.slice(0, 3)) {
        const r = await send({ label: 'malformed', method: spec.method, path: spec.path(w), body: text });
        expect({ route: spec.route, status: r.status, message: typeof r.body?.message }).toEqual({ route: spec.route, status: 400, message: 'string' });
      }
    }
  });

  it('refuses HR’s pin to a school of no county, the teacher’s own school or the one already given, saying why', async () => {
    const cases = [
      ['00000000-0000-4000-8000-000000000000', /not a school of this county/],
      [w.c.schools.O1, /already works at that school/],
      [w.c.schools.D, /already sends the teacher there: uphold/],
    ] as const;
    const before = await snapshot(svc);
    for (const [schoolId, why] of cases) {
      const r = await send({ label: 'pin', method: 'POST', path: `/appeals/${w.appeal.id}/amendments`, body: JSON.stringify({ action: 'pin', schoolId }) });
      expect([r.status, r.body.code]).toEqual([422, 'ROTATION.AMENDMENT_INVALID']);
      expect(r.body.message).toMatch(why);
    }
    expect(await snapshot(svc)).toEqual(before);
    void BAD_COUNTY;
  });
});
