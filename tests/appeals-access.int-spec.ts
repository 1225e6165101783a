import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken } from '@app/testing';
import { rotationService } from '../apps/rotation/src/rotation.service';
import { checkCell, matrixCases, principalHeaders, PRINCIPALS, type MatrixEndpoint, type Who } from './support/access-matrix';
import { buildAppealsCounty, fileAppeal, solvedAmendment, TINY_PDF, type AppealsCounty } from './support/appeals-fixture';
import { declaredRoutes } from './support/fuzz';

/**
 * "401 for a missing or bad token, 403 outside one's scope" for every endpoint of issue #13 in rotation —
 * appeals, their attachments and amendments, and the holiday calendar — × every kind of caller. The
 * appeals live in the home county; the "other" principals are an HR officer of another county, the
 * administrator of another school and another teacher of the home county (who has a move and an appeal of
 * their own), so a check that looked only at the county or only at the role is caught. An appeal and its
 * files are read by the teacher who filed it and HR of the county (and the city); nobody else.
 */
const HOME = 'appealaccess';
const OTHER = 'otheraccess';
const YEAR = 2034;
const WRITERS: Who[] = ['city_admin', 'county_hr(own county)'];
const SELF_SERVICE: Who[] = ['teacher(self)', 'teacher(other)'];
const APPEAL_READERS: Who[] = [...WRITERS, 'teacher(self)'];
const EVERYONE: Who[] = ['city_admin', 'county_hr(own county)', 'county_hr(other county)', 'school_admin(own school)', 'school_admin(other school)', 'teacher(self)', 'teacher(other)', 'scheduler'];

interface World {
  c: AppealsCounty;
  self: string;
  other: string;
  selfAppeal: any;
  attachmentId: string;
  /** per allowed writer: the appeal it decides; refused callers aim at the victim's */
  upholdFor: Partial<Record<Who, any>>;
  upholdVictim: any;
  amendFor: Partial<Record<Who, any>>;
  amendVictim: any;
  /** an amendment of the victim's appeal, for the reads and the refused approvals */
  victimAmendment: any;
  approveFor: Partial<Record<Who, any>>;
  /** the amendment an allowed writer approves, solved right before (so its version is the plan's) */
  approving: Partial<Record<Who, any>>;
  calendarVersion: number;
}
type Endpoint = MatrixEndpoint<World>;

let svc: RunningService;
const hrHome = async () => bearer(await mintTestToken({ role: 'county_hr', county: HOME }));
const calendarVersion = async (year: number) => (await http(`${svc.url}/calendar/years/${year}`, { headers: bearer(await mintTestToken({ role: 'city_admin' })) })).body.version as number;

const FILING: Endpoint[] = [
  { method: 'POST', route: '/cycles/:id/me/appeals', path: (w) => `/cycles/${w.c.cycleId}/me/appeals`, body: () => ({ reasons: '访问矩阵测试申诉' }), allowed: SELF_SERVICE },
];

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', route: '/cycles/:id/me/move', path: (w) => `/cycles/${w.c.cycleId}/me/move`, allowed: SELF_SERVICE },
  { method: 'GET', route: '/me/appeals', path: () => '/me/appeals', allowed: SELF_SERVICE },
  { method: 'GET', route: '/appeals?countyCode=:home', path: () => `/appeals?countyCode=${HOME}`, allowed: WRITERS },
  { method: 'GET', route: '/appeals/:id', path: (w) => `/appeals/${w.selfAppeal.id}`, allowed: APPEAL_READERS },
  { method: 'GET', route: '/appeals/:id/attachments/:attachmentId', path: (w) => `/appeals/${w.selfAppeal.id}/attachments/${w.attachmentId}`, allowed: APPEAL_READERS },
  { method: 'POST', route: '/appeals/:id/attachments', path: (w) => `/appeals/${w.selfAppeal.id}/attachments?filename=matrix.pdf`, contentType: 'application/pdf', body: () => TINY_PDF, allowed: ['teacher(self)'] },
  {
    method: 'POST',
    route: '/appeals/:id/uphold',
    path: (w, who) => `/appeals/${(w.upholdFor[who] ?? w.upholdVictim).id}/uphold`,
    body: () => ({ reason: '维持原决定：访问矩阵测试', version: 1 }),
    allowed: WRITERS,
  },
  { method: 'POST', route: '/appeals/:id/amendments', path: (w, who) => `/appeals/${(w.amendFor[who] ?? w.amendVictim).id}/amendments`, body: () => ({ action: 'forbid' }), allowed: WRITERS },
  { method: 'GET', route: '/appeals/:id/amendments/:amendmentId', path: (w) => `/appeals/${w.amendVictim.id}/amendments/${w.victimAmendment.id}`, allowed: WRITERS },
  {
    method: 'POST',
    route: '/appeals/:id/amendments/:amendmentId/approve',
    path: (w, who) => (w.approving[who] ? `/appeals/${w.approveFor[who].id}/amendments/${w.approving[who].id}/approve` : `/appeals/${w.amendVictim.id}/amendments/${w.victimAmendment.id}/approve`),
    body: async (w, who) => {
      if (!WRITERS.includes(who)) return { version: w.victimAmendment.cycleVersion, reason: '越权批准' };
      w.approving[who] = await solvedAmendment(svc, who === 'city_admin' ? bearer(await mintTestToken({ role: 'city_admin' })) : await hrHome(), w.approveFor[who].id);
      return { version: w.approving[who].cycleVersion, reason: '同意调整：访问矩阵测试' };
    },
    allowed: WRITERS,
  },
  { method: 'GET', route: '/calendar/years/:year', path: () => '/calendar/years/2026', allowed: EVERYONE },
  { method: 'GET', route: '/calendar/deadline?from=&days=', path: () => '/calendar/deadline?from=2026-09-29&days=5', allowed: EVERYONE },
  {
    method: 'PUT',
    route: '/calendar/years/:year',
    path: () => '/calendar/years/2045',
    body: async () => ({ status: 'assumption', source: '访问矩阵测试：2045年安排（假设）', holidays: [{ date: '2045-10-02', name: '国庆节' }], workdays: [], version: await calendarVersion(2045) }),
    allowed: ['city_admin'],
  },
  {
    method: 'POST',
    route: '/imports/calendar',
    path: (w) => `/imports/calendar?year=2046&status=assumption&source=${encodeURIComponent('访问矩阵测试：2046年安排（假设）')}&version=${w.calendarVersion}`,
    contentType: 'text/csv',
    body: async (w) => {
      w.calendarVersion = await calendarVersion(2046);
      return '日期,类型,名称\n2046-10-01,放假,国庆节\n2046-09-29,上班,国庆节调休\n';
    },
    allowed: ['city_admin'],
  },
];

describe('appeals access matrix: every new endpoint × role × scope', () => {
  const world = { upholdFor: {}, amendFor: {}, approveFor: {}, approving: {} } as World;
  const headers = {} as Record<Who, Record<string, string>>;

  /** Everything a refused write could have touched; `audits` counts the requests that wrote an audit entry. */
  async function state() {
    const ds = svc.dataSource;
    const [counts] = await ds.query(`SELECT (SELECT count(*)::int FROM rotation.appeals) AS appeals, (SELECT count(*)::int FROM rotation.appeal_attachments) AS attachments,
      (SELECT count(*)::int FROM rotation.amendments) AS amendments, (SELECT count(*)::int FROM rotation.calendar_years) AS calendar,
      (SELECT count(*)::int FROM rotation.approved_moves WHERE cancelled_by IS NOT NULL) AS cancelled, (SELECT count(*)::int FROM rotation.outbox) AS outbox,
      (SELECT count(DISTINCT correlation_id)::int FROM rotation.audit_log) AS audits`);
    const victims = await ds.query(`SELECT id, status, version FROM rotation.appeals WHERE id = ANY($1) ORDER BY id`, [[world.upholdVictim.id, world.amendVictim.id]]);
    return { ...counts, victims };
  }

  beforeAll(async () => {
    svc = await startService(rotationService, { ...process.env, ROTATION_HTTP_PORT: '0' });
    world.c = await buildAppealsCounty(svc, HOME, YEAR, 11);
    const m = world.c.movers;
    [world.self, world.other] = [m[0], m[1]];
    world.upholdFor = { city_admin: await fileAppeal(svc, world.c, m[2]), 'county_hr(own county)': await fileAppeal(svc, world.c, m[3]) };
    world.upholdVictim = await fileAppeal(svc, world.c, m[4]);
    world.amendFor = { city_admin: await fileAppeal(svc, world.c, m[5]), 'county_hr(own county)': await fileAppeal(svc, world.c, m[6]) };
    world.amendVictim = await fileAppeal(svc, world.c, m[7]);
    world.approveFor = { city_admin: await fileAppeal(svc, world.c, m[8]), 'county_hr(own county)': await fileAppeal(svc, world.c, m[9]) };
    world.victimAmendment = await solvedAmendment(svc, await hrHome(), world.amendVictim.id);
    Object.assign(
      headers,
      await principalHeaders({ homeCounty: HOME, otherCounty: OTHER, school: world.c.schools.O1, otherSchool: world.c.schools.S, teacher: world.self, otherTeacher: world.other }),
    );
  }, 300000);

  afterAll(async () => {
    await svc?.stop();
  });

  it('covers every HTTP route of appeals and the calendar the service declares', async () => {
    const declared = (await declaredRoutes(svc.url)).filter((r) => /\/(appeals|calendar)|\/me\/move$/.test(r));
    const tested = [...new Set([...FILING, ...ENDPOINTS].map((e) => `${e.method} ${e.route.split('?')[0]}`))].sort();
    expect(tested).toEqual(declared);
  });

  it.each(matrixCases<World, Endpoint>(FILING))('%s', (_name, endpoint, who) => checkCell(svc.url, endpoint, who, world, headers, state, (x) => x.audits));

  it("finds the teacher's own appeal and adds a file to it, for the cells that read them", async () => {
    const mine = await http(`${svc.url}/me/appeals`, { headers: headers['teacher(self)'] });
    expect(mine.body.items).toHaveLength(1);
    world.selfAppeal = mine.body.items[0];
    const file = await http(`${svc.url}/appeals/${world.selfAppeal.id}/attachments?filename=first.pdf`, { method: 'POST', headers: { ...headers['teacher(self)'], 'content-type': 'application/pdf' }, body: TINY_PDF });
    expect(file.status).toBe(201);
    world.attachmentId = file.body.id;
  });

  it.each(matrixCases<World, Endpoint>(ENDPOINTS))('%s', (_name, endpoint, who) => checkCell(svc.url, endpoint, who, world, headers, state, (x) => x.audits));

  it('a county HR officer lists only their own county’s appeals; a teacher reads only their own', async () => {
    const other = await http(`${svc.url}/appeals`, { headers: headers['county_hr(other county)'] });
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
    const mine = await http(`${svc.url}/me/appeals`, { headers: headers['teacher(other)'] });
    expect(mine.body.items.map((a: { teacherId: string }) => a.teacherId)).toEqual([world.other]);
    expect(PRINCIPALS.length).toBe(12);
  });
});
