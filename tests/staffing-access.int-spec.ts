import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken } from '@app/testing';
import { staffingService } from '../apps/staffing/src/staffing.service';
import {
  buildCounty,
  ensureCounties,
  HOME_COUNTY,
  OTHER_COUNTY,
  rowCounts,
  schoolYearOf,
  shanghaiToday,
  StaffingApi,
  suffix,
  type CountyFixture,
} from './support/staffing-fixture';

/**
 * "401 for a missing or bad token, 403 outside one's scope": every staffing endpoint × every kind of
 * caller. The resource under test always lives in the home county (Taishan); "other" principals are a
 * Kaiping HR officer, the administrator of another Taishan school and another Taishan teacher, so a
 * check that looked only at the county (or only at the role) would be caught.
 */

const PRINCIPALS = [
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
type Who = (typeof PRINCIPALS)[number];
const UNAUTHENTICATED: ReadonlySet<Who> = new Set(['no token', 'malformed token', 'expired token', 'foreign-signed token']);

/** The county's officers and the city: who may write. */
const WRITERS: Who[] = ['city_admin', 'county_hr(own county)'];
const COUNTY_READERS: Who[] = ['city_admin', 'county_hr(own county)', 'scheduler'];
const SCHOOL_READERS: Who[] = [...COUNTY_READERS, 'school_admin(own school)'];
const TEACHER_READERS: Who[] = [...SCHOOL_READERS, 'teacher(self)'];
const SELF_SERVICE: Who[] = ['teacher(self)', 'teacher(other)'];

interface World {
  today: string;
  schoolYear: number;
  tag: string;
  home: CountyFixture;
  other: CountyFixture;
  /** a second school in the home county (the "other school" administrator's) */
  school2: any;
  /** a second home-county teacher (the "other teacher"), in the pool */
  teacher2: any;
  /** a pool teacher whose small support appointments the write cells create, end and correct */
  poolTeacher: any;
  /** per writer: the appointment it ends / corrects; refused callers aim at `victim` */
  toEnd: Partial<Record<Who, string>>;
  toCorrect: Partial<Record<Who, string>>;
  /** per principal allowed to confirm arrivals: the appointment it confirms */
  toArrive: Partial<Record<Who, string>>;
  /** the pool teacher whose support appointments the arrival cells confirm */
  arrivingTeacher: any;
  victim: any;
}

interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** as the route is declared, for the test name */
  route: string;
  path(w: World, who: Who): string;
  body?(w: World, who: Who): Promise<unknown> | unknown;
  /** send the body as this content type, as is (a file upload), instead of JSON */
  contentType?: string;
  allowed: Who[];
}

const slug = (who: Who) => who.replace(/[^a-z]+/g, '-').replace(/-+$/, '');
let svc: RunningService;
const version = async (table: 'schools' | 'posts' | 'teachers' | 'appointments', id: string): Promise<number> =>
  (await svc.dataSource.query(`SELECT version FROM staffing.${table} WHERE id = $1`, [id]))[0].version;

const ENDPOINTS: Endpoint[] = [
  // ---- reads
  { method: 'GET', route: '/schools?countyCode=taishan', path: () => `/schools?countyCode=${HOME_COUNTY}`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/schools/:id', path: (w) => `/schools/${w.home.school.id}`, allowed: SCHOOL_READERS },
  { method: 'GET', route: '/schools/:id/vacancies', path: (w) => `/schools/${w.home.school.id}/vacancies`, allowed: SCHOOL_READERS },
  { method: 'GET', route: '/schools/:id/appointments', path: (w) => `/schools/${w.home.school.id}/appointments`, allowed: SCHOOL_READERS },
  { method: 'GET', route: '/vacancies?countyCode=taishan', path: () => `/vacancies?countyCode=${HOME_COUNTY}`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/posts/:id', path: (w) => `/posts/${w.home.post.id}`, allowed: SCHOOL_READERS },
  {
    method: 'GET',
    route: '/teachers?countyCode=taishan&schoolId=:school',
    path: (w) => `/teachers?countyCode=${HOME_COUNTY}&schoolId=${w.home.school.id}`,
    allowed: SCHOOL_READERS,
  },
  { method: 'GET', route: '/teachers/:id', path: (w) => `/teachers/${w.home.teacher.id}`, allowed: TEACHER_READERS },
  { method: 'GET', route: '/teachers/:id/appointments', path: (w) => `/teachers/${w.home.teacher.id}/appointments`, allowed: TEACHER_READERS },
  { method: 'GET', route: '/me', path: () => '/me', allowed: SELF_SERVICE },
  { method: 'GET', route: '/me/appointments', path: () => '/me/appointments', allowed: SELF_SERVICE },
  { method: 'GET', route: '/counties/:countyCode/overview', path: () => `/counties/${HOME_COUNTY}/overview`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/counties/:countyCode/roster.xlsx', path: () => `/counties/${HOME_COUNTY}/roster.xlsx`, allowed: COUNTY_READERS },
  // The audit trail is the officers' own: the scheduler's service account has no use for it.
  { method: 'GET', route: '/audit?countyCode=taishan', path: () => `/audit?countyCode=${HOME_COUNTY}`, allowed: WRITERS },
  // ---- writes (each writer gets its own fresh data, so an allowed write is a plain 2xx)
  {
    method: 'POST',
    route: '/schools',
    path: () => '/schools',
    body: (w, who) => ({ countyCode: HOME_COUNTY, code: `${w.tag}-N${PRINCIPALS.indexOf(who)}`, name: '访问矩阵测试学校', type: 'junior_middle' }),
    allowed: WRITERS,
  },
  {
    method: 'POST',
    route: '/schools/:id/posts',
    path: (w) => `/schools/${w.home.school.id}/posts`,
    body: (_w, who) => ({ subjectCode: who === 'city_admin' ? 'physics' : who === 'county_hr(own county)' ? 'chemistry' : 'biology', category: 'teacher' }),
    allowed: WRITERS,
  },
  {
    method: 'PUT',
    route: '/posts/:id/quotas/:schoolYear',
    path: (w) => `/posts/${w.home.post.id}/quotas/${w.schoolYear}`,
    body: async (w) => ({ approvedHeadcount: 6, version: await version('posts', w.home.post.id) }),
    allowed: WRITERS,
  },
  {
    method: 'POST',
    route: '/teachers',
    path: () => '/teachers',
    body: (w, who) => ({
      countyCode: HOME_COUNTY,
      staffNo: `${w.tag}-N${PRINCIPALS.indexOf(who)}`,
      name: '访问矩阵测试教师',
      gender: 'male',
      birthDate: '1990-01-15',
      firstServiceDate: '2012-09-01',
      subjects: ['english'],
    }),
    allowed: WRITERS,
  },
  {
    method: 'PATCH',
    route: '/teachers/:id',
    path: (w) => `/teachers/${w.home.teacher.id}`,
    body: async (w, who) => ({ version: await version('teachers', w.home.teacher.id), title: `一级教师 ${slug(who)}` }),
    allowed: WRITERS,
  },
  {
    method: 'POST',
    route: '/appointments',
    path: () => '/appointments',
    body: (w) => ({ teacherId: w.poolTeacher.id, schoolId: w.home.school.id, kind: 'support', workloadShare: 0.1, startDate: w.today }),
    allowed: WRITERS,
  },
  {
    method: 'POST',
    route: '/appointments/:id/end',
    path: (w, who) => `/appointments/${w.toEnd[who] ?? w.victim.id}/end`,
    body: (w) => ({ endDate: w.today, reason: '访问矩阵测试' }),
    allowed: WRITERS,
  },
  {
    method: 'POST',
    route: '/appointments/:id/corrections',
    path: (w, who) => `/appointments/${w.toCorrect[who] ?? w.victim.id}/corrections`,
    body: async (w, who) => ({ version: await version('appointments', w.toCorrect[who] ?? w.victim.id), reason: '访问矩阵测试更正', workloadShare: 0.15 }),
    allowed: WRITERS,
  },
  {
    method: 'PATCH',
    route: '/schools/:id',
    path: (w) => `/schools/${w.home.school.id}`,
    body: async (w, who) => ({ version: await version('schools', w.home.school.id), name: `访问矩阵测试学校 ${slug(who)}` }),
    allowed: WRITERS,
  },
  {
    method: 'POST',
    route: '/appointments/:id/arrival',
    path: (w, who) => `/appointments/${w.toArrive[who] ?? w.victim.id}/arrival`,
    allowed: [...WRITERS, 'school_admin(own school)'],
  },
  {
    method: 'POST',
    route: '/imports/:kind?countyCode=taishan',
    path: () => `/imports/schools?countyCode=${HOME_COUNTY}`,
    contentType: 'text/csv',
    body: (w, who) => `code,name,type\n${w.tag}-I${PRINCIPALS.indexOf(who)},导入测试学校,junior_middle\n`,
    allowed: WRITERS,
  },
];

type Expected = '2xx' | '401' | '403';
function expectedFor(e: Endpoint, who: Who): Expected {
  if (UNAUTHENTICATED.has(who)) return '401';
  return e.allowed.includes(who) ? '2xx' : '403';
}

const CASES = ENDPOINTS.flatMap((e) => PRINCIPALS.map((who) => [`${e.method} ${e.route} as ${who} → ${expectedFor(e, who)}`, e, who] as const));

describe('staffing access matrix: every endpoint × role × scope', () => {
  const world = {} as World;
  const headers = {} as Record<Who, Record<string, string>>;

  /** Everything a refused write could have touched. */
  async function state() {
    const ds = svc.dataSource;
    return {
      rows: await rowCounts(ds),
      post: await ds.query(`SELECT version FROM staffing.posts WHERE id = $1`, [world.home.post.id]),
      quotas: await ds.query(`SELECT school_year, approved_headcount FROM staffing.post_quotas WHERE post_id = $1 ORDER BY school_year`, [world.home.post.id]),
      teacher: await ds.query(`SELECT version, title FROM staffing.teachers WHERE id = $1`, [world.home.teacher.id]),
      school: await ds.query(`SELECT version, name FROM staffing.schools WHERE id = $1`, [world.home.school.id]),
      victim: await ds.query(`SELECT version, end_date, superseded_by, workload_share, arrival_confirmed_at FROM staffing.appointments WHERE id = $1`, [world.victim.id]),
    };
  }

  beforeAll(async () => {
    svc = await startService(staffingService, { ...process.env, STAFFING_HTTP_PORT: '0' });
    await ensureCounties(svc.dataSource);
    const admin = new StaffingApi(svc.url, bearer(await mintTestToken({ role: 'city_admin' })));
    const tag = `AX${suffix()}`;
    const today = shanghaiToday();
    Object.assign(world, { today, schoolYear: schoolYearOf(today), tag });
    world.home = await buildCounty(admin, HOME_COUNTY, `${tag}-TS`, today);
    world.other = await buildCounty(admin, OTHER_COUNTY, `${tag}-KP`, today);
    world.school2 = await admin.school(HOME_COUNTY, `${tag}-TS-S2`);
    world.teacher2 = await admin.teacher(HOME_COUNTY, `${tag}-TS-T2`);
    world.poolTeacher = await admin.teacher(HOME_COUNTY, `${tag}-TS-TP`);
    const support = () => admin.appoint({ teacherId: world.poolTeacher.id, schoolId: world.home.school.id, kind: 'support', workloadShare: 0.1, startDate: today });
    world.toEnd = { city_admin: (await support()).id, 'county_hr(own county)': (await support()).id };
    world.toCorrect = { city_admin: (await support()).id, 'county_hr(own county)': (await support()).id };
    // Arrivals use their own teacher, so the shares above keep their room for the correction cells.
    const arriving = await admin.teacher(HOME_COUNTY, `${tag}-TS-TA`);
    world.arrivingTeacher = arriving;
    const arrival = () => admin.appoint({ teacherId: arriving.id, schoolId: world.home.school.id, kind: 'support', workloadShare: 0.1, startDate: today });
    world.toArrive = { city_admin: (await arrival()).id, 'county_hr(own county)': (await arrival()).id, 'school_admin(own school)': (await arrival()).id };
    world.victim = await support();

    const hr = { role: 'county_hr', county: HOME_COUNTY } as const;
    const token = async (claims: Parameters<typeof mintTestToken>[0]) => bearer(await mintTestToken(claims));
    Object.assign(headers, {
      'no token': {},
      'malformed token': { authorization: 'Bearer not-a.jwt' },
      'expired token': bearer(await mintTestToken({ role: 'city_admin' }, { ttlSeconds: -60 })),
      'foreign-signed token': bearer(await mintTestToken({ role: 'city_admin' }, { secret: 'a-different-secret-of-at-least-thirty-two-characters' })),
      city_admin: await token({ role: 'city_admin' }),
      'county_hr(own county)': await token(hr),
      'county_hr(other county)': await token({ role: 'county_hr', county: OTHER_COUNTY }),
      'school_admin(own school)': await token({ role: 'school_admin', county: HOME_COUNTY, school: world.home.school.id }),
      'school_admin(other school)': await token({ role: 'school_admin', county: HOME_COUNTY, school: world.school2.id }),
      'teacher(self)': await token({ role: 'teacher', county: HOME_COUNTY, teacher: world.home.teacher.id }),
      'teacher(other)': await token({ role: 'teacher', county: HOME_COUNTY, teacher: world.teacher2.id }),
      scheduler: await token({ role: 'scheduler' }),
    } satisfies Record<Who, Record<string, string>>);
  });

  afterAll(async () => {
    await svc?.stop();
  });

  it('covers every HTTP route the service declares', async () => {
    const docs = await http(`${svc.url}/docs-json`);
    const declared = Object.entries(docs.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
      .filter((r) => !/ \/(health|metrics)$/.test(r))
      .sort();
    const tested = [...new Set(ENDPOINTS.map((e) => `${e.method} ${e.route.split('?')[0]}`))].sort();
    expect(tested).toEqual(declared);
  });

  it.each(CASES)('%s', async (_name, endpoint, who) => {
    const expected = expectedFor(endpoint, who);
    const write = endpoint.method !== 'GET';
    const body = endpoint.body ? await endpoint.body(world, who) : undefined;
    const before = write ? await state() : undefined;
    const init: RequestInit = { method: endpoint.method, headers: { ...headers[who] } };
    if (body !== undefined) {
      init.body = endpoint.contentType ? String(body) : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = endpoint.contentType ?? 'application/json';
    }
    const r = await http(`${svc.url}${endpoint.path(world, who)}`, init);
    const seen = { status: r.status, body: r.body };

    if (expected === '2xx') {
      expect({ status: r.status >= 200 && r.status < 300 ? '2xx' : r.status, body: r.body }).toEqual({ status: '2xx', body: expect.anything() });
      if (write) expect((await state()).rows.audit_log).toBe(before!.rows.audit_log + 1);
      return;
    }
    const code = expected === '401' ? 'AUTH.UNAUTHENTICATED' : 'AUTH.FORBIDDEN';
    expect(seen).toEqual({ status: Number(expected), body: expect.objectContaining({ statusCode: Number(expected), code, message: expect.any(String) }) });
    if (write) expect(await state()).toEqual(before);
  });

  describe('lists without a county filter stay inside the caller’s scope', () => {
    const ids = (items: { id: string }[]) => items.map((i) => i.id);

    it("a county HR officer sees only their own county's schools, teachers, vacancies and audit entries", async () => {
      const get = async (path: string) => {
        const r = await http(`${svc.url}${path}`, { headers: headers['county_hr(other county)'] });
        expect({ path, status: r.status }).toEqual({ path, status: 200 });
        return r.body.items as Record<string, unknown>[];
      };
      const schools = await get('/schools?limit=500');
      expect(schools.every((s) => s.countyCode === OTHER_COUNTY)).toBe(true);
      expect(ids(schools as { id: string }[])).toContain(world.other.school.id);
      const teachers = await get('/teachers?limit=500');
      expect(teachers.every((t) => t.countyCode === OTHER_COUNTY)).toBe(true);
      expect(ids(teachers as { id: string }[])).toContain(world.other.teacher.id);
      const vacancies = await get('/vacancies?limit=500');
      expect(vacancies.map((v) => v.schoolId)).not.toContain(world.home.school.id);
      const audit = await get('/audit?limit=500');
      expect(audit.length).toBeGreaterThan(0);
      expect(audit.every((a) => a.countyCode === OTHER_COUNTY)).toBe(true);
    });

    it("a school administrator's teacher list is their own school's staff, whatever county they ask for", async () => {
      for (const query of ['', `?countyCode=${OTHER_COUNTY}`]) {
        const r = await http(`${svc.url}/teachers${query}`, { headers: headers['school_admin(own school)'] });
        expect(r.status).toBe(200);
        expect(ids(r.body.items).sort()).toEqual([world.home.teacher.id, world.poolTeacher.id, world.arrivingTeacher.id].sort());
        expect(r.body.items.every((t: { currentSchoolIds: string[] }) => t.currentSchoolIds.includes(world.home.school.id))).toBe(true);
      }
    });

    it("a teacher's /me is their own record, never another's", async () => {
      for (const [who, teacher] of [
        ['teacher(self)', world.home.teacher],
        ['teacher(other)', world.teacher2],
      ] as const) {
        const me = await http(`${svc.url}/me`, { headers: headers[who] });
        expect(me.body.id).toBe(teacher.id);
        const mine = await http(`${svc.url}/me/appointments`, { headers: headers[who] });
        expect(mine.body.teacherId).toBe(teacher.id);
      }
    });
  });
});
