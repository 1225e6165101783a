import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken } from '@app/testing';
import { noticesService } from '../apps/notices/src/notices.service';
import { principalHeaders, PRINCIPALS, UNAUTHENTICATED, type Who } from './support/access-matrix';
import {
  BAD_DATE,
  BAD_IDS,
  declaredRoutes,
  encode,
  fuzzProblem,
  inBatches,
  MALFORMED_JSON,
  NON_OBJECT,
  orNull,
  PAGE,
  randomisedRequests,
  Rng,
  sendFuzz,
  show,
  systematicRequests,
  type FuzzRequest,
  type ReadSpec,
  type WriteSpec,
} from './support/fuzz';
import { freshCounty } from './support/notices-fixture';

/**
 * The notices service's access matrix (every endpoint × the 12 kinds of caller) and a seeded fuzz of every
 * endpoint. An inbox is the caller's own — a teacher's, their school's, their county's, the city's — so
 * every signed-in person with an inbox may read theirs, and a notice of someone else's is 404 (never shown,
 * never marked); the operators' endpoints (deliveries, reminders) are the scheduler's and the city's.
 * Notices and deliveries are written straight into the tables, so no broker is involved.
 */
const INBOX_HOLDERS: Who[] = ['city_admin', 'county_hr(own county)', 'county_hr(other county)', 'school_admin(own school)', 'school_admin(other school)', 'teacher(self)', 'teacher(other)'];
const OPERATORS: Who[] = ['city_admin', 'scheduler'];

interface World {
  county: string;
  otherCounty: string;
  /** per caller with an inbox: a notice of their own */
  own: Partial<Record<Who, string>>;
  /** a notice of the teacher(self) nobody else may read or mark */
  victim: string;
  /** a notice of a teacher none of the callers is */
  stranger: string;
  /** per operator: a failed delivery of their own to re-send; refused callers aim at `victimDelivery` */
  failed: Partial<Record<Who, string>>;
  victimDelivery: string;
}

interface Endpoint {
  method: 'GET' | 'POST';
  route: string;
  path(w: World, who: Who): string;
  body?: unknown;
  allowed: Who[];
  /** what an authenticated caller outside `allowed` gets: 403, or 404 for another person's notice */
  refusedAs?(who: Who): 403 | 404;
  /** an allowed write that is an operator's is audited; a person's own inbox marks are not */
  audited?: boolean;
}

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', route: '/me/notices', path: () => '/me/notices', allowed: INBOX_HOLDERS },
  { method: 'POST', route: '/me/notices/read-all', path: () => '/me/notices/read-all', body: {}, allowed: INBOX_HOLDERS },
  { method: 'POST', route: '/me/notices/:id/read', path: (w, who) => `/me/notices/${w.own[who] ?? w.victim}/read`, body: {}, allowed: INBOX_HOLDERS },
  {
    method: 'POST',
    route: "/me/notices/:id/read (someone else's)",
    path: (w) => `/me/notices/${w.stranger}/read`,
    body: {},
    allowed: [],
    refusedAs: (who) => (INBOX_HOLDERS.includes(who) ? 404 : 403),
  },
  { method: 'GET', route: '/deliveries', path: (w) => `/deliveries?status=failed&countyCode=${w.county}`, allowed: OPERATORS },
  { method: 'POST', route: '/deliveries/:id/resend', path: (w, who) => `/deliveries/${w.failed[who] ?? w.victimDelivery}/resend`, body: {}, allowed: OPERATORS, audited: true },
  { method: 'GET', route: '/reminders/schedule', path: () => '/reminders/schedule', allowed: OPERATORS },
  { method: 'POST', route: '/reminders/runs', path: () => '/reminders/runs', body: { date: '2031-01-01' }, allowed: OPERATORS, audited: true },
];

const expected = (e: Endpoint, who: Who): '2xx' | '401' | '403' | '404' => {
  if (UNAUTHENTICATED.has(who)) return '401';
  if (e.allowed.includes(who)) return '2xx';
  return String(e.refusedAs?.(who) ?? 403) as '403' | '404';
};
const CASES = ENDPOINTS.flatMap((e) => PRINCIPALS.map((who) => [`${e.method} ${e.route} as ${who} → ${expected(e, who)}`, e, who] as const));

async function notice(ds: DataSource, type: string, id: string, county: string | null): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO notices.notices (source_event_id, source_type, recipient_type, recipient_id, county_code, kind, language, subject, body, facts)
     VALUES ($1, 'test', $2, $3, $4, 'plan_approved', 'zh-CN', '访问矩阵', '访问矩阵测试通知', '{}') RETURNING id`,
    [randomUUID(), type, id, county],
  );
  return row.id;
}

async function failedDelivery(ds: DataSource, county: string, teacherId: string): Promise<string> {
  const n = await notice(ds, 'teacher', teacherId, county);
  const [row] = await ds.query(`INSERT INTO notices.deliveries (notice_id, channel, status, attempts, last_error, message_id) VALUES ($1, 'email', 'failed', 6, '451 try later', '<m@test>') RETURNING id`, [n]);
  return row.id;
}

/** The test's own notices and deliveries (its county's; other test files' pending deliveries are the worker's business) and the audit trail. */
const state = async (ds: DataSource, county: string) =>
  (
    await ds.query(
      `SELECT (SELECT md5(coalesce(string_agg(id::text || coalesce(read_at::text, '-'), ',' ORDER BY id), '')) FROM notices.notices WHERE county_code = $1) AS notices,
              (SELECT md5(coalesce(string_agg(d.id::text || d.status || d.attempts, ',' ORDER BY d.id), '')) FROM notices.deliveries d JOIN notices.notices n ON n.id = d.notice_id WHERE n.county_code = $1) AS deliveries,
              (SELECT count(*)::int FROM notices.audit_log) AS audits`,
      [county],
    )
  )[0];

describe('notices access matrix: every endpoint × role × scope', () => {
  let svc: RunningService;
  const w = {} as World;
  const headers = {} as Record<Who, Record<string, string>>;

  beforeAll(async () => {
    svc = await startService(noticesService, { ...process.env, NOTICES_HTTP_PORT: '0', DELIVERY_POLL_MS: '600000' });
    const ds = svc.dataSource;
    w.county = freshCounty('na');
    w.otherCounty = freshCounty('nb');
    const ids = { school: randomUUID(), otherSchool: randomUUID(), teacher: randomUUID(), otherTeacher: randomUUID() };
    Object.assign(headers, await principalHeaders({ homeCounty: w.county, otherCounty: w.otherCounty, ...ids }));
    const inbox: Record<string, [string, string]> = {
      city_admin: ['city', 'jiangmen'],
      'county_hr(own county)': ['county', w.county],
      'county_hr(other county)': ['county', w.otherCounty],
      'school_admin(own school)': ['school', ids.school],
      'school_admin(other school)': ['school', ids.otherSchool],
      'teacher(self)': ['teacher', ids.teacher],
      'teacher(other)': ['teacher', ids.otherTeacher],
    };
    w.own = {};
    for (const [who, [type, id]] of Object.entries(inbox)) w.own[who as Who] = await notice(ds, type, id, w.county);
    w.victim = await notice(ds, 'teacher', ids.teacher, w.county);
    w.stranger = await notice(ds, 'teacher', randomUUID(), w.county);
    w.failed = { city_admin: await failedDelivery(ds, w.county, ids.teacher), scheduler: await failedDelivery(ds, w.county, ids.teacher) };
    w.victimDelivery = await failedDelivery(ds, w.county, ids.teacher);
  });

  afterAll(async () => {
    await svc?.stop();
  });

  it('covers every HTTP route the service declares', async () => {
    const tested = [...new Set(ENDPOINTS.map((e) => `${e.method} ${e.route.replace(/ \(.*\)$/, '')}`))].sort();
    expect(tested).toEqual(await declaredRoutes(svc.url));
  });

  it.each(CASES)('%s', async (_name, e, who) => {
    const want = expected(e, who);
    const before = await state(svc.dataSource, w.county);
    const init: RequestInit = { method: e.method, headers: { ...headers[who] } };
    if (e.body !== undefined) {
      init.body = JSON.stringify(e.body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const r = await http(`${svc.url}${e.path(w, who)}`, init);
    if (want === '2xx') {
      expect({ status: r.status >= 200 && r.status < 300 ? '2xx' : r.status, body: r.status >= 300 ? r.body : 'ok' }).toEqual({ status: '2xx', body: 'ok' });
      if (e.method === 'POST') expect((await state(svc.dataSource, w.county)).audits).toBe(before.audits + (e.audited ? 1 : 0));
      return;
    }
    const code = want === '401' ? 'AUTH.UNAUTHENTICATED' : want === '403' ? 'AUTH.FORBIDDEN' : 'NOTICES.NOT_FOUND';
    expect({ status: r.status, body: r.body }).toEqual({ status: Number(want), body: expect.objectContaining({ code, message: expect.any(String) }) });
    expect(await state(svc.dataSource, w.county)).toEqual(before);
  });

  it('shows a teacher only their own notices, and marks only those', async () => {
    const mine = await http(`${svc.url}/me/notices?limit=500`, { headers: headers['teacher(other)'] });
    expect(mine.body.items.map((n: any) => n.id)).not.toContain(w.victim);
    const hr = await http(`${svc.url}/me/notices?limit=500`, { headers: headers['county_hr(own county)'] });
    expect(hr.body.items.map((n: any) => n.id)).not.toContain(w.victim);
  });
});

// ---- seeded fuzz

const SEED = 0x0e_2013;

const WRITES: WriteSpec<World>[] = [
  {
    method: 'POST',
    route: '/reminders/runs',
    path: () => '/reminders/runs',
    base: () => ({ date: '2031-01-02' }),
    fields: { date: orNull(BAD_DATE), countyCode: ['taishan'], dryRun: [true] },
    required: ['date'],
  },
];

const READS: ReadSpec<World>[] = [
  { route: '/me/notices', path: () => '/me/notices', query: { unread: ['yes', '1', '', 'TRUE'], kind: ['nope', 'MOVE_APPROVED', ''], ...PAGE }, as: 'teacher' },
  { route: '/deliveries', path: () => '/deliveries', query: { status: ['nope', 'FAILED', ''], channel: ['fax', ''], countyCode: ['Taishan', '1', ''], ...PAGE } },
  { route: '/reminders/schedule', path: () => '/reminders/schedule', query: {} },
];

/** The commands without a body: bodies with anything in them, malformed JSON, bad and unknown ids. */
function commandRequests(w: World, rng: Rng): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  const commands: { path: (id: string) => string; as?: 'teacher'; id: string; notFound: number }[] = [
    { path: (id) => `/me/notices/${id}/read`, as: 'teacher', id: w.victim, notFound: 404 },
    { path: (id) => `/deliveries/${id}/resend`, id: w.victimDelivery, notFound: 404 },
  ];
  for (const c of commands) {
    for (const body of [{ x: 1 }, { read: true }, { status: 'pending' }]) out.push({ label: `POST ${c.path(':id')} body ${JSON.stringify(body)}`, method: 'POST', path: c.path(c.id), body: encode(body), as: c.as });
    for (const text of NON_OBJECT) out.push({ label: `POST ${c.path(':id')} body ${text}`, method: 'POST', path: c.path(c.id), body: text, as: c.as });
    for (const text of MALFORMED_JSON) out.push({ label: `POST ${c.path(':id')} malformed ${show(text)}`, method: 'POST', path: c.path(c.id), body: text, status: 400, as: c.as });
    for (const id of BAD_IDS) out.push({ label: `POST ${c.path(id)}`, method: 'POST', path: c.path(id), body: '{}', as: c.as });
    for (let i = 0; i < 3; i++) out.push({ label: `POST ${c.path(':id')} unknown id`, method: 'POST', path: c.path(rng.uuid()), body: '{}', status: c.notFound, as: c.as });
    out.push({ label: `POST ${c.path(':id')}?x=1`, method: 'POST', path: `${c.path(c.id)}?x=1`, body: '{}', as: c.as });
  }
  out.push({ label: 'POST /me/notices/read-all body {x:1}', method: 'POST', path: '/me/notices/read-all', body: '{"x":1}', as: 'teacher' });
  out.push({ label: 'POST /me/notices/read-all ?all=1', method: 'POST', path: '/me/notices/read-all?all=1', body: '{}', as: 'teacher' });
  for (const text of MALFORMED_JSON) out.push({ label: `POST /me/notices/read-all malformed ${show(text)}`, method: 'POST', path: '/me/notices/read-all', body: text, status: 400, as: 'teacher' });
  // another's notice: 404, whoever asks
  out.push({ label: 'POST read of another teacher’s notice', method: 'POST', path: `/me/notices/${w.own['teacher(other)']}/read`, body: '{}', status: 404, as: 'teacher' });
  return out;
}

describe('notices input validation fuzz', () => {
  let svc: RunningService;
  const w = {} as World;
  let admin: Record<string, string>;
  let teacher: Record<string, string>;

  beforeAll(async () => {
    svc = await startService(noticesService, { ...process.env, NOTICES_HTTP_PORT: '0', DELIVERY_POLL_MS: '600000' });
    w.county = freshCounty('nf');
    const teacherId = randomUUID();
    w.victim = await notice(svc.dataSource, 'teacher', teacherId, w.county);
    w.own = { 'teacher(other)': await notice(svc.dataSource, 'teacher', randomUUID(), w.county) };
    w.victimDelivery = (await svc.dataSource.query(`INSERT INTO notices.deliveries (notice_id, channel, status) VALUES ($1, 'email', 'sent') RETURNING id`, [w.victim]))[0].id;
    admin = bearer(await mintTestToken({ role: 'city_admin' }));
    teacher = bearer(await mintTestToken({ role: 'teacher', county: w.county, teacher: randomUUID() }));
  });

  afterAll(async () => {
    await svc?.stop();
  });

  it('fuzzes every HTTP route the service declares', async () => {
    const fuzzed = [...WRITES.map((s) => `${s.method} ${s.route}`), ...READS.map((r) => `GET ${r.route}`), 'POST /me/notices/:id/read', 'POST /me/notices/read-all', 'POST /deliveries/:id/resend'].sort();
    expect(fuzzed).toEqual(await declaredRoutes(svc.url));
  });

  it('answers hundreds of malformed requests across every endpoint with a 4xx JSON message, and writes nothing', async () => {
    const rng = new Rng(SEED);
    const requests = [...commandRequests(w, rng), ...systematicRequests(w, rng, WRITES, READS), ...randomisedRequests(w, rng, WRITES, READS, 200)];
    expect(requests.length).toBeGreaterThanOrEqual(300);
    const before = await state(svc.dataSource, w.county);
    const results = await inBatches(requests, 8, (req) => sendFuzz(svc.url, req.as === 'teacher' ? teacher : admin, req));
    const problems = requests.map((req, i) => fuzzProblem(req, results[i])).filter((p): p is string => p !== null);
    expect({ problems, database: await state(svc.dataSource, w.county) }).toEqual({ problems: [], database: before });
  }, 180000);
});
