import { randomUUID } from 'node:crypto';
import { startService, type RunningService } from '@app/runtime';
import { http, postJson } from '@app/testing';
import { checkCell, matrixCases, principalHeaders, PRINCIPALS, type MatrixEndpoint, type Who } from './support/access-matrix';
import { subsidiesService } from '../apps/subsidies/src/subsidies.service';
import { declaredRoutes } from './support/fuzz';
import { HOME_COUNTY, OTHER_COUNTY, suffix } from './support/staffing-fixture';
import { exampleSchemeBody, seedReadModel, subsidiesState } from './support/subsidies-fixture';

/**
 * "401 for a missing or bad token, 403 outside one's scope", for every subsidies endpoint × every kind of
 * caller, as staffing's matrix does: the resources live in the home county (Taishan); the "other" principals
 * are a Kaiping HR officer, a school administrator (who has no subsidies endpoint) and another Taishan
 * teacher. Refused writes change nothing; allowed ones write one audit entry. Its facts go straight into the
 * read model, so no broker is involved.
 */
const WRITERS: Who[] = ['city_admin', 'county_hr(own county)'];
const COUNTY_READERS: Who[] = [...WRITERS, 'scheduler'];
const OPERATORS: Who[] = ['city_admin', 'scheduler'];
const SELF_SERVICE: Who[] = ['teacher(self)', 'teacher(other)'];
const TEACHER_READERS: Who[] = [...WRITERS, 'teacher(self)'];
const STEPS = ['publish', 'approve', 'export', 'paid', 'withdraw'] as const;
type Step = (typeof STEPS)[number];

/**
 * The months the matrix accrues and pays (long past, so nothing else in the test run touches them):
 * 2018-01 … 2019-03. Month 0 is the victim batch's, 1–10 the batches the step cells move, 11 the batch the
 * read cells look at; 12 and 13 are accrued by the accrual cells, and drafted (with 14) by the batch cells.
 */
const MONTHS = Array.from({ length: 15 }, (_, i) => `${2018 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);

interface World {
  home: { schoolId: string; teacherId: string; teacher2: string };
  /** per step and allowed writer: a batch in the state before the step; refused callers aim at `victim` */
  forStep: Record<Step, Partial<Record<Who, string>>>;
  victim: string;
  /** an exported batch the read cells look at */
  view: string;
  /** the periods each allowed writer drafts */
  draftPeriod: Partial<Record<Who, string>>;
  accrueMonth: Partial<Record<Who, string>>;
}

type Endpoint = MatrixEndpoint<World>;

let svc: RunningService;
const batchVersion = async (id: string): Promise<number> => (await svc.dataSource.query(`SELECT version FROM subsidies.batches WHERE id = $1`, [id]))[0].version;
const latestScheme = async () => (await svc.dataSource.query(`SELECT coalesce(max(version), 0)::int AS v FROM subsidies.scheme_versions WHERE county_code = $1`, [HOME_COUNTY]))[0].v;
const stepEndpoint = (step: Step): Endpoint => ({
  method: 'POST',
  route: `/batches/:id/${step}`,
  path: (w, who) => `/batches/${w.forStep[step][who] ?? w.victim}/${step}`,
  body: async (w, who) => {
    const id = w.forStep[step][who] ?? w.victim;
    return step === 'paid' ? { version: await batchVersion(id), payrollReference: `PAY-${suffix()}` } : { version: await batchVersion(id) };
  },
  allowed: WRITERS,
});

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', route: '/schools/eligible', path: () => `/schools/eligible?countyCode=${HOME_COUNTY}`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/counties/:countyCode/scheme', path: () => `/counties/${HOME_COUNTY}/scheme`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/summary', path: () => `/summary?countyCode=${HOME_COUNTY}&from=2018-01&to=2019-12`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/counties/:countyCode/months/:month/teachers', path: () => `/counties/${HOME_COUNTY}/months/${MONTHS[0]}/teachers`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/counties/:countyCode/months/:month/exceptions', path: () => `/counties/${HOME_COUNTY}/months/${MONTHS[0]}/exceptions`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/batches', path: () => `/batches?countyCode=${HOME_COUNTY}`, allowed: WRITERS },
  { method: 'GET', route: '/batches/:id', path: (w) => `/batches/${w.view}`, allowed: WRITERS },
  { method: 'GET', route: '/batches/:id/lines', path: (w) => `/batches/${w.view}/lines`, allowed: WRITERS },
  { method: 'GET', route: '/batches/:id/roster.xlsx', path: (w) => `/batches/${w.view}/roster.xlsx`, allowed: WRITERS },
  { method: 'GET', route: '/batches/:id/payroll.xlsx', path: (w) => `/batches/${w.view}/payroll.xlsx`, allowed: WRITERS },
  { method: 'GET', route: '/batches/:id/payroll.csv', path: (w) => `/batches/${w.view}/payroll.csv`, allowed: WRITERS },
  { method: 'GET', route: '/me/subsidies', path: () => '/me/subsidies?year=2018', allowed: SELF_SERVICE },
  { method: 'GET', route: '/me/subsidies/statement.pdf', path: () => '/me/subsidies/statement.pdf?year=2018', allowed: SELF_SERVICE },
  { method: 'GET', route: '/teachers/:id/subsidies', path: (w) => `/teachers/${w.home.teacherId}/subsidies?year=2018`, allowed: TEACHER_READERS },
  { method: 'GET', route: '/teachers/:id/subsidies/statement.pdf', path: (w) => `/teachers/${w.home.teacherId}/subsidies/statement.pdf?year=2018`, allowed: TEACHER_READERS },
  { method: 'GET', route: '/audit', path: () => `/audit?countyCode=${HOME_COUNTY}`, allowed: WRITERS },
  // ---- writes (each allowed caller gets its own fresh target, so an allowed write is a plain 2xx)
  {
    method: 'POST',
    route: '/counties/:countyCode/scheme/versions',
    path: () => `/counties/${HOME_COUNTY}/scheme/versions`,
    body: async (_w, who) => exampleSchemeBody(await latestScheme(), `${2030 + PRINCIPALS.indexOf(who)}-01-01`),
    allowed: WRITERS,
  },
  {
    method: 'POST',
    route: '/counties/:countyCode/months/:month/accrual',
    path: (w, who) => `/counties/${HOME_COUNTY}/months/${w.accrueMonth[who] ?? '2019-12'}/accrual`,
    body: () => ({}),
    allowed: OPERATORS,
  },
  { method: 'POST', route: '/batches', path: () => '/batches', body: (w, who) => ({ countyCode: HOME_COUNTY, period: w.draftPeriod[who] ?? '2019-11' }), allowed: WRITERS },
  ...STEPS.map(stepEndpoint),
];

const CASES = matrixCases<World, Endpoint>(ENDPOINTS);

describe('subsidies access matrix: every endpoint × role × scope', () => {
  const world = {} as World;
  const headers = {} as Record<Who, Record<string, string>>;

  beforeAll(async () => {
    svc = await startService(subsidiesService, { ...process.env, SUBSIDIES_HTTP_PORT: '0' });
    const ds = svc.dataSource;
    const tag = `SA${suffix()}`;
    const home = { schoolId: randomUUID(), teacherId: randomUUID(), teacher2: randomUUID() };
    Object.assign(world, { home });
    await seedReadModel(ds, HOME_COUNTY, { schoolId: home.schoolId, code: `${tag}-S`, name: '访问矩阵补助学校', remoteTier: 1 }, [
      { teacherId: home.teacherId, staffNo: `${tag}-T1`, name: '访问矩阵教师', from: '2010-01-01' },
      { teacherId: home.teacher2, staffNo: `${tag}-T2`, name: '另一位教师', from: '2010-01-01' },
    ]);
    await seedReadModel(ds, OTHER_COUNTY, { schoolId: randomUUID(), code: `${tag}-KS`, name: '开平补助学校', remoteTier: 2 }, [{ teacherId: randomUUID(), staffNo: `${tag}-K1`, name: '开平教师', from: '2010-01-01' }]);

    Object.assign(
      headers,
      await principalHeaders({ homeCounty: HOME_COUNTY, otherCounty: OTHER_COUNTY, school: home.schoolId, otherSchool: randomUUID(), teacher: home.teacherId, otherTeacher: home.teacher2 }),
    );

    // The home county's scheme (if the run has none yet); months accrued and paid by batches of their own.
    const call = async (who: Who, path: string, body: unknown) => {
      const r = await postJson(`${svc.url}${path}`, body, headers[who]);
      if (r.status >= 300) throw new Error(`fixture: POST ${path} as ${who} answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body;
    };
    if ((await latestScheme()) === 0) await call('city_admin', `/counties/${HOME_COUNTY}/scheme/versions`, exampleSchemeBody());
    for (const month of [...MONTHS.slice(0, 12), MONTHS[14]]) await call('scheduler', `/counties/${HOME_COUNTY}/months/${month}/accrual`, {});
    world.accrueMonth = { city_admin: MONTHS[12], scheduler: MONTHS[13] };
    world.draftPeriod = { city_admin: MONTHS[12], 'county_hr(own county)': MONTHS[14] };
    let next = 0;
    /** A batch of the next month, drafted by `drafter` and taken to `state` (approved by the other writer: four eyes). */
    const batch = async (drafter: Who, state: 'draft' | 'published' | 'approved' | 'exported') => {
      const b = await call(drafter, '/batches', { countyCode: HOME_COUNTY, period: MONTHS[next++] });
      const approver: Who = drafter === 'city_admin' ? 'county_hr(own county)' : 'city_admin';
      for (const step of (['publish', 'approve', 'export'] as const).slice(0, ['draft', 'published', 'approved', 'exported'].indexOf(state))) {
        await call(step === 'approve' ? approver : drafter, `/batches/${b.id}/${step}`, { version: await batchVersion(b.id) });
      }
      return b.id as string;
    };
    world.victim = await batch('city_admin', 'draft');
    world.forStep = { publish: {}, approve: {}, export: {}, paid: {}, withdraw: {} };
    for (const writer of WRITERS) {
      const other: Who = writer === 'city_admin' ? 'county_hr(own county)' : 'city_admin';
      world.forStep.publish[writer] = await batch(writer, 'draft');
      world.forStep.approve[writer] = await batch(other, 'published');
      world.forStep.export[writer] = await batch(writer, 'approved');
      world.forStep.paid[writer] = await batch(writer, 'exported');
      world.forStep.withdraw[writer] = await batch(writer, 'published');
    }
    world.view = await batch('county_hr(own county)', 'exported');
    expect(next).toBe(12);
  }, 120000);

  afterAll(async () => {
    await svc?.stop();
  });

  it('covers every HTTP route the service declares', async () => {
    const declared = await declaredRoutes(svc.url);
    expect([...new Set(ENDPOINTS.map((e) => `${e.method} ${e.route}`))].sort()).toEqual(declared);
  });

  it.each(CASES)('%s', (_name, endpoint, who) => checkCell(svc.url, endpoint, who, world, headers, () => subsidiesState(svc.dataSource), (x) => x.counts.audit_log));

  it("keeps lists inside the caller's scope and a teacher's statement their own", async () => {
    const batches = await http(`${svc.url}/batches?limit=500`, { headers: headers['county_hr(other county)'] });
    expect(batches.status).toBe(200);
    expect(batches.body.items.every((b: { countyCode: string }) => b.countyCode === OTHER_COUNTY)).toBe(true);
    const audit = await http(`${svc.url}/audit?limit=500`, { headers: headers['county_hr(own county)'] });
    expect(audit.body.items.length).toBeGreaterThan(0);
    expect(audit.body.items.every((a: { countyCode: string }) => a.countyCode === HOME_COUNTY)).toBe(true);
    expect(new Set(audit.body.items.map((a: { action: string }) => a.action.split('.')[0]))).toEqual(new Set(['scheme', 'month', 'batch']));
    const summary = await http(`${svc.url}/summary?from=2018-01&to=2019-12`, { headers: headers['county_hr(other county)'] });
    expect(summary.body.items.every((r: { countyCode: string }) => r.countyCode === OTHER_COUNTY)).toBe(true);
    const self = await http(`${svc.url}/me/subsidies?year=2018`, { headers: headers['teacher(self)'] });
    expect(self.body.teacher.teacherId).toBe(world.home.teacherId);
    expect(self.body.months.length).toBe(12);
    const other = await http(`${svc.url}/me/subsidies?year=2018`, { headers: headers['teacher(other)'] });
    expect(other.body.teacher.teacherId).toBe(world.home.teacher2);
  });
});
