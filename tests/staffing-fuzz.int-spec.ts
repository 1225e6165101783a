import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken } from '@app/testing';
import { staffingService } from '../apps/staffing/src/staffing.service';
import {
  AS_OF,
  BAD_BOOL,
  BAD_COUNTY,
  BAD_DATE,
  BAD_ENUM,
  BAD_IDS,
  BAD_SHARE,
  BAD_TEXT,
  BAD_UUID,
  BAD_VERSION,
  declaredRoutes,
  encode,
  fuzzProblem,
  HUGE,
  inBatches,
  NUL,
  orNull,
  PAGE,
  randomisedRequests,
  raw,
  Rng,
  sendFuzz,
  show,
  systematicRequests,
  type Bad,
  type FuzzRequest,
  type ReadSpec,
  type WriteSpec,
  MALFORMED_JSON,
} from './support/fuzz';
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
 * "Every endpoint validates bodies, params and queries; unknown ids → 404; malformed JSON → 400 with a
 * message; no input yields a 500." A deterministic fuzz (seeded PRNG) sends well over 600 malformed
 * requests across every staffing endpoint as the city administrator (who passes every scope check, so
 * validation is all that stands between the input and the database) and checks that each gets a 4xx
 * JSON answer with a message and that nothing was written.
 */

const SEED = 0x5eed_2026;

const BAD_SUBJECT: Bad[] = ['Math', 'a'.repeat(33), 1, '', 'klingon', 'math-1'];

interface World {
  today: string;
  schoolYear: number;
  tag: string;
  home: CountyFixture;
  other: CountyFixture;
  pool: any;
  open: any;
  absence: any;
  versions: { post: number; teacher: number; open: number; school: number; absence: number; establishment: number };
  /** R10: a quality urban kindergarten and one of its village pairings */
  kindergarten: any;
  pairing: any;
}

/** A write spec by its route (not by position, which moves when endpoints are added). */
function spec(method: string, route: string): WriteSpec<World> {
  const found = WRITES.find((x) => x.method === method && x.route === route);
  if (!found) throw new Error(`no write spec for ${method} ${route}`);
  return found;
}

const WRITES: WriteSpec<World>[] = [
  {
    method: 'POST',
    route: '/schools',
    path: () => '/schools',
    base: (w, n) => ({
      countyCode: HOME_COUNTY,
      code: `${w.tag}-${n}`,
      name: '模糊测试学校',
      type: 'township_central',
      districtCode: 'fuzz',
      weak: false,
      smallScale: false,
      rural: true,
      remoteTier: 1,
    }),
    fields: {
      countyCode: orNull(BAD_COUNTY),
      code: orNull(BAD_TEXT).concat(['x'.repeat(33)]),
      name: orNull(BAD_TEXT).concat(['x'.repeat(201)]),
      type: orNull(BAD_ENUM),
      districtCode: BAD_TEXT.concat(['x'.repeat(65)]),
      weak: orNull(BAD_BOOL),
      smallScale: orNull(BAD_BOOL),
      rural: orNull(BAD_BOOL),
      remoteTier: [4, -1, 1.5, '1', null, 1e9, raw('1e309')],
    },
    required: ['countyCode', 'code', 'name', 'type'],
  },
  {
    method: 'POST',
    route: '/schools/:id/posts',
    path: (w) => `/schools/${w.home.school.id}/posts`,
    unknownPath: (_w, id) => `/schools/${id}/posts`,
    base: () => ({ subjectCode: 'music', category: 'teacher' }),
    fields: { subjectCode: [...BAD_SUBJECT, null, HUGE, NUL], category: orNull(BAD_ENUM).concat(['principal']) },
    required: ['category'],
    badPaths: () => BAD_IDS.map((id) => `/schools/${id}/posts`),
  },
  {
    method: 'PUT',
    route: '/posts/:id/quotas/:schoolYear',
    path: (w) => `/posts/${w.home.post.id}/quotas/${w.schoolYear}`,
    unknownPath: (w, id) => `/posts/${id}/quotas/${w.schoolYear}`,
    base: (w) => ({ approvedHeadcount: 3, version: w.versions.post }),
    fields: { approvedHeadcount: [-1, 10001, 1.5, '5', null, {}, raw('1e309'), 2147483648], version: orNull(BAD_VERSION) },
    required: ['approvedHeadcount', 'version'],
    badPaths: (w) => [
      ...BAD_IDS.map((id) => `/posts/${id}/quotas/${w.schoolYear}`),
      ...['1999', '2101', 'abc', '2025.5', '-1', '1e3', '99999999999999999999', '%20', 'NaN', 'Infinity'].map((y) => `/posts/${w.home.post.id}/quotas/${y}`),
    ],
  },
  {
    method: 'POST',
    route: '/teachers',
    path: () => '/teachers',
    base: (w, n) => ({
      countyCode: HOME_COUNTY,
      staffNo: `${w.tag}-${n}`,
      name: '模糊测试教师',
      gender: 'female',
      birthDate: '1988-05-06',
      firstServiceDate: '2010-09-01',
      subjects: ['mathematics'],
      title: '一级教师',
      backboneLevel: 'county',
      category: 'teacher',
    }),
    fields: {
      countyCode: orNull(BAD_COUNTY),
      staffNo: orNull(BAD_TEXT).concat(['x'.repeat(33)]),
      name: orNull(BAD_TEXT).concat(['x'.repeat(101)]),
      gender: orNull(BAD_ENUM).concat(['other']),
      birthDate: orNull(BAD_DATE).concat(['2999-01-01']),
      firstServiceDate: orNull(BAD_DATE).concat(['1990-01-01']),
      subjects: ['mathematics', ['Math'], [1], Array(11).fill('art'), null, [null], ['klingon'], [], {}, [HUGE], [NUL]],
      title: BAD_TEXT.concat(['x'.repeat(65)]),
      backboneLevel: orNull(BAD_ENUM),
      category: orNull(BAD_ENUM).concat(['leader']),
    },
    required: ['countyCode', 'staffNo', 'name', 'gender', 'birthDate', 'firstServiceDate', 'subjects'],
  },
  {
    method: 'PATCH',
    route: '/teachers/:id',
    path: (w) => `/teachers/${w.home.teacher.id}`,
    unknownPath: (_w, id) => `/teachers/${id}`,
    base: (w) => ({ version: w.versions.teacher, name: '改名测试' }),
    fields: {
      version: orNull(BAD_VERSION),
      staffNo: orNull(BAD_TEXT),
      name: orNull(BAD_TEXT),
      gender: orNull(BAD_ENUM),
      birthDate: orNull(BAD_DATE).concat(['2999-01-01']),
      firstServiceDate: orNull(BAD_DATE).concat(['1970-01-01']),
      subjects: ['mathematics', ['Math'], [1], Array(11).fill('art'), null, [null], ['klingon'], []],
      title: BAD_TEXT,
      backboneLevel: orNull(BAD_ENUM),
      category: orNull(BAD_ENUM),
      countyCode: [OTHER_COUNTY, HOME_COUNTY, 'Taishan'],
      id: ['00000000-0000-4000-8000-000000000000'],
    },
    required: ['version'],
    badPaths: () => BAD_IDS.map((id) => `/teachers/${id}`),
  },
  {
    method: 'PATCH',
    route: '/schools/:id',
    path: (w) => `/schools/${w.home.school.id}`,
    unknownPath: (_w, id) => `/schools/${id}`,
    base: (w) => ({ version: w.versions.school, name: '改名测试学校' }),
    fields: {
      version: orNull(BAD_VERSION),
      name: orNull(BAD_TEXT),
      type: orNull(BAD_ENUM),
      districtCode: BAD_TEXT,
      weak: orNull(BAD_BOOL),
      smallScale: orNull(BAD_BOOL),
      rural: orNull(BAD_BOOL),
      remoteTier: orNull([-1, 4, 1.5, '2', 99]),
      countyCode: ['kaiping'],
      code: ['NEW-CODE'],
    },
    required: ['version'],
    badPaths: () => BAD_IDS.map((id) => `/schools/${id}`),
  },
  {
    method: 'POST',
    route: '/appointments',
    path: () => '/appointments',
    base: (w) => ({
      teacherId: w.pool.id,
      schoolId: w.home.school.id,
      postId: null,
      kind: 'support',
      role: 'teacher',
      workloadShare: 0.5,
      startDate: w.today,
      endDate: null,
      reason: '模糊测试',
    }),
    fields: {
      teacherId: orNull(BAD_UUID),
      schoolId: orNull(BAD_UUID),
      postId: BAD_UUID,
      kind: orNull(BAD_ENUM),
      role: orNull(BAD_ENUM).concat(['scheduler', 'city_admin']),
      workloadShare: orNull(BAD_SHARE),
      startDate: orNull(BAD_DATE),
      endDate: BAD_DATE.concat(['2000-01-01']),
      reason: BAD_TEXT.concat(['x'.repeat(1001)]),
    },
    required: ['teacherId', 'schoolId', 'kind', 'startDate'],
  },
  {
    method: 'POST',
    route: '/appointments/:id/end',
    path: (w) => `/appointments/${w.open.id}/end`,
    unknownPath: (_w, id) => `/appointments/${id}/end`,
    base: (w) => ({ endDate: w.today, reason: '模糊测试结束', version: w.versions.open }),
    fields: { endDate: orNull(BAD_DATE).concat(['2000-01-01']), reason: orNull(BAD_TEXT).concat(['x'.repeat(1001)]), version: orNull(BAD_VERSION) },
    required: ['endDate', 'reason'],
    badPaths: () => BAD_IDS.map((id) => `/appointments/${id}/end`),
  },
  {
    method: 'POST',
    route: '/appointments/:id/corrections',
    path: (w) => `/appointments/${w.open.id}/corrections`,
    unknownPath: (_w, id) => `/appointments/${id}/corrections`,
    base: (w) => ({ version: w.versions.open, reason: '模糊测试更正', workloadShare: 0.6 }),
    fields: {
      version: orNull(BAD_VERSION),
      reason: orNull(BAD_TEXT).concat(['x'.repeat(1001)]),
      schoolId: orNull(BAD_UUID),
      postId: BAD_UUID,
      kind: orNull(BAD_ENUM),
      role: orNull(BAD_ENUM),
      workloadShare: orNull(BAD_SHARE),
      startDate: orNull(BAD_DATE),
      endDate: BAD_DATE.concat(['2000-01-01']),
      teacherId: ['00000000-0000-4000-8000-000000000000'],
    },
    required: ['version', 'reason'],
    badPaths: () => BAD_IDS.map((id) => `/appointments/${id}/corrections`),
  },
  {
    method: 'POST',
    route: '/kindergartens/designations',
    path: () => '/kindergartens/designations',
    base: (w) => ({ schoolId: w.kindergarten.id, from: w.today, until: null }),
    fields: { schoolId: orNull(BAD_UUID), from: orNull(BAD_DATE), until: BAD_DATE.concat(['2000-01-01']) },
    required: ['schoolId', 'from'],
  },
  {
    method: 'POST',
    route: '/kindergartens/pairings',
    path: () => '/kindergartens/pairings',
    base: (w) => ({ urbanSchoolId: w.kindergarten.id, villageSchoolId: w.pairing.villageSchoolId, from: w.today, until: null }),
    fields: { urbanSchoolId: orNull(BAD_UUID), villageSchoolId: orNull(BAD_UUID), from: orNull(BAD_DATE), until: BAD_DATE.concat(['2000-01-01']) },
    required: ['urbanSchoolId', 'villageSchoolId', 'from'],
  },
  {
    method: 'POST',
    route: '/kindergartens/pairings/:id/end',
    path: (w) => `/kindergartens/pairings/${w.pairing.id}/end`,
    unknownPath: (_w, id) => `/kindergartens/pairings/${id}/end`,
    base: (w) => ({ until: w.today, reason: '模糊测试结束', version: w.pairing.version }),
    fields: { until: orNull(BAD_DATE).concat(['2000-01-01']), reason: orNull(BAD_TEXT).concat(['x'.repeat(501)]), version: orNull(BAD_VERSION) },
    required: ['until', 'reason', 'version'],
    badPaths: () => BAD_IDS.map((id) => `/kindergartens/pairings/${id}/end`),
  },
  {
    method: 'POST',
    route: '/policy-values',
    path: () => '/policy-values',
    base: (w, n) => ({ key: 'R1.national_base_share', value: 0.1, effectiveFrom: `${Number(w.today.slice(0, 4)) + 50 + (n % 40)}-09-01`, source: `模糊测试 ${w.tag}` }),
    fields: {
      key: orNull(BAD_TEXT).concat(['R1.nope', 'x'.repeat(101), 'R1.national_base_share%00']),
      value: [2, -0.5, '0.1', null, {}, raw('1e309'), true],
      effectiveFrom: orNull(AS_OF).concat(['2000-01-01']),
      source: orNull(BAD_TEXT).concat(['x'.repeat(1001)]),
    },
    required: ['key', 'value', 'effectiveFrom', 'source'],
  },
  {
    method: 'POST',
    route: '/counties/:countyCode/quotas/carry-forward',
    path: () => `/counties/${HOME_COUNTY}/quotas/carry-forward`,
    base: (w) => ({ fromYear: w.schoolYear, toYear: w.schoolYear + 1, dryRun: false }),
    fields: { fromYear: [1999, 2101, 1.5, '2026', null, raw('1e309')], toYear: [1999, 2101, 'next', null, -1], dryRun: ['no', 0, null, 'false'] },
    required: ['fromYear', 'toYear'],
    badPaths: () => ['Taishan', '123', 'tai_shan', 'nowhere', '%00', 'x'.repeat(90)].map((c) => `/counties/${c}/quotas/carry-forward`),
  },
  {
    method: 'POST',
    route: '/teachers/:id/establishment',
    path: (w) => `/teachers/${w.home.teacher.id}/establishment`,
    unknownPath: (_w, id) => `/teachers/${id}/establishment`,
    base: (w) => ({ type: 'contract', effectiveFrom: '2019-09-01', reason: '模糊测试编制', version: w.versions.establishment }),
    fields: {
      type: orNull(BAD_ENUM).concat(['在编', 'tenured']),
      effectiveFrom: orNull(BAD_DATE).concat(['1990-01-01']),
      reason: orNull(BAD_TEXT).concat(['x'.repeat(501)]),
      version: orNull(BAD_VERSION),
      teacherId: ['00000000-0000-4000-8000-000000000000'],
    },
    required: ['type', 'effectiveFrom', 'reason', 'version'],
    badPaths: () => BAD_IDS.map((id) => `/teachers/${id}/establishment`),
  },
  {
    method: 'POST',
    route: '/absences',
    path: () => '/absences',
    base: (w) => ({ teacherId: w.pool.id, kind: 'unpaid_leave', startDate: '2022-03-01', endDate: '2022-03-10', reason: '模糊测试请假' }),
    fields: {
      teacherId: orNull(BAD_UUID),
      kind: orNull(BAD_ENUM).concat(['sick', '事假']),
      startDate: orNull(BAD_DATE).concat(['1990-01-01']),
      endDate: BAD_DATE.concat(['2022-02-01']),
      reason: orNull(BAD_TEXT).concat(['x'.repeat(501)]),
      status: ['cancelled'],
    },
    required: ['teacherId', 'kind', 'startDate', 'reason'],
  },
  {
    method: 'PATCH',
    route: '/absences/:id',
    path: (w) => `/absences/${w.absence.id}`,
    unknownPath: (_w, id) => `/absences/${id}`,
    base: (w) => ({ version: w.versions.absence, reason: '模糊测试改期', endDate: '2022-04-15' }),
    fields: {
      version: orNull(BAD_VERSION),
      reason: orNull(BAD_TEXT),
      kind: orNull(BAD_ENUM),
      startDate: orNull(BAD_DATE).concat(['2022-05-01']),
      endDate: BAD_DATE.concat(['2022-03-31']),
      status: ['cancelled'],
      teacherId: ['00000000-0000-4000-8000-000000000000'],
    },
    required: ['version', 'reason'],
    badPaths: () => BAD_IDS.map((id) => `/absences/${id}`),
  },
  {
    method: 'POST',
    route: '/absences/:id/cancel',
    path: (w) => `/absences/${w.absence.id}/cancel`,
    unknownPath: (_w, id) => `/absences/${id}/cancel`,
    base: (w) => ({ version: w.versions.absence, reason: '模糊测试撤销' }),
    fields: { version: orNull(BAD_VERSION), reason: orNull(BAD_TEXT).concat(['x'.repeat(501)]), endDate: ['2022-04-01'] },
    required: ['version', 'reason'],
    badPaths: () => BAD_IDS.map((id) => `/absences/${id}/cancel`),
  },
  {
    method: 'PUT',
    route: '/teachers/:id/contact',
    path: (w) => `/teachers/${w.home.teacher.id}/contact`,
    unknownPath: (_w, id) => `/teachers/${id}/contact`,
    base: () => ({ email: 'fuzz@example.edu.cn', phone: '13800138000', language: 'zh-CN', version: 0 }),
    fields: {
      email: ['not-an-address', 'a@b', 'a b@example.cn', '<a@example.cn>', 12, [], {}, true, HUGE, NUL, `${'x'.repeat(250)}@example.cn`],
      phone: ['12345', '23800138000', '1380013800a', 13800138000, [], {}, HUGE, NUL, '+1 555 0100'],
      language: orNull(BAD_ENUM).concat(['zh', 'EN', 'zh_CN']),
      version: [-1, 1.5, '0', null, 2147483648, [], raw('1e309')],
      teacherId: ['00000000-0000-4000-8000-000000000000'],
    },
    required: ['email', 'phone', 'language', 'version'],
    badPaths: () => BAD_IDS.map((id) => `/teachers/${id}/contact`),
  },
];

const READS: ReadSpec<World>[] = [
  { route: '/schools', path: () => '/schools', query: { countyCode: ['Taishan', '1', '', 'tai%00shan'], type: ['nope', ''], ...PAGE } },
  { route: '/schools/:id', path: (w) => `/schools/${w.home.school.id}`, unknownPath: (_w, id) => `/schools/${id}`, query: {}, badPaths: () => BAD_IDS.map((id) => `/schools/${id}`) },
  {
    route: '/schools/:id/vacancies',
    path: (w) => `/schools/${w.home.school.id}/vacancies`,
    unknownPath: (_w, id) => `/schools/${id}/vacancies`,
    query: { asOf: AS_OF },
    badPaths: () => BAD_IDS.map((id) => `/schools/${id}/vacancies`),
  },
  {
    route: '/schools/:id/appointments',
    path: (w) => `/schools/${w.home.school.id}/appointments`,
    unknownPath: (_w, id) => `/schools/${id}/appointments`,
    query: { asOf: AS_OF },
    badPaths: () => BAD_IDS.map((id) => `/schools/${id}/appointments`),
  },
  {
    route: '/vacancies',
    path: () => '/vacancies',
    query: { countyCode: ['Taishan', '1', ''], subject: ['Math', 'a'.repeat(33), ''], category: ['nope', 'principal', ''], asOf: AS_OF, ...PAGE },
  },
  { route: '/posts/:id', path: (w) => `/posts/${w.home.post.id}`, unknownPath: (_w, id) => `/posts/${id}`, query: {}, badPaths: () => BAD_IDS.map((id) => `/posts/${id}`) },
  {
    route: '/teachers',
    path: () => '/teachers',
    query: {
      countyCode: ['Taishan', '1', ''],
      schoolId: ['x', '123', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', ''],
      subject: ['Math', 'a'.repeat(33), ''],
      category: ['nope', 'leader', ''],
      inPool: ['maybe', 'TRUE', '1', '', 'yes'],
      q: ['', '%20%20%20', 'a'.repeat(51), 'a%00b'],
      asOf: AS_OF,
      ...PAGE,
    },
  },
  { route: '/teachers/:id', path: (w) => `/teachers/${w.home.teacher.id}`, unknownPath: (_w, id) => `/teachers/${id}`, query: {}, badPaths: () => BAD_IDS.map((id) => `/teachers/${id}`) },
  {
    route: '/teachers/:id/appointments',
    path: (w) => `/teachers/${w.home.teacher.id}/appointments`,
    unknownPath: (_w, id) => `/teachers/${id}/appointments`,
    query: { asOf: AS_OF },
    badPaths: () => BAD_IDS.map((id) => `/teachers/${id}/appointments`),
  },
  {
    route: '/teachers/:id/establishment',
    path: (w) => `/teachers/${w.home.teacher.id}/establishment`,
    unknownPath: (_w, id) => `/teachers/${id}/establishment`,
    query: {},
    badPaths: () => BAD_IDS.map((id) => `/teachers/${id}/establishment`),
  },
  {
    route: '/teachers/:id/absences',
    path: (w) => `/teachers/${w.home.teacher.id}/absences`,
    unknownPath: (_w, id) => `/teachers/${id}/absences`,
    query: {},
    badPaths: () => BAD_IDS.map((id) => `/teachers/${id}/absences`),
  },
  { route: '/me', path: () => '/me', query: {}, as: 'teacher' },
  { route: '/me/appointments', path: () => '/me/appointments', query: { asOf: AS_OF }, as: 'teacher' },
  {
    route: '/counties/:countyCode/overview',
    path: () => `/counties/${HOME_COUNTY}/overview`,
    query: { asOf: AS_OF },
    badPaths: () => ['Taishan', '123', 'tai_shan', 'nowhere', '%00', 'x'.repeat(90), 'tai%20shan'].map((c) => `/counties/${c}/overview`),
  },
  {
    route: '/counties/:countyCode/roster.xlsx',
    path: () => `/counties/${HOME_COUNTY}/roster.xlsx`,
    query: { asOf: AS_OF },
    badPaths: () => ['Taishan', '123', 'tai_shan', '%00', 'x'.repeat(90)].map((c) => `/counties/${c}/roster.xlsx`),
  },
  { route: '/policy-values', path: () => '/policy-values', query: { key: ['R1.nope', '', 'x'.repeat(101), 'R1.min_exchange_share%00'] } },
  { route: '/policy-values/in-force', path: () => '/policy-values/in-force', query: { date: AS_OF, key: ['R1.nope', ''] } },
  {
    route: '/schools/:id/arrivals',
    path: (w) => `/schools/${w.home.school.id}/arrivals`,
    unknownPath: (_w, id) => `/schools/${id}/arrivals`,
    query: { asOf: AS_OF },
    badPaths: () => BAD_IDS.map((id) => `/schools/${id}/arrivals`),
  },
  { route: '/counties', path: () => '/counties', query: { asOf: ['2026-01-01'], countyCode: [HOME_COUNTY] } },
  { route: '/targets', path: () => '/targets', query: { asOf: AS_OF, countyCode: [HOME_COUNTY] } },
  { route: '/kindergartens', path: () => '/kindergartens', query: { countyCode: ['Taishan', '1', '', 'nowhere%00'], asOf: AS_OF, limit: ['5'] } },
  {
    route: '/audit',
    path: () => '/audit',
    query: {
      countyCode: ['Taishan', '1', ''],
      entityType: ['nope', 'school%20', ''],
      entityId: ['a'.repeat(65), 'a%00b'],
      actor: ['a'.repeat(201), 'a%00b'],
      from: ['yesterday', '2026-02-30', '2026-01-01T25:00:00Z', '0000-01-01', '2026-01-01T00:00:00', '2026-01-01T00:00:00%2B99:00', ''],
      to: ['tomorrow', '2026-13-01', '0000-01-01T00:00:00Z', ''],
      ...PAGE,
    },
  },
  { route: '/teachers/:id/contact', path: (w) => `/teachers/${w.home.teacher.id}/contact`, unknownPath: (_w, id) => `/teachers/${id}/contact`, query: {}, badPaths: () => BAD_IDS.map((id) => `/teachers/${id}/contact`) },
];

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Spreadsheet uploads (POST /imports/:kind): each file has at least one thing wrong with it. */
function uploads(w: World, rng: Rng): FuzzRequest[] {
  const at = (kind: string, query = `countyCode=${HOME_COUNTY}`) => `/imports/${kind}?${query}`;
  const school = (n: number, over: Partial<Record<'code' | 'name' | 'type' | 'rural' | 'remoteTier', string>> = {}) => {
    const r = { code: `${w.tag}-U${n}`, name: '上传测试学校', type: 'township_central', rural: '是', remoteTier: '1', ...over };
    return `${r.code},${r.name},${r.type},${r.rural},${r.remoteTier}`;
  };
  const schools = (...rows: string[]) => ['code,name,type,rural,remoteTier', ...rows].join('\n') + '\n';
  const teacherHeader = 'staffNo,name,gender,birthDate,firstServiceDate,subjects';
  const teacher = (n: number, over: Partial<Record<'name' | 'gender' | 'birthDate' | 'firstServiceDate' | 'subjects', string>> = {}) => {
    const r = { name: '上传测试教师', gender: '女', birthDate: '1990-03-04', firstServiceDate: '2012-09-01', subjects: 'mathematics', ...over };
    return `${w.tag}-UT${n},${r.name},${r.gender},${r.birthDate},${r.firstServiceDate},${r.subjects}`;
  };
  const quotaHeader = 'schoolCode,subjectCode,category,schoolYear,approvedHeadcount';
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => rng.int(256)));
  const valid = schools(school(0));
  const out: FuzzRequest[] = [];
  const up = (label: string, path: string, body: string | Buffer | undefined, contentType: string | null = CSV, status?: number) =>
    out.push({ label: `POST /imports/:kind ${label}`, method: 'POST', path, body, contentType, status });

  for (const kind of ['nope', 'Schools', 'school', 'x'.repeat(150), '%00', 'schools%20']) up(`kind=${show(kind)}`, at(kind), valid);
  for (const query of ['', 'countyCode=Taishan', 'countyCode=', 'countyCode=1', `countyCode=${HOME_COUNTY}&dryRun=maybe`, `countyCode=${HOME_COUNTY}&dryRun=TRUE`, `countyCode=${HOME_COUNTY}&foo=bar`, `countyCode=${HOME_COUNTY}&countyCode=${OTHER_COUNTY}`]) {
    up(`?${query}`, at('schools', query), valid);
  }
  up('empty file', at('schools'), '');
  up('no body', at('schools'), undefined, null);
  up('text/plain', at('schools'), valid, 'text/plain');
  up('JSON object', at('schools'), JSON.stringify({ code: 'X', name: 'x', type: 'county_town' }), 'application/json');
  up('malformed JSON', at('schools'), '{"code":', 'application/json', 400);
  up('form-urlencoded', at('schools'), 'code=X&name=x', 'application/x-www-form-urlencoded');
  up('unknown column', at('schools'), 'code,colour\nX,red\n');
  up('missing column', at('schools'), `code,name\n${w.tag}-U1,x\n`);
  up('header only, garbage after', at('schools'), 'code,name,type\n"unterminated');
  for (const [n, over] of [
    [2, { type: 'castle' }],
    [3, { type: '' }],
    [4, { rural: 'maybe' }],
    [5, { remoteTier: '9' }],
    [6, { remoteTier: '1.5' }],
    [7, { code: 'x'.repeat(33) }],
    [8, { name: 'x'.repeat(100_000) }],
    [9, { name: NUL }],
    [10, { code: `${w.tag}\u0000U10` }],
    [11, { type: 'village_primary', rural: '否' }],
    [12, { type: 'county_town', remoteTier: '2' }],
  ] as const) {
    up(`schools row ${JSON.stringify(over).slice(0, 40)}`, at('schools'), schools(school(n, over)));
  }
  up('the same code twice', at('schools'), schools(school(13), school(13)));
  up('a good row and a bad one', at('schools'), schools(school(14), school(15, { type: 'castle' })));
  up('a good row and a bad one, dry run', at('schools', `countyCode=${HOME_COUNTY}&dryRun=true`), schools(school(16), school(17, { remoteTier: '-1' })));
  up('an existing code', at('schools'), schools(`${w.home.school.code},重复,township_central,是,1`));
  up('binary garbage as csv', at('schools'), bytes(2048));
  up('not really xlsx', at('schools'), Buffer.from('PK not really'), XLSX);
  up('random bytes as xlsx', at('schools'), bytes(4096), XLSX);
  up('csv declared as xlsx', at('schools'), valid, XLSX);
  for (const [n, over] of [
    [1, { birthDate: '2026-02-30' }],
    [2, { birthDate: '0000-01-01' }],
    [3, { firstServiceDate: '1995-01-01' }],
    [4, { gender: 'x' }],
    [5, { subjects: 'alchemy' }],
    [6, { subjects: '' }],
    [7, { name: NUL }],
    [8, { birthDate: '20261129' }],
  ] as const) {
    up(`teachers row ${JSON.stringify(over)}`, at('teachers'), `${teacherHeader}\n${teacher(n, over)}\n`);
  }
  up('teacher at an unknown school', at('teachers'), `${teacherHeader},schoolCode,startDate\n${teacher(9)},NOPE-${w.tag},${w.today}\n`);
  const establishmentHeader = '工号,编制类型,生效日期';
  for (const row of [`${w.home.teacher.staffNo},tenured,2019-09-01`, `${w.home.teacher.staffNo},在编,2019-02-30`, `NOPE-${w.tag},在编,2019-09-01`, `${w.home.teacher.staffNo},合同制,1990-01-01`, `,特岗,2019-09-01`]) {
    up(`establishment row ${show(row)}`, at('establishment'), `${establishmentHeader}\n${row}\n`);
  }
  up('establishment: the same type twice', at('establishment'), `${establishmentHeader}\n${w.home.teacher.staffNo},合同制,2019-09-01\n${w.home.teacher.staffNo},合同制,2020-09-01\n`);
  const absenceHeader = '工号,缺勤类型,开始日期,结束日期';
  for (const row of [
    `${w.pool.staffNo},vacation,2022-06-01,2022-06-05`,
    `${w.pool.staffNo},事假,2022-06-05,2022-06-01`,
    `${w.pool.staffNo},事假,2022-04-05,2022-04-06`,
    `NOPE-${w.tag},事假,2022-06-01,`,
    `${w.other.teacher.staffNo},事假,2022-06-01,2022-06-05`,
  ]) {
    up(`absences row ${show(row)}`, at('absences'), `${absenceHeader}\n${row}\n`);
  }
  up('absences overlapping each other', at('absences'), `${absenceHeader}\n${w.pool.staffNo},事假,2022-07-01,2022-07-10\n${w.pool.staffNo},病假,2022-07-10,2022-07-20\n`);
  for (const row of [
    `${w.home.school.code},mathematics,teacher,abc,2`,
    `${w.home.school.code},mathematics,teacher,${w.schoolYear},-1`,
    `${w.home.school.code},mathematics,teacher,${w.schoolYear},1.5`,
    `${w.home.school.code},mathematics,castle,${w.schoolYear},2`,
    `${w.home.school.code},klingon,teacher,${w.schoolYear},2`,
    `NOPE-${w.tag},mathematics,teacher,${w.schoolYear},2`,
    `${w.home.school.code},mathematics,teacher,1999,2`,
    `${w.home.school.code},,teacher,${w.schoolYear},2`,
    `${w.other.school.code},mathematics,teacher,${w.schoolYear},2`,
  ]) {
    up(`quotas row ${show(row)}`, at('quotas'), `${quotaHeader}\n${row}\n`);
  }
  return out;
}

/** The systematic part: every malformed value of every field, param and query key, once. */
function systematic(w: World, rng: Rng): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  // Confirming an arrival takes no body: anything in it is refused, as are bad and unknown ids.
  const arrival = `/appointments/${w.open.id}/arrival`;
  for (const body of [{ colour: 'red' }, { arrivedAt: w.today }, { __proto__: null, x: 1 }]) {
    out.push({ label: `POST /appointments/:id/arrival body ${JSON.stringify(body)}`, method: 'POST', path: arrival, body: JSON.stringify(body) });
  }
  for (const text of MALFORMED_JSON) out.push({ label: `POST /appointments/:id/arrival malformed JSON ${show(text)}`, method: 'POST', path: arrival, body: text, status: 400 });
  for (const id of BAD_IDS) out.push({ label: `POST /appointments/${id}/arrival`, method: 'POST', path: `/appointments/${id}/arrival`, contentType: null });
  for (let i = 0; i < 3; i++) out.push({ label: 'POST /appointments/:id/arrival unknown id', method: 'POST', path: `/appointments/${rng.uuid()}/arrival`, contentType: null, status: 404 });
  out.push(...systematicRequests(w, rng, WRITES, READS));
  out.push(...uploads(w, rng));
  return out;
}

/** Row counts, plus a digest of every row a request could change (outbox rows change as the relay sends them: counted only). */
async function snapshot(svc: RunningService) {
  const ds = svc.dataSource;
  const digest = async (table: string) => (await ds.query(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS d FROM staffing.${table} t`))[0].d;
  const digests: Record<string, string> = {};
  for (const t of ['schools', 'districts', 'teachers', 'posts', 'post_quotas', 'appointments', 'moves', 'establishment_entries', 'absences', 'audit_log', 'kindergarten_designations', 'kindergarten_pairings']) digests[t] = await digest(t);
  return { rows: await rowCounts(ds), digests };
}

describe('staffing input validation fuzz', () => {
  let svc: RunningService;
  const w = {} as World;
  let admin: Record<string, string>;
  let teacherToken: Record<string, string>;

  beforeAll(async () => {
    svc = await startService(staffingService, { ...process.env, STAFFING_HTTP_PORT: '0' });
    await ensureCounties(svc.dataSource);
    admin = bearer(await mintTestToken({ role: 'city_admin' }));
    const api = new StaffingApi(svc.url, admin);
    w.tag = `FZ${suffix()}`;
    w.today = shanghaiToday();
    w.schoolYear = schoolYearOf(w.today);
    w.home = await buildCounty(api, HOME_COUNTY, `${w.tag}-TS`, w.today);
    w.other = await buildCounty(api, OTHER_COUNTY, `${w.tag}-KP`, w.today);
    w.pool = await api.teacher(HOME_COUNTY, `${w.tag}-TS-TP`);
    w.open = await api.appoint({ teacherId: w.pool.id, schoolId: w.home.school.id, kind: 'support', workloadShare: 0.4, startDate: w.today });
    w.absence = await api.call('POST', '/absences', { teacherId: w.pool.id, kind: 'paid_leave', startDate: '2022-04-01', endDate: '2022-04-10', reason: '模糊测试' }, 201);
    const v = async (table: string, id: string) => (await svc.dataSource.query(`SELECT version FROM staffing.${table} WHERE id = $1`, [id]))[0].version;
    w.versions = { post: await v('posts', w.home.post.id), teacher: await v('teachers', w.home.teacher.id), open: await v('appointments', w.open.id), school: await v('schools', w.home.school.id),
      absence: w.absence.version,
      establishment: (await svc.dataSource.query(`SELECT establishment_version AS v FROM staffing.teachers WHERE id = $1`, [w.home.teacher.id]))[0].v,
    };
    teacherToken = bearer(await mintTestToken({ role: 'teacher', county: HOME_COUNTY, teacher: w.home.teacher.id }));
    w.kindergarten = await api.school(HOME_COUNTY, `${w.tag}-KG`, { type: 'kindergarten_county_town', rural: false });
    const village = await api.school(HOME_COUNTY, `${w.tag}-KV`, { type: 'kindergarten_village' });
    await api.call('POST', '/kindergartens/designations', { schoolId: w.kindergarten.id, from: '2024-09-01' }, 201);
    w.pairing = await api.call('POST', '/kindergartens/pairings', { urbanSchoolId: w.kindergarten.id, villageSchoolId: village.id, from: '2024-09-01' }, 201);
  });

  afterAll(async () => {
    await svc?.stop();
  });

  const send = (req: FuzzRequest) => sendFuzz(svc.url, req.as === 'teacher' ? teacherToken : admin, req);
  const problem = fuzzProblem;

  it('fuzzes every HTTP route the service declares', async () => {
    const declared = await declaredRoutes(svc.url);
    const fuzzed = [...WRITES.map((s) => `${s.method} ${s.route}`), ...READS.map((r) => `GET ${r.route}`), 'POST /imports/:kind', 'POST /appointments/:id/arrival'].sort();
    expect(fuzzed).toEqual(declared);
  });

  it('answers at least 600 malformed requests across every endpoint with a 4xx JSON message, and writes nothing', async () => {
    const rng = new Rng(SEED);
    const requests = [...systematic(w, rng), ...randomisedRequests(w, rng, WRITES, READS, 250)];
    expect(requests.length).toBeGreaterThanOrEqual(600);
    // every endpoint is fuzzed
    const routes = new Set(requests.map((r) => `${r.method} ${r.path.split('?')[0]}`));
    for (const spec of WRITES) expect(routes).toContain(`${spec.method} ${spec.path(w)}`);
    for (const spec of READS) expect(routes).toContain(`GET ${spec.path(w)}`);

    const before = await snapshot(svc);
    const started = Date.now();
    const results = await inBatches(requests, 8, send);
    const elapsed = Date.now() - started;
    const problems = requests.map((req, i) => problem(req, results[i])).filter((p): p is string => p !== null);
    const fiveXX = results.filter((r) => r.status >= 500).length;
    const twoXX = results.filter((r) => r.status >= 200 && r.status < 300).length;
    // eslint-disable-next-line no-console
    const slowest = requests
      .map((req, i) => ({ label: req.label.slice(0, 80), ms: results[i].ms }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5);
    console.log(
      `fuzz: ${requests.length} requests in ${elapsed} ms; ${fiveXX} 5xx, ${twoXX} 2xx, ${problems.length} problems; slowest: ${slowest.map((x) => `${x.label} ${x.ms} ms`).join('; ')}`,
    );
    // one assertion, so a failure lists every offending request and any write together
    expect({ problems, database: await snapshot(svc) }).toEqual({ problems: [], database: before });
  }, 180000);

  it('answers malformed JSON on every write endpoint with 400 and a message', async () => {
    for (const spec of WRITES) {
      const r = await send({ label: 'malformed', method: spec.method, path: spec.path(w), body: '{"version": 1,' });
      expect({ route: spec.route, status: r.status, message: typeof r.body?.message }).toEqual({ route: spec.route, status: 400, message: 'string' });
      expect(r.body.message.length).toBeGreaterThan(0);
    }
    const upload = await send({ label: 'malformed', method: 'POST', path: `/imports/schools?countyCode=${HOME_COUNTY}`, body: '{"code":' });
    expect({ status: upload.status, message: typeof upload.body?.message }).toEqual({ status: 400, message: 'string' });
  });

  it('answers unknown ids with 404, whether in the path or in the body', async () => {
    const rng = new Rng(SEED + 1);
    const cases: FuzzRequest[] = [
      { label: 'unknown county', method: 'GET', path: '/counties/nowhere/overview' },
      { label: 'teacher token naming no teacher', method: 'GET', path: '/me', as: 'teacher' },
      { label: 'appoint unknown teacher', method: 'POST', path: '/appointments', body: encode({ ...spec('POST', '/appointments').base(w, 0), teacherId: rng.uuid() }) },
      { label: 'appoint at unknown school', method: 'POST', path: '/appointments', body: encode({ ...spec('POST', '/appointments').base(w, 0), schoolId: rng.uuid() }) },
      { label: 'appoint to unknown post', method: 'POST', path: '/appointments', body: encode({ ...spec('POST', '/appointments').base(w, 0), postId: rng.uuid() }) },
      { label: 'correct to unknown school', method: 'POST', path: `/appointments/${w.open.id}/corrections`, body: encode({ ...spec('POST', '/appointments/:id/corrections').base(w, 0), schoolId: rng.uuid() }) },
      { label: 'school in unknown county', method: 'POST', path: '/schools', body: encode({ ...WRITES[0].base(w, 99_999), countyCode: 'nowhere' }) },
      { label: 'roster of unknown county', method: 'GET', path: '/counties/nowhere/roster.xlsx' },
      { label: 'import into unknown county', method: 'POST', path: '/imports/schools?countyCode=nowhere', body: `code,name,type\n${w.tag}-NW,无此县,junior_middle\n`, contentType: CSV },
    ];
    const before = await snapshot(svc);
    const stranger = bearer(await mintTestToken({ role: 'teacher', county: HOME_COUNTY, teacher: rng.uuid() }));
    const seen = [];
    for (const c of cases) {
      const headers: Record<string, string> = { ...(c.as === 'teacher' ? stranger : admin) };
      if (c.body) headers['content-type'] = c.contentType ?? 'application/json';
      const r = await http(`${svc.url}${c.path}`, { method: c.method, headers, body: c.body });
      seen.push({ label: c.label, status: r.status, message: typeof r.body?.message === 'string' ? 'a message' : r.body });
    }
    expect({ seen, database: await snapshot(svc) }).toEqual({ seen: cases.map((c) => ({ label: c.label, status: 404, message: 'a message' })), database: before });
  });

  it('answers unusual but valid reads without a 5xx', async () => {
    const paths = [
      `/counties/${HOME_COUNTY}/overview?asOf=2020-01-01`,
      `/counties/${HOME_COUNTY}/overview?asOf=9999-12-31`,
      `/counties/${HOME_COUNTY}/overview?asOf=0001-01-01`,
      `/schools/${w.home.school.id}/vacancies?asOf=1900-03-01`,
      `/schools/${w.home.school.id}/appointments?asOf=9999-12-31`,
      `/teachers/${w.home.teacher.id}/appointments?asOf=1900-01-01`,
      `/vacancies?asOf=2000-02-29&offset=1000000&limit=500`,
      `/teachers?q=%25&inPool=true`,
      `/teachers?q=_&inPool=false`,
      `/teachers?q=%5C`,
      `/teachers?q=${encodeURIComponent("'; DROP TABLE staffing.teachers; --")}`,
      `/schools?offset=1000000`,
      `/audit?from=2026-01-01T00:00:00%2B14:00&to=2026-01-02`,
      `/audit?from=9999-12-31&to=0001-01-01`,
      `/audit?entityId=${encodeURIComponent("' OR 1=1 --")}`,
    ];
    const failures: string[] = [];
    for (const path of paths) {
      const r = await http(`${svc.url}${path}`, { headers: admin });
      if (r.status >= 500 || typeof r.body !== 'object') failures.push(`GET ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    }
    expect(failures).toEqual([]);
  });
});
