import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken } from '@app/testing';
import { checkCell, matrixCases, principalHeaders, PRINCIPALS, type MatrixEndpoint, type Who } from './support/access-matrix';
import { staffingService } from '../apps/staffing/src/staffing.service';
import { declaredRoutes } from './support/fuzz';
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

/** The county's officers and the city: who may write. */
const WRITERS: Who[] = ['city_admin', 'county_hr(own county)'];
const COUNTY_READERS: Who[] = ['city_admin', 'county_hr(own county)', 'scheduler'];
const SCHOOL_READERS: Who[] = [...COUNTY_READERS, 'school_admin(own school)'];
const TEACHER_READERS: Who[] = [...SCHOOL_READERS, 'teacher(self)'];
const SELF_SERVICE: Who[] = ['teacher(self)', 'teacher(other)'];
/** Policy values are public to every signed-in role; only the city administrator adds them. */
const EVERYONE: Who[] = ['city_admin', 'county_hr(own county)', 'county_hr(other county)', 'school_admin(own school)', 'school_admin(other school)', 'teacher(self)', 'teacher(other)', 'scheduler'];
/** A school year far ahead in which only the home post has a headcount: each carry-forward cell carries exactly that one. */
const CARRY_FROM = 40;

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
  /** R10: a quality urban kindergarten, a village kindergarten per writer, a pairing per writer to end */
  kindergarten: any;
  villageFor: Partial<Record<Who, any>>;
  pairingToEnd: Partial<Record<Who, any>>;
  victimPairing: any;
  /** per writer: the absence it changes / cancels; refused callers aim at `victimAbsence` */
  toChangeAbsence: Partial<Record<Who, string>>;
  toCancelAbsence: Partial<Record<Who, string>>;
  victimAbsence: any;
}

type Endpoint = MatrixEndpoint<World>;

const slug = (who: Who) => who.replace(/[^a-z]+/g, '-').replace(/-+$/, '');
let svc: RunningService;
const version = async (table: 'schools' | 'posts' | 'teachers' | 'appointments' | 'absences', id: string): Promise<number> =>
  (await svc.dataSource.query(`SELECT version FROM staffing.${table} WHERE id = $1`, [id]))[0].version;
const establishmentVersion = async (teacherId: string): Promise<number> =>
  (await svc.dataSource.query(`SELECT establishment_version AS v FROM staffing.teachers WHERE id = $1`, [teacherId]))[0].v;

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
  { method: 'GET', route: '/teachers/:id/establishment', path: (w) => `/teachers/${w.home.teacher.id}/establishment`, allowed: TEACHER_READERS },
  { method: 'GET', route: '/teachers/:id/absences', path: (w) => `/teachers/${w.home.teacher.id}/absences`, allowed: TEACHER_READERS },
  { method: 'GET', route: '/me', path: () => '/me', allowed: SELF_SERVICE },
  { method: 'GET', route: '/me/appointments', path: () => '/me/appointments', allowed: SELF_SERVICE },
  { method: 'GET', route: '/counties/:countyCode/overview', path: () => `/counties/${HOME_COUNTY}/overview`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/counties/:countyCode/roster.xlsx', path: () => `/counties/${HOME_COUNTY}/roster.xlsx`, allowed: COUNTY_READERS },
  { method: 'GET', route: '/schools/:id/arrivals', path: (w) => `/schools/${w.home.school.id}/arrivals`, allowed: SCHOOL_READERS },
  // The county list is reference data every signed-in person may read; targets are filtered to the officer's own county.
  { method: 'GET', route: '/counties', path: () => '/counties', allowed: EVERYONE },
  { method: 'GET', route: '/targets', path: () => '/targets', allowed: [...COUNTY_READERS, 'county_hr(other county)'] },
  { method: 'GET', route: '/kindergartens?countyCode=taishan', path: () => `/kindergartens?countyCode=${HOME_COUNTY}`, allowed: COUNTY_READERS },
  // The audit trail is the officers' own: the scheduler's service account has no use for it.
  { method: 'GET', route: '/audit?countyCode=taishan', path: () => `/audit?countyCode=${HOME_COUNTY}`, allowed: WRITERS },
  { method: 'GET', route: '/policy-values?key=R1.min_exchange_share', path: () => '/policy-values?key=R1.min_exchange_share', allowed: EVERYONE },
  { method: 'GET', route: '/policy-values/in-force?date=:date', path: (w) => `/policy-values/in-force?date=${w.today}`, allowed: EVERYONE },
  // ---- writes (each writer gets its own fresh data, so an allowed write is a plain 2xx)
  {
    method: 'POST',
    route: '/policy-values',
    path: () => '/policy-values',
    body: (w, who) => ({ key: 'R1.national_base_share', value: 0.1, effectiveFrom: `${Number(w.today.slice(0, 4)) + 30 + PRINCIPALS.indexOf(who)}-09-01`, source: `访问矩阵测试 ${w.tag}` }),
    allowed: ['city_admin'],
  },
  {
    method: 'POST',
    route: '/counties/:countyCode/quotas/carry-forward',
    path: () => `/counties/${HOME_COUNTY}/quotas/carry-forward`,
    body: (w, who) => ({ fromYear: w.schoolYear + CARRY_FROM, toYear: w.schoolYear + CARRY_FROM + 1 + PRINCIPALS.indexOf(who), dryRun: false }),
    allowed: WRITERS,
  },
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
  // A teacher's contact details: the teacher and their county's HR only (not school administrators, not other teachers, not the operators).
  { method: 'GET', route: '/teachers/:id/contact', path: (w) => `/teachers/${w.home.teacher.id}/contact`, allowed: ['city_admin', 'county_hr(own county)', 'teacher(self)'] },
  {
    method: 'PUT',
    route: '/teachers/:id/contact',
    path: (w) => `/teachers/${w.home.teacher.id}/contact`,
    body: async (w, who) => ({
      email: `matrix${PRINCIPALS.indexOf(who)}@example.edu.cn`,
      phone: null,
      language: 'en',
      version: (await svc.dataSource.query(`SELECT coalesce(max(version), 0)::int AS v FROM staffing.teacher_contacts WHERE teacher_id = $1`, [w.home.teacher.id]))[0].v,
    }),
    allowed: ['city_admin', 'county_hr(own county)', 'teacher(self)'],
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
    route: '/kindergartens/designations',
    path: () => '/kindergartens/designations',
    body: (w) => ({ schoolId: w.kindergarten.id, from: w.today }),
    allowed: WRITERS,
  },
  {
    method: 'POST',
    route: '/teachers/:id/establishment',
    path: (w) => `/teachers/${w.home.teacher.id}/establishment`,
    // each allowed writer records another change from its own date, so every allowed write is a real change
    body: async (w, who) => ({
      type: who === 'city_admin' ? 'special_post' : 'on_establishment',
      effectiveFrom: who === 'city_admin' ? '2012-09-01' : '2015-09-01',
      reason: '访问矩阵测试编制',
      version: await establishmentVersion(w.home.teacher.id),
    }),
    allowed: WRITERS,
  },
  {
    method: 'POST',
    route: '/kindergartens/pairings',
    path: () => '/kindergartens/pairings',
    body: (w, who) => ({ urbanSchoolId: w.kindergarten.id, villageSchoolId: (w.villageFor[who] ?? w.victimPairing.village).id, from: w.today }),
    allowed: WRITERS,
  },
  {
    method: 'POST',
    route: '/absences',
    path: () => '/absences',
    body: (w, who) => ({ teacherId: w.poolTeacher.id, kind: 'paid_leave', startDate: `2020-0${1 + PRINCIPALS.indexOf(who) % 9}-01`, endDate: `2020-0${1 + PRINCIPALS.indexOf(who) % 9}-05`, reason: '访问矩阵测试请假' }),
    allowed: WRITERS,
  },
  {
    method: 'PATCH',
    route: '/absences/:id',
    path: (w, who) => `/absences/${w.toChangeAbsence[who] ?? w.victimAbsence.id}`,
    body: async (w, who) => ({ version: await version('absences', w.toChangeAbsence[who] ?? w.victimAbsence.id), reason: '访问矩阵测试改期', kind: 'unpaid_leave' }),
    allowed: WRITERS,
  },
  {
    method: 'POST',
    route: '/kindergartens/pairings/:id/end',
    path: (w, who) => `/kindergartens/pairings/${(w.pairingToEnd[who] ?? w.victimPairing).id}/end`,
    body: (w, who) => ({ until: w.today, reason: '访问矩阵测试', version: (w.pairingToEnd[who] ?? w.victimPairing).version }),
    allowed: WRITERS,
  },
  {
    method: 'POST',
    route: '/absences/:id/cancel',
    path: (w, who) => `/absences/${w.toCancelAbsence[who] ?? w.victimAbsence.id}/cancel`,
    body: async (w, who) => ({ version: await version('absences', w.toCancelAbsence[who] ?? w.victimAbsence.id), reason: '访问矩阵测试撤销' }),
    allowed: WRITERS,
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

const CASES = matrixCases<World, Endpoint>(ENDPOINTS);

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
      pairing: await ds.query(`SELECT version, until_date FROM staffing.kindergarten_pairings WHERE id = $1`, [world.victimPairing.id]),
      victimAbsence: await ds.query(`SELECT version, kind, status, reason FROM staffing.absences WHERE id = $1`, [world.victimAbsence.id]),
      establishment: await ds.query(`SELECT establishment_version FROM staffing.teachers WHERE id = $1`, [world.home.teacher.id]),
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
    await admin.quota(world.home.post.id, world.schoolYear + CARRY_FROM, 3);
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
    world.kindergarten = await admin.school(HOME_COUNTY, `${tag}-KG`, { type: 'kindergarten_county_town', rural: false });
    await admin.call('POST', '/kindergartens/designations', { schoolId: world.kindergarten.id, from: '2024-09-01' }, 201);
    const village = (n: string) => admin.school(HOME_COUNTY, `${tag}-KV${n}`, { type: 'kindergarten_village' });
    const pairing = async (n: string) => {
      const v = await village(n);
      return { ...(await admin.call('POST', '/kindergartens/pairings', { urbanSchoolId: world.kindergarten.id, villageSchoolId: v.id, from: '2024-09-01' }, 201)), village: v };
    };
    world.villageFor = { city_admin: await village('A'), 'county_hr(own county)': await village('H') };
    world.pairingToEnd = { city_admin: await pairing('EA'), 'county_hr(own county)': await pairing('EH') };
    world.victimPairing = await pairing('V');
    // Absences of the other teacher, one for each change or cancellation an allowed writer makes.
    let month = 0;
    const absence = async () =>
      admin.call('POST', '/absences', { teacherId: world.teacher2.id, kind: 'paid_leave', startDate: `2021-${String(++month).padStart(2, '0')}-01`, endDate: `2021-${String(month).padStart(2, '0')}-10`, reason: '访问矩阵测试' }, 201);
    world.toChangeAbsence = { city_admin: (await absence()).id, 'county_hr(own county)': (await absence()).id };
    world.toCancelAbsence = { city_admin: (await absence()).id, 'county_hr(own county)': (await absence()).id };
    world.victimAbsence = await absence();

    Object.assign(
      headers,
      await principalHeaders({
        homeCounty: HOME_COUNTY,
        otherCounty: OTHER_COUNTY,
        school: world.home.school.id,
        otherSchool: world.school2.id,
        teacher: world.home.teacher.id,
        otherTeacher: world.teacher2.id,
      }),
    );
  });

  afterAll(async () => {
    await svc?.stop();
  });

  it('covers every HTTP route the service declares', async () => {
    const declared = await declaredRoutes(svc.url);
    const tested = [...new Set(ENDPOINTS.map((e) => `${e.method} ${e.route.split('?')[0]}`))].sort();
    expect(tested).toEqual(declared);
  });

  it.each(CASES)('%s', (_name, endpoint, who) => checkCell(svc.url, endpoint, who, world, headers, state, (x) => x.rows.audit_log));

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
