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
 * "Every endpoint validates bodies, params and queries; unknown ids → 404; malformed JSON → 400 with a
 * message; no input yields a 500." A deterministic fuzz (seeded PRNG) sends well over 600 malformed
 * requests across every staffing endpoint as the city administrator (who passes every scope check, so
 * validation is all that stands between the input and the database) and checks that each gets a 4xx
 * JSON answer with a message and that nothing was written.
 */

// ---------------------------------------------------------------------------------------------------
// deterministic randomness

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SEED = 0x5eed_2026;

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  /** a version-4 UUID made of PRNG bytes: well-formed, and (with overwhelming probability) unknown */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[this.int(4)];
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
  /** printable and unprintable junk, some of it far outside ASCII */
  junk(maxLength: number): string {
    const alphabet = ['a', 'Z', '0', ' ', '-', '_', '%', '"', "'", '\\', '/', '\n', '\t', '\u0001', '台', '山', '\u202e', '😀', '{', '}', '<', '>', ';', '\u00e9'];
    return Array.from({ length: 1 + this.int(maxLength) }, () => this.pick(alphabet)).join('');
  }
}

// ---------------------------------------------------------------------------------------------------
// malformed values

/** A value spliced into the JSON text as is (NaN, Infinity, deep nesting: what JSON.stringify cannot say). */
class Raw {
  constructor(readonly text: string) {}
}
const raw = (text: string) => new Raw(text);
type Bad = unknown;

const HUGE = 'x'.repeat(100_000);
const NUL = 'a\u0000b';
const DEEP = raw('['.repeat(5000) + ']'.repeat(5000));
const DEEP_OBJECT = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);

const BAD_UUID: Bad[] = ['not-a-uuid', '', 42, true, [], {}, 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', '0123456789abcdef0123456789abcdef', '{12345678-1234-4234-8234-123456789012}', HUGE, DEEP];
const BAD_DATE: Bad[] = ['2026-02-30', '2026-13-01', '', '20261129', '2026-1-5', '2026-11-29T00:00:00Z', '2025-02-29', '0000-01-01', 'yesterday', 20261129, [], HUGE];
const BAD_SHARE: Bad[] = [0, 1.01, -1, 'NaN', '0.5', raw('NaN'), raw('1e309'), raw('-0'), 0.0001, [0.5], true, {}];
const BAD_VERSION: Bad[] = [0, -1, 1.5, '1', 2147483648, 1e20, raw('1e309'), [], false];
const BAD_TEXT: Bad[] = ['', '   ', HUGE, 12, ['a'], {}, NUL, DEEP];
const BAD_ENUM: Bad[] = ['nope', '', 7, [], 'TEACHER', ' teacher', HUGE];
const BAD_BOOL: Bad[] = ['true', 1, 'yes', [], {}];
const BAD_COUNTY: Bad[] = ['Taishan', 'tai shan', '', 1, 'nowhere', '台山', 'tai\u0000shan', HUGE];
const BAD_SUBJECT: Bad[] = ['Math', 'a'.repeat(33), 1, '', 'klingon', 'math-1'];
const orNull = (xs: Bad[]) => [...xs, null];

/** Body fields: the malformed values each takes; `required` ones are also left out. */
interface WriteSpec {
  method: 'POST' | 'PUT' | 'PATCH';
  route: string;
  path(w: World): string;
  /** the same route with a well-formed id nobody has: 404 */
  unknownPath?(w: World, uuid: string): string;
  /** a valid body (never sent as is) */
  base(w: World, n: number): Record<string, unknown>;
  fields: Record<string, Bad[]>;
  required: string[];
  /** malformed path parameters besides the id */
  badPaths?(w: World): string[];
}

interface ReadSpec {
  route: string;
  path(w: World): string;
  unknownPath?(w: World, uuid: string): string;
  /** malformed values per query key */
  query: Record<string, string[]>;
  badPaths?(w: World): string[];
  /** whose token (default: city_admin) */
  as?: 'teacher';
}

interface World {
  today: string;
  schoolYear: number;
  tag: string;
  home: CountyFixture;
  other: CountyFixture;
  pool: any;
  open: any;
  versions: { post: number; teacher: number; open: number; school: number };
}

const BAD_IDS = ['not-a-uuid', '123', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', '%20', "1'%20OR%20'1'='1", 'x'.repeat(90), 'x'.repeat(150), '0123456789abcdef0123456789abcdef', '%ZZ'];
const LIMITS = ['0', '100000', '-1', 'abc', '1.5', '', '501', 'NaN'];
const OFFSETS = ['-1', '1.5', 'x', '1000001', 'NaN'];
const AS_OF = ['bad', '2026-02-30', '2026-13-01', '', '20261129', '0000-01-01', '2026-11-29T00:00:00Z', '2026-1-1'];
const PAGE = { limit: LIMITS, offset: OFFSETS };

/** A write spec by its route (not by position, which moves when endpoints are added). */
function spec(method: string, route: string): WriteSpec {
  const found = WRITES.find((x) => x.method === method && x.route === route);
  if (!found) throw new Error(`no write spec for ${method} ${route}`);
  return found;
}

const WRITES: WriteSpec[] = [
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
];

const READS: ReadSpec[] = [
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

const MALFORMED_JSON = ['{', '{"countyCode":', "{'a':1}", '{"a":1,}', 'nul', '{"a":1}}', '{"a":"\\x"}', '[1,2', '{"a":01}', '{"a":1 "b":2}', '\u0000', '{"a":tru}', '{"a":"unterminated}'];
const NON_OBJECT = ['null', '[]', '1', '"text"', 'true', '[{}]', '0'];

interface FuzzRequest {
  label: string;
  method: string;
  path: string;
  body?: string | Buffer;
  contentType?: string | null;
  as?: 'teacher';
  /** an exact status where one is owed (malformed JSON 400, unknown id 404); otherwise any 4xx */
  status?: number;
}

/** JSON text for a body whose values may include Raw splices. */
function encode(body: Record<string, unknown>): string {
  const raws: string[] = [];
  const text = JSON.stringify(body, (_k, v) => {
    if (v instanceof Raw) {
      raws.push(v.text);
      return `__RAW_${raws.length - 1}__`;
    }
    return v;
  });
  return text.replace(/"__RAW_(\d+)__"/g, (_m, i) => raws[Number(i)]);
}

const show = (v: unknown) => {
  const s = v instanceof Raw ? v.text : JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 30)}…(${s.length} chars)` : s;
};

/** The systematic part: every malformed value of every field, param and query key, once. */
function systematic(w: World, rng: Rng): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  let n = 0;
  // Confirming an arrival takes no body: anything in it is refused, as are bad and unknown ids.
  const arrival = `/appointments/${w.open.id}/arrival`;
  for (const body of [{ colour: 'red' }, { arrivedAt: w.today }, { __proto__: null, x: 1 }]) {
    out.push({ label: `POST /appointments/:id/arrival body ${JSON.stringify(body)}`, method: 'POST', path: arrival, body: JSON.stringify(body) });
  }
  for (const text of MALFORMED_JSON) out.push({ label: `POST /appointments/:id/arrival malformed JSON ${show(text)}`, method: 'POST', path: arrival, body: text, status: 400 });
  for (const id of BAD_IDS) out.push({ label: `POST /appointments/${id}/arrival`, method: 'POST', path: `/appointments/${id}/arrival`, contentType: null });
  for (let i = 0; i < 3; i++) out.push({ label: 'POST /appointments/:id/arrival unknown id', method: 'POST', path: `/appointments/${rng.uuid()}/arrival`, contentType: null, status: 404 });
  for (const spec of WRITES) {
    const base = () => spec.base(w, n++);
    const name = `${spec.method} ${spec.route}`;
    for (const [field, values] of Object.entries(spec.fields)) {
      for (const v of values) out.push({ label: `${name} ${field}=${show(v)}`, method: spec.method, path: spec.path(w), body: encode({ ...base(), [field]: v }) });
    }
    for (const field of spec.required) {
      const b = base();
      delete b[field];
      out.push({ label: `${name} without ${field}`, method: spec.method, path: spec.path(w), body: encode(b) });
    }
    for (const text of MALFORMED_JSON) out.push({ label: `${name} malformed JSON ${show(text)}`, method: spec.method, path: spec.path(w), body: text, status: 400 });
    for (const text of NON_OBJECT) out.push({ label: `${name} body ${text}`, method: spec.method, path: spec.path(w), body: text });
    const valid = encode(base());
    out.push(
      { label: `${name} empty JSON body`, method: spec.method, path: spec.path(w), body: '', status: 400 },
      { label: `${name} no body at all`, method: spec.method, path: spec.path(w), contentType: null },
      { label: `${name} text/plain`, method: spec.method, path: spec.path(w), body: valid, contentType: 'text/plain' },
      { label: `${name} form-urlencoded`, method: spec.method, path: spec.path(w), body: 'countyCode=taishan&code=x', contentType: 'application/x-www-form-urlencoded' },
      { label: `${name} multipart`, method: spec.method, path: spec.path(w), body: '--b\r\n\r\nx\r\n--b--', contentType: 'multipart/form-data; boundary=b' },
      { label: `${name} xml`, method: spec.method, path: spec.path(w), body: '<school/>', contentType: 'application/xml' },
      { label: `${name} json in utf-16`, method: spec.method, path: spec.path(w), body: Buffer.from(valid, 'utf16le'), contentType: 'application/json; charset=utf-16' },
      { label: `${name} unknown field`, method: spec.method, path: spec.path(w), body: encode({ ...base(), colour: 'red' }) },
      { label: `${name} unknown field (null)`, method: spec.method, path: spec.path(w), body: encode({ ...base(), extra: null }) },
      { label: `${name} __proto__`, method: spec.method, path: spec.path(w), body: encode(base()).replace(/^\{/, '{"__proto__":{"isAdmin":true},') },
      { label: `${name} constructor.prototype`, method: spec.method, path: spec.path(w), body: encode(base()).replace(/^\{/, '{"constructor":{"prototype":{"isAdmin":true}},') },
      { label: `${name} deeply nested body`, method: spec.method, path: spec.path(w), body: DEEP_OBJECT },
      { label: `${name} huge unknown field`, method: spec.method, path: spec.path(w), body: encode({ ...base(), notes: HUGE }) },
      { label: `${name} body over the size limit`, method: spec.method, path: spec.path(w), body: `{"x":"${'y'.repeat(21 * 1024 * 1024)}"}` },
    );
    if (spec.unknownPath) {
      for (let i = 0; i < 3; i++) {
        const id = rng.uuid();
        out.push({ label: `${name} unknown id ${id}`, method: spec.method, path: spec.unknownPath(w, id), body: encode(base()), status: 404 });
      }
    }
    for (const p of spec.badPaths?.(w) ?? []) out.push({ label: `${spec.method} ${p}`, method: spec.method, path: p, body: encode(base()) });
  }
  for (const spec of READS) {
    const name = `GET ${spec.route}`;
    for (const [key, values] of Object.entries(spec.query)) {
      for (const v of values) out.push({ label: `${name}?${key}=${show(v)}`, method: 'GET', path: `${spec.path(w)}?${key}=${v}`, as: spec.as });
    }
    out.push(
      { label: `${name}?foo=bar`, method: 'GET', path: `${spec.path(w)}?foo=bar`, as: spec.as },
      { label: `${name}?__proto__=x`, method: 'GET', path: `${spec.path(w)}?__proto__[x]=1`, as: spec.as },
    );
    for (const key of Object.keys(spec.query)) {
      out.push({ label: `${name}?${key} twice`, method: 'GET', path: `${spec.path(w)}?${key}=1&${key}=2`, as: spec.as });
    }
    if (spec.unknownPath) {
      for (let i = 0; i < 3; i++) {
        const id = rng.uuid();
        out.push({ label: `${name} unknown id ${id}`, method: 'GET', path: spec.unknownPath(w, id), as: spec.as, status: 404 });
      }
    }
    for (const p of spec.badPaths?.(w) ?? []) out.push({ label: `GET ${p}`, method: 'GET', path: p, as: spec.as });
  }
  out.push(...uploads(w, rng));
  return out;
}

/** The random part: one to three malformed fields or keys at once, with junk in the others. */
function randomised(w: World, rng: Rng, count: number): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  for (let i = 0; i < count; i++) {
    if (rng.int(3) > 0) {
      const spec = rng.pick(WRITES);
      const body = spec.base(w, 10_000 + i);
      const fields = Object.keys(spec.fields);
      const changed: string[] = [];
      for (let k = 1 + rng.int(3); k > 0; k--) {
        const field = rng.pick(fields);
        const v = rng.pick(spec.fields[field]);
        body[field] = v;
        changed.push(`${field}=${show(v)}`);
      }
      // junk in a text field that is still fine on its own is allowed: at least one field above is malformed
      if (rng.int(2) === 0 && typeof body.reason === 'string' && !changed.some((c) => c.startsWith('reason='))) body.reason = rng.junk(40);
      out.push({ label: `random#${i} ${spec.method} ${spec.route} ${changed.join(' ')}`, method: spec.method, path: spec.path(w), body: encode(body) });
    } else {
      const spec = rng.pick(READS.filter((r) => Object.keys(r.query).length > 0));
      const keys = Object.keys(spec.query);
      const parts: string[] = [];
      for (let k = 1 + rng.int(3); k > 0; k--) {
        const key = rng.pick(keys);
        parts.push(`${key}=${rng.pick(spec.query[key])}`);
      }
      if (rng.int(4) === 0) parts.push(`${encodeURIComponent(rng.junk(8))}=${encodeURIComponent(rng.junk(8))}`);
      out.push({ label: `random#${i} GET ${spec.route}?${parts.join('&')}`, method: 'GET', path: `${spec.path(w)}?${parts.join('&')}`, as: spec.as });
    }
  }
  return out;
}

async function inBatches<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/** Row counts, plus a digest of every row a request could change (outbox rows change as the relay sends them: counted only). */
async function snapshot(svc: RunningService) {
  const ds = svc.dataSource;
  const digest = async (table: string) => (await ds.query(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS d FROM staffing.${table} t`))[0].d;
  const digests: Record<string, string> = {};
  for (const t of ['schools', 'districts', 'teachers', 'posts', 'post_quotas', 'appointments', 'moves', 'audit_log']) digests[t] = await digest(t);
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
    const v = async (table: string, id: string) => (await svc.dataSource.query(`SELECT version FROM staffing.${table} WHERE id = $1`, [id]))[0].version;
    w.versions = { post: await v('posts', w.home.post.id), teacher: await v('teachers', w.home.teacher.id), open: await v('appointments', w.open.id), school: await v('schools', w.home.school.id) };
    teacherToken = bearer(await mintTestToken({ role: 'teacher', county: HOME_COUNTY, teacher: w.home.teacher.id }));
  });

  afterAll(async () => {
    await svc?.stop();
  });

  async function send(req: FuzzRequest) {
    const headers: Record<string, string> = { ...(req.as === 'teacher' ? teacherToken : admin) };
    if (req.body !== undefined && req.contentType !== null) headers['content-type'] = req.contentType ?? 'application/json';
    const t0 = Date.now();
    try {
      const r = await http(`${svc.url}${req.path}`, { method: req.method, headers, body: req.body });
      return { status: r.status, contentType: r.headers.get('content-type') ?? '', body: r.body, ms: Date.now() - t0 };
    } catch (err) {
      return { status: 0, contentType: '', body: String(err), ms: Date.now() - t0 };
    }
  }

  const problem = (req: FuzzRequest, r: { status: number; contentType: string; body: any }): string | null => {
    const statusOk = req.status !== undefined ? r.status === req.status : r.status >= 400 && r.status < 500;
    const messageOk = r.contentType.includes('application/json') && typeof r.body?.message === 'string' && r.body.message.length > 0;
    if (statusOk && messageOk) return null;
    const body = typeof r.body === 'string' ? r.body.slice(0, 200) : JSON.stringify(r.body)?.slice(0, 300);
    return `${req.label} → ${r.status}${req.status ? ` (expected ${req.status})` : ''} ${body}`;
  };

  it('fuzzes every HTTP route the service declares', async () => {
    const docs = await http(`${svc.url}/docs-json`);
    const declared = Object.entries(docs.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
      .filter((r) => !/ \/(health|metrics)$/.test(r))
      .sort();
    const fuzzed = [...WRITES.map((s) => `${s.method} ${s.route}`), ...READS.map((r) => `GET ${r.route}`), 'POST /imports/:kind', 'POST /appointments/:id/arrival'].sort();
    expect(fuzzed).toEqual(declared);
  });

  it('answers at least 600 malformed requests across every endpoint with a 4xx JSON message, and writes nothing', async () => {
    const rng = new Rng(SEED);
    const requests = [...systematic(w, rng), ...randomised(w, rng, 250)];
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
  });

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
