import type { APPOINTMENT_KINDS, BACKBONE_LEVELS, ROLES, SCHOOL_TYPES, TEACHER_CATEGORIES } from '@app/contracts';
import { JIANGMEN_COUNTIES } from './counties';

/**
 * A deterministic, realistic synthetic county for the staffing schema: districts (学区), schools and
 * teaching points, posts and quotas, teachers and fifteen years of appointments. Pure TypeScript — no
 * database, no clock, no Math.random: the same input gives byte-identical output (ids included).
 *
 * What it plants so the rules have work to do:
 * - R2: leaders continuously in the same leader post for 0–20 years, some ≥ 11 (warning) and ≥ 12 (due/overdue);
 * - R3: new village / teaching-point teachers in their first five years, with and without a ≥ 1-year
 *   placement at a county-town or township central school, some with ≤ 2 years of their window left;
 * - R1: rotations and support teaching in past school years, fewer than 5% so far in the current one;
 * - R11: walking teaching (走教) 0.5 beside a 0.5 regular appointment inside a district;
 * - a few teachers in the county pool, researchers with and without a school, vacancies in the quotas.
 */

export type SchoolType = (typeof SCHOOL_TYPES)[number];
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];
export type Role = (typeof ROLES)[number];
export type BackboneLevel = (typeof BACKBONE_LEVELS)[number];
export type TeacherCategory = (typeof TEACHER_CATEGORIES)[number];

export interface CountyInput {
  /** lower-case pinyin, e.g. `taishan` */
  countyCode: string;
  seed: number | string;
  /** total teachers of the county (default 6,000) */
  teachers?: number;
  /** the snapshot date, 'YYYY-MM-DD' (default 2026-11-29) */
  asOf?: string;
}

export interface GeneratedDistrict {
  countyCode: string;
  code: string;
  name: string;
}

export interface GeneratedSchool {
  id: string;
  countyCode: string;
  code: string;
  name: string;
  type: SchoolType;
  districtCode: string;
  weak: boolean;
  smallScale: boolean;
  rural: boolean;
  remoteTier: number;
}

export interface GeneratedPost {
  id: string;
  schoolId: string;
  subjectCode: string | null;
  /** researcher posts (subject null) exist only at the schools where researchers are stationed */
  category: 'teacher' | 'leader' | 'researcher';
}

export interface GeneratedQuota {
  postId: string;
  schoolYear: number;
  approvedHeadcount: number;
}

export interface GeneratedTeacher {
  id: string;
  countyCode: string;
  staffNo: string;
  name: string;
  gender: 'female' | 'male';
  birthDate: string;
  firstServiceDate: string;
  subjects: string[];
  title: string | null;
  backboneLevel: BackboneLevel;
  category: TeacherCategory;
}

export interface GeneratedAppointment {
  id: string;
  teacherId: string;
  schoolId: string;
  /** set for regular appointments (the teacher post of the subject, the leader post or the researcher post), else null */
  postId: string | null;
  /** the subject taught under this appointment; null on leader and researcher posts */
  subject: string | null;
  kind: AppointmentKind;
  role: Role;
  workloadShare: number;
  startDate: string;
  /** inclusive; null = open */
  endDate: string | null;
  reason: string;
  /** 'seeded history' when the appointment ended before asOf, else null */
  endReason: string | null;
}

export interface GeneratedCounty {
  countyCode: string;
  seed: string;
  asOf: string;
  /** the school year asOf falls in (a school year is named after the calendar year of its 1 September) */
  schoolYear: number;
  quotaYears: number[];
  districts: GeneratedDistrict[];
  schools: GeneratedSchool[];
  posts: GeneratedPost[];
  quotas: GeneratedQuota[];
  teachers: GeneratedTeacher[];
  appointments: GeneratedAppointment[];
}

export const DEFAULT_TEACHERS = 6000;
export const DEFAULT_AS_OF = '2026-11-29';
export const ENDED_REASON = 'seeded history';
/** How far back appointment history reaches: appointments that ended before asOf − 15 years are left out. */
export const HISTORY_YEARS = 15;
const MIN_TEACHERS = 500;
const MAX_TEACHERS = 20000;

// ---------------------------------------------------------------------------------------------------
// Seeded PRNG: cyrb128 string hash → sfc32 (both public domain, well-tested, tiny and fast).

function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    for (let i = 0; i < 15; i++) this.u32();
  }

  /** sfc32: next unsigned 32-bit integer */
  u32(): number {
    const t0 = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    const t = (t0 + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1) */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  range(lo: number, hi: number): number {
    return lo + this.float() * (hi - lo);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** picks by non-negative weights; undefined when every weight is 0 */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T | undefined {
    let total = 0;
    for (const it of items) total += weight(it);
    if (!(total > 0)) return undefined;
    let r = this.float() * total;
    for (const it of items) {
      const w = weight(it);
      if (w <= 0) continue;
      if (r < w) return it;
      r -= w;
    }
    for (let i = items.length - 1; i >= 0; i--) if (weight(items[i]) > 0) return items[i];
    return undefined;
  }

  /** picks a key of a {key: weight} table */
  table<K extends string | number>(t: ReadonlyArray<readonly [K, number]>): K {
    return this.weighted(t, (e) => e[1])![0];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** an RFC 9562 version-4 UUID drawn from this generator */
  uuid(): string {
    let hex = '';
    for (let i = 0; i < 4; i++) hex += this.u32().toString(16).padStart(8, '0');
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

// ---------------------------------------------------------------------------------------------------
// Calendar dates as whole days since 1970-01-01 (UTC arithmetic, so no time zone can shift a date).

const MS_PER_DAY = 86400000;

export function dayOf(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

export function parseDay(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`not a date (YYYY-MM-DD): ${s}`);
  const day = dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  if (formatDay(day) !== s) throw new Error(`not a calendar date: ${s}`);
  return day;
}

export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function ymd(day: number): [number, number, number] {
  const d = new Date(day * MS_PER_DAY);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** the same calendar day n years later (29 February → 28 February) */
export function addYears(day: number, n: number): number {
  const [y, m, d] = ymd(day);
  return m === 2 && d === 29 ? dayOf(y + n, 3, 1) - 1 : dayOf(y + n, m, d);
}

const sept1 = (year: number) => dayOf(year, 9, 1);

/** a school year runs 1 September – 31 August and is named after the year of its 1 September */
export function schoolYearOf(day: number): number {
  const [y, m] = ymd(day);
  return m >= 9 ? y : y - 1;
}

export function ageAt(birth: number, day: number): number {
  const [by, bm, bd] = ymd(birth);
  const [y, m, d] = ymd(day);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------------
// Places. Town lists are the real towns (镇) and sub-districts (街道) of Jiangmen's counties, in the order
// districts are taken when a smaller county needs fewer; tier = remoteness (0–3) of the town itself.

interface TownDef {
  zh: string;
  code: string;
  tier: number;
}

interface CountyGeo {
  prefix: string;
  seat: TownDef;
  towns: TownDef[];
}

const t = (zh: string, code: string, tier: number): TownDef => ({ zh, code, tier });

const GEO: Record<string, CountyGeo> = {
  taishan: {
    prefix: 'TS',
    seat: t('台城', 'taicheng', 0),
    towns: [
      t('川岛', 'chuandao', 3), t('北陡', 'beidou', 2), t('赤溪', 'chixi', 2), t('大江', 'dajiang', 0), t('水步', 'shuibu', 0),
      t('四九', 'sijiu', 1), t('白沙', 'baisha', 1), t('三合', 'sanhe', 1), t('冲蒌', 'chonglou', 1), t('斗山', 'doushan', 1),
      t('都斛', 'duhu', 1), t('广海', 'guanghai', 1), t('海宴', 'haiyan', 2), t('汶村', 'wencun', 2), t('深井', 'shenjing', 2),
      t('端芬', 'duanfen', 1),
    ],
  },
  kaiping: {
    prefix: 'KP',
    seat: t('长沙', 'changsha', 0),
    towns: [
      t('大沙', 'dasha', 3), t('龙胜', 'longsheng', 2), t('金鸡', 'jinji', 2), t('三埠', 'sanbu', 0), t('水口', 'shuikou', 0),
      t('月山', 'yueshan', 1), t('沙塘', 'shatang', 1), t('苍城', 'cangcheng', 1), t('马冈', 'magang', 1), t('塘口', 'tangkou', 1),
      t('赤坎', 'chikan', 1), t('百合', 'baihe', 1), t('蚬冈', 'xiangang', 1), t('赤水', 'chishui', 2),
    ],
  },
  enping: {
    prefix: 'EP',
    seat: t('恩城', 'encheng', 0),
    towns: [
      t('那吉', 'naji', 3), t('大田', 'datian', 2), t('大槐', 'dahuai', 2), t('横陂', 'hengbei', 1), t('圣堂', 'shengtang', 1),
      t('良西', 'liangxi', 1), t('沙湖', 'shahu', 1), t('牛江', 'niujiang', 1), t('君堂', 'juntang', 1), t('东成', 'dongcheng', 1),
    ],
  },
  xinhui: {
    prefix: 'XH',
    seat: t('会城', 'huicheng', 0),
    towns: [
      t('崖门', 'yamen', 1), t('双水', 'shuangshui', 1), t('沙堆', 'shadui', 1), t('古井', 'gujing', 1), t('大泽', 'daze', 0),
      t('司前', 'siqian', 1), t('罗坑', 'luokeng', 1), t('三江', 'sanjiang', 0), t('睦洲', 'muzhou', 0), t('大鳌', 'daao', 1),
    ],
  },
  heshan: {
    prefix: 'HS',
    seat: t('沙坪', 'shaping', 0),
    towns: [
      t('宅梧', 'zhaiwu', 2), t('双合', 'shuanghe', 2), t('址山', 'zhishan', 1), t('雅瑶', 'yayao', 0), t('古劳', 'gulao', 0),
      t('桃源', 'taoyuan', 1), t('共和', 'gonghe', 1), t('鹤城', 'hecheng', 1), t('龙口', 'longkou', 0),
    ],
  },
  pengjiang: {
    prefix: 'PJ',
    seat: t('环市', 'huanshi', 0),
    towns: [t('杜阮', 'duruan', 0), t('棠下', 'tangxia', 0), t('荷塘', 'hetang', 0), t('潮连', 'chaolian', 0), t('白沙', 'baisha', 0)],
  },
  jianghai: {
    prefix: 'JH',
    seat: t('江南', 'jiangnan', 0),
    towns: [t('外海', 'waihai', 0), t('礼乐', 'lile', 0)],
  },
};

const VILLAGE_FIRST = '那石龙新大南北东西上下沙塘冈坑田水山江联安福和平长白黄青金松竹桥湾洞岭瑶浮朗旺莲凤'.split('');
const VILLAGE_SECOND = '洲村坑塘冈头岭田美安和兴平隆湾溪洞边心坦朗坪山江围圩岗寮'.split('');
const CN_NUM = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十'];
const cnNum = (n: number) => CN_NUM[n] ?? String(n);

// ---------------------------------------------------------------------------------------------------
// Schools: sizes, subjects, leaders.

type Level = 'primary' | 'secondary' | 'kindergarten';

const LEVEL: Record<SchoolType, Level> = {
  county_town: 'primary',
  township_central: 'primary',
  village_primary: 'primary',
  teaching_point: 'primary',
  junior_middle: 'secondary',
  senior_high: 'secondary',
  kindergarten_county_town: 'kindergarten',
  kindergarten_township: 'kindergarten',
  kindergarten_village: 'kindergarten',
};

type Weights = ReadonlyArray<readonly [string, number]>;

const PRIMARY_SUBJECTS: Weights = [
  ['chinese', 30], ['mathematics', 24], ['english', 10], ['science', 6], ['music', 6], ['art', 6], ['pe', 8], ['it', 4], ['politics', 4], ['psychology', 2],
];
const VILLAGE_SUBJECTS: Weights = [
  ['chinese', 34], ['mathematics', 28], ['english', 12], ['science', 5], ['music', 5], ['art', 5], ['pe', 7], ['it', 2], ['politics', 2],
];
const TEACHING_POINT_SUBJECTS: Weights = [['chinese', 40], ['mathematics', 35], ['english', 10], ['music', 5], ['art', 5], ['pe', 5]];
const JUNIOR_SUBJECTS: Weights = [
  ['chinese', 15], ['mathematics', 15], ['english', 14], ['physics', 7], ['chemistry', 5], ['biology', 6], ['history', 6], ['geography', 6],
  ['politics', 7], ['music', 3], ['art', 3], ['pe', 8], ['it', 3], ['psychology', 2],
];
const SENIOR_SUBJECTS: Weights = [
  ['chinese', 14], ['mathematics', 14], ['english', 13], ['physics', 9], ['chemistry', 8], ['biology', 8], ['history', 7], ['geography', 6],
  ['politics', 7], ['music', 2], ['art', 2], ['pe', 6], ['it', 3], ['psychology', 1],
];
const KINDERGARTEN_SUBJECTS: Weights = [['preschool', 1]];

const SUBJECTS_OF: Record<SchoolType, Weights> = {
  county_town: PRIMARY_SUBJECTS,
  township_central: PRIMARY_SUBJECTS,
  village_primary: VILLAGE_SUBJECTS,
  teaching_point: TEACHING_POINT_SUBJECTS,
  junior_middle: JUNIOR_SUBJECTS,
  senior_high: SENIOR_SUBJECTS,
  kindergarten_county_town: KINDERGARTEN_SUBJECTS,
  kindergarten_township: KINDERGARTEN_SUBJECTS,
  kindergarten_village: KINDERGARTEN_SUBJECTS,
};

/** relative staff size by type (min, max) before scaling to the county's teacher count */
const SIZE: Record<SchoolType, [number, number]> = {
  county_town: [75, 110],
  township_central: [35, 60],
  village_primary: [5, 18],
  teaching_point: [2, 4],
  junior_middle: [35, 70], // town junior middles; the county town's are scaled up below
  senior_high: [130, 200],
  kindergarten_county_town: [25, 40],
  kindergarten_township: [10, 20],
  kindergarten_village: [3, 7],
};
const MIN_SIZE: Record<SchoolType, number> = {
  county_town: 10,
  township_central: 8,
  village_primary: 3,
  teaching_point: 1,
  junior_middle: 8,
  senior_high: 15,
  kindergarten_county_town: 5,
  kindergarten_township: 3,
  kindergarten_village: 2,
};

const WALKING_SUBJECTS = new Set(['music', 'art', 'pe', 'english', 'it', 'science']);
const LEADER_ROLES = new Set<Role>(['principal', 'vice_principal', 'secretary']);

function leaderRolesFor(type: SchoolType, size: number): Role[] {
  if (type === 'teaching_point') return [];
  if (LEVEL[type] === 'kindergarten') return size <= 8 ? ['principal'] : ['principal', 'vice_principal'];
  if (size <= 8) return ['principal'];
  if (size <= 20) return ['principal', 'vice_principal'];
  if (size <= 50) return ['principal', 'secretary', 'vice_principal'];
  if (size <= 100) return ['principal', 'secretary', 'vice_principal', 'vice_principal'];
  return ['principal', 'secretary', 'vice_principal', 'vice_principal', 'vice_principal'];
}

const SECOND_SUBJECT: Record<string, string[]> = {
  chinese: ['politics', 'history', 'music', 'art'],
  mathematics: ['science', 'it', 'physics'],
  english: ['it', 'music'],
  science: ['mathematics', 'biology'],
  physics: ['mathematics', 'chemistry', 'it'],
  chemistry: ['biology', 'physics'],
  biology: ['chemistry', 'geography', 'science'],
  history: ['politics', 'geography', 'chinese'],
  geography: ['history', 'biology'],
  politics: ['history', 'chinese', 'psychology'],
  music: ['art', 'chinese'],
  art: ['music', 'it'],
  pe: ['music', 'science', 'psychology'],
  it: ['mathematics', 'science'],
  psychology: ['politics', 'chinese'],
  preschool: ['music', 'art'],
};

// ---------------------------------------------------------------------------------------------------
// People.

const SURNAMES: Weights = [
  ['陈', 16], ['李', 10], ['黄', 10], ['梁', 8], ['谭', 6], ['伍', 6], ['邝', 4], ['余', 5], ['刘', 4], ['林', 4], ['关', 3], ['甄', 3],
  ['雷', 2], ['朱', 2], ['何', 3], ['马', 2], ['司徒', 2], ['区', 1], ['张', 3], ['王', 2], ['吴', 2], ['赵', 1], ['周', 1], ['冯', 2],
  ['叶', 2], ['许', 1], ['曾', 1], ['蔡', 1], ['翁', 1], ['麦', 2], ['黎', 2], ['钟', 1], ['温', 1], ['容', 1], ['阮', 1], ['汤', 1],
];
const GIVEN_FEMALE = '丽芳敏静婷燕红霞玲娟慧颖洁晓雪琳莹嘉欣佩珊淑仪惠兰凤梅翠萍秀美诗韵咏雯倩婉怡宝月彩桂'.split('');
const GIVEN_MALE = '伟强军华明建国志东海文斌杰俊辉永健荣锦家浩宇思立德耀锋振光达成忠鹏汉伦炳棠祖卓'.split('');
const GIVEN_ANY = '子嘉晓国小少庆家雨永立丹琪'.split('');

// ---------------------------------------------------------------------------------------------------
// Internal drafts.

interface TownDraft extends TownDef {
  isSeat: boolean;
  villages: Set<string>;
  weight: number;
}

interface SchoolDraft extends GeneratedSchool {
  level: Level;
  town: TownDraft;
  size: number;
  subjectWeights: Weights;
  leaderPost: string;
  researcherPost?: string;
  postBySubject: Map<string, string>;
}

interface ApptDraft {
  school: SchoolDraft;
  postId: string | null;
  subject: string | null;
  kind: AppointmentKind;
  role: Role;
  share: number;
  start: number;
  end: number | null;
  reason: string;
}

interface TeacherDraft {
  id: string;
  name: string;
  gender: 'female' | 'male';
  birth: number;
  first: number;
  subjects: string[];
  title: string | null;
  backbone: BackboneLevel;
  category: TeacherCategory;
  appts: ApptDraft[];
}

/** a run of one regular appointment, before it is cut by rotations, placements and walking */
interface Seg {
  school: SchoolDraft;
  postId: string;
  subject: string | null;
  role: Role;
  share: number;
  start: number;
  end: number | null;
  reason: string;
}

function largestRemainder(raw: number[], total: number, min: number[], rng: Prng): number[] {
  const sum = raw.reduce((a, b) => a + b, 0);
  const exact = raw.map((r) => (sum > 0 ? (r * total) / sum : 0));
  const out = exact.map((x, i) => Math.max(min[i], Math.floor(x)));
  let diff = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x), tie: rng.float() })).sort((a, b) => b.frac - a.frac || a.tie - b.tie);
  for (let k = 0; diff > 0 && order.length > 0; k = (k + 1) % order.length) {
    out[order[k].i]++;
    diff--;
  }
  while (diff < 0) {
    let best = -1;
    for (let i = 0; i < out.length; i++) if (out[i] > min[i] && (best < 0 || out[i] > out[best])) best = i;
    if (best < 0) break;
    out[best]--;
    diff++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------

export function generateCounty(input: CountyInput): GeneratedCounty {
  const countyCode = input.countyCode;
  if (!/^[a-z]+$/.test(countyCode)) throw new Error(`county code must be lower-case pinyin, got ${JSON.stringify(countyCode)}`);
  const N = input.teachers ?? DEFAULT_TEACHERS;
  if (!Number.isInteger(N) || N < MIN_TEACHERS || N > MAX_TEACHERS) throw new Error(`teachers must be an integer in [${MIN_TEACHERS}, ${MAX_TEACHERS}], got ${N}`);
  const seed = String(input.seed);
  if (seed.length === 0) throw new Error('seed must not be empty');
  const asOfText = input.asOf ?? DEFAULT_AS_OF;
  const asOf = parseDay(asOfText);
  const SY = schoolYearOf(asOf);
  const windowStart = addYears(asOf, -HISTORY_YEARS);
  const quotaYears = [SY - 3, SY - 2, SY - 1, SY];

  const rng = new Prng(`county:${countyCode}:${seed}`);
  const ids = new Prng(`ids:${countyCode}:${seed}`);
  const known = JIANGMEN_COUNTIES.find((c) => c.code === countyCode);
  const countyZh: string = known?.nameZh ?? `${countyCode}县`;
  const geo = GEO[countyCode] ?? { ...GEO.taishan, prefix: countyCode.slice(0, 2).toUpperCase() };

  // ---- districts (学区): the county town plus towns, more for a bigger county
  const nDistricts = Math.min(1 + geo.towns.length, Math.max(4, Math.round(4 + N / 500)));
  const towns: TownDraft[] = [
    { ...geo.seat, isSeat: true, villages: new Set(), weight: 1 },
    ...geo.towns.slice(0, nDistricts - 1).map((tw) => ({ ...tw, isSeat: false, villages: new Set<string>(), weight: rng.range(0.7, 1.3) })),
  ];
  const districts: GeneratedDistrict[] = towns.map((tw) => ({ countyCode, code: tw.code, name: `${tw.zh}学区` }));

  // ---- schools
  const schools: SchoolDraft[] = [];
  const villageName = (town: TownDraft): string => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const a = rng.pick(VILLAGE_FIRST);
      const b = rng.pick(VILLAGE_SECOND);
      if (a === b || town.villages.has(a + b)) continue;
      town.villages.add(a + b);
      return a + b;
    }
    const fallback = `第${town.villages.size + 1}村`;
    town.villages.add(fallback);
    return fallback;
  };
  const addSchool = (town: TownDraft, type: SchoolType, name: string, sizeFactor = 1) => {
    const [lo, hi] = SIZE[type];
    const tier = town.isSeat ? 0 : ['village_primary', 'teaching_point', 'kindergarten_village'].includes(type) ? Math.min(3, town.tier + (rng.chance(0.35) ? 1 : 0)) : town.tier;
    const alwaysRural = type === 'village_primary' || type === 'teaching_point' || type === 'kindergarten_village';
    const rural = alwaysRural || (!town.isSeat && (town.tier > 0 || rng.chance(0.7)));
    const weakP: Record<SchoolType, number> = {
      county_town: 0.1, township_central: 0.15, village_primary: 0.22, teaching_point: 0.3, junior_middle: 0.22, senior_high: 0.1,
      kindergarten_county_town: 0.05, kindergarten_township: 0.12, kindergarten_village: 0.2,
    };
    schools.push({
      id: ids.uuid(),
      countyCode,
      code: '',
      name,
      type,
      districtCode: town.code,
      weak: rng.chance(weakP[type] + (town.isSeat ? 0 : town.tier * 0.04)),
      smallScale: false,
      rural,
      remoteTier: tier,
      level: LEVEL[type],
      town,
      size: rng.range(lo, hi) * sizeFactor,
      subjectWeights: SUBJECTS_OF[type],
      leaderPost: '',
      postBySubject: new Map(),
    });
  };

  const seat = towns[0];
  const nSchools = Math.round(40 + N * 0.035);
  const seatPrimary = Math.max(2, Math.round(N / 750));
  const seatJunior = Math.max(1, Math.round(N / 1200));
  const seatSenior = Math.max(1, Math.round(N / 1500));
  const seatKg = Math.max(1, Math.round(N / 1500));
  const seatVillage = Math.max(1, Math.round(N / 3000));
  for (let i = 1; i <= seatPrimary; i++) addSchool(seat, 'county_town', i === 1 ? `${countyZh}实验小学` : `${countyZh}${seat.zh}第${cnNum(i - 1)}小学`);
  for (let i = 1; i <= seatJunior; i++) addSchool(seat, 'junior_middle', `${countyZh}${seat.zh}第${cnNum(i)}初级中学`, 1.6);
  for (let i = 1; i <= seatSenior; i++) addSchool(seat, 'senior_high', i === 1 ? `${countyZh}第一中学` : i === 2 ? `${countyZh}华侨中学` : `${countyZh}第${cnNum(i - 1)}中学`);
  for (let i = 1; i <= seatKg; i++) addSchool(seat, 'kindergarten_county_town', i === 1 ? `${countyZh}机关幼儿园` : `${countyZh}第${cnNum(i - 1)}幼儿园`);
  for (let i = 1; i <= seatVillage; i++) addSchool(seat, 'village_primary', `${countyZh}${seat.zh}${villageName(seat)}小学`);
  const townList = towns.slice(1);
  for (const tw of townList) {
    addSchool(tw, 'township_central', `${countyZh}${tw.zh}镇中心小学`);
    addSchool(tw, 'junior_middle', `${countyZh}${tw.zh}镇中学`);
    addSchool(tw, 'kindergarten_township', `${countyZh}${tw.zh}镇中心幼儿园`);
  }
  const rest = Math.max(townList.length * 3, nSchools - schools.length);
  const nTeachingPoints = Math.round(rest * 0.25);
  const nVillageKg = Math.round(rest * 0.15);
  const nVillage = rest - nTeachingPoints - nVillageKg;
  const plan: Array<[SchoolType, number, (tw: TownDraft) => number]> = [
    ['village_primary', nVillage, (tw) => tw.weight],
    ['teaching_point', nTeachingPoints, (tw) => tw.weight * (1 + tw.tier * 0.6)],
    ['kindergarten_village', nVillageKg, (tw) => tw.weight],
  ];
  for (const [type, count, w] of plan) {
    // every town gets one of each first, the rest by weight
    const perTown = new Map<TownDraft, number>(townList.map((tw) => [tw, count >= townList.length ? 1 : 0]));
    for (let i = count >= townList.length ? townList.length : 0; i < count; i++) {
      const tw = rng.weighted(townList, w)!;
      perTown.set(tw, perTown.get(tw)! + 1);
    }
    for (const tw of townList) {
      for (let i = 0; i < perTown.get(tw)!; i++) {
        const v = villageName(tw);
        const name = type === 'village_primary' ? `${countyZh}${tw.zh}镇${v}小学` : type === 'teaching_point' ? `${countyZh}${tw.zh}镇${v}教学点` : `${countyZh}${tw.zh}镇${v}幼儿园`;
        addSchool(tw, type, name);
      }
    }
  }
  // codes in a stable order: county town first, then town by town
  const typeOrder: SchoolType[] = ['senior_high', 'junior_middle', 'county_town', 'township_central', 'village_primary', 'teaching_point', 'kindergarten_county_town', 'kindergarten_township', 'kindergarten_village'];
  const townIndex = new Map(towns.map((tw, i) => [tw, i]));
  schools.sort((a, b) => townIndex.get(a.town)! - townIndex.get(b.town)! || typeOrder.indexOf(a.type) - typeOrder.indexOf(b.type));
  schools.forEach((s, i) => (s.code = `${geo.prefix}-${String(i + 1).padStart(4, '0')}`));

  // ---- how many teachers hold a regular post today, and who does not
  const nPool = Math.max(2, Math.round(N * 0.005));
  const nResearchers = Math.max(4, Math.round(N * 0.006));
  const nResearchersAtSchool = Math.ceil(nResearchers / 2);
  const nResearchersOffice = nResearchers - nResearchersAtSchool;
  const nExchangeNow = Math.round(N * 0.015);
  const nPlacementNow = Math.max(2, Math.round(N * 0.005));
  const schoolSlots = N - nPool - nResearchers - nExchangeNow - nPlacementNow;

  const sizes = largestRemainder(
    schools.map((s) => s.size),
    schoolSlots,
    schools.map((s) => MIN_SIZE[s.type]),
    rng,
  );
  schools.forEach((s, i) => {
    s.size = sizes[i];
    s.smallScale = s.type === 'teaching_point' || (s.type === 'village_primary' && s.size <= 12) || (s.type === 'kindergarten_village' && s.size <= 5);
  });

  // ---- posts: one leader post and one teacher post per subject taught
  const posts: GeneratedPost[] = [];
  const postSchool = new Map<string, SchoolDraft>();
  for (const s of schools) {
    s.leaderPost = ids.uuid();
    posts.push({ id: s.leaderPost, schoolId: s.id, subjectCode: null, category: 'leader' });
    postSchool.set(s.leaderPost, s);
    for (const [subject] of s.subjectWeights) {
      const id = ids.uuid();
      s.postBySubject.set(subject, id);
      posts.push({ id, schoolId: s.id, subjectCode: subject, category: 'teacher' });
      postSchool.set(id, s);
    }
  }

  // ---- candidate schools by (level, subject) and by (district, level, subject)
  const byLevelSubject = new Map<string, SchoolDraft[]>();
  for (const s of schools) {
    for (const [subject] of s.subjectWeights) {
      for (const key of [`${s.level}|${subject}`, `${s.districtCode}|${s.level}|${subject}`]) {
        const list = byLevelSubject.get(key) ?? [];
        list.push(s);
        byLevelSubject.set(key, list);
      }
    }
  }
  const candidates = (level: Level, subject: string, district?: string) => byLevelSubject.get(district ? `${district}|${level}|${subject}` : `${level}|${subject}`) ?? [];

  /** a school where a teacher of `subject` at `next` might have worked before */
  const previousSchool = (next: SchoolDraft, subject: string): SchoolDraft => {
    const list = candidates(next.level, subject);
    return (
      rng.weighted(list, (s) => {
        if (s === next) return 0;
        let w = s.districtCode === next.districtCode ? 2.5 : 1;
        if (next.town.isSeat && s.rural) w *= 2; // careers drift toward the county town
        if (next.type === 'township_central' && (s.type === 'village_primary' || s.type === 'teaching_point')) w *= 2;
        if (s.type === 'teaching_point') w *= 0.5;
        return w;
      }) ?? next
    );
  };

  const teachers: TeacherDraft[] = [];

  // ---- people
  const personName = (gender: 'female' | 'male'): string => {
    const pool = gender === 'female' ? GIVEN_FEMALE : GIVEN_MALE;
    const surname = rng.table(SURNAMES);
    if (rng.chance(0.25)) return surname + rng.pick(pool);
    const a = rng.chance(0.3) ? rng.pick(GIVEN_ANY) : rng.pick(pool);
    let b = rng.pick(pool);
    if (b === a) b = rng.pick(pool);
    return surname + a + b;
  };
  const femaleShare = (s: SchoolDraft, subject: string | null, role: Role): number => {
    if (s.level === 'kindergarten') return 0.96;
    if (role === 'principal' || role === 'secretary') return 0.35;
    if (subject === 'pe') return 0.3;
    if (subject === 'physics' || subject === 'it') return 0.4;
    if (s.type === 'senior_high') return 0.52;
    if (s.type === 'junior_middle') return 0.6;
    if (s.type === 'village_primary' || s.type === 'teaching_point') return 0.62;
    return 0.78;
  };
  const subjectsFor = (main: string, level: Level): string[] => {
    if (!rng.chance(0.3)) return [main];
    const options = (SECOND_SUBJECT[main] ?? []).filter((x) => level !== 'primary' || !['physics', 'chemistry', 'biology', 'history', 'geography'].includes(x));
    return options.length ? [main, rng.pick(options)] : [main];
  };
  /** years of service today (whole school years since the first 1 September) */
  const serviceYears = (s: SchoolDraft): number => {
    const buckets: Array<readonly [number, number]> =
      s.level === 'kindergarten'
        ? [[0, 30], [1, 30], [2, 25], [3, 12], [4, 3]]
        : s.type === 'village_primary' || s.type === 'teaching_point'
          ? [[1, 15], [2, 20], [3, 35], [4, 30]]
          : [[0, 15], [1, 17], [2, 25], [3, 28], [4, 15]];
    const bucket = rng.table(buckets);
    const [lo, hi] = [[0, 4], [5, 10], [11, 20], [21, 30], [31, 38]][bucket];
    return rng.int(lo, hi);
  };
  const titleFor = (years: number, s: SchoolDraft | null, boost: boolean): string | null => {
    if (years < 1) return null;
    if (years <= 5) return s?.level === 'kindergarten' && years <= 2 && rng.chance(0.4) ? '三级教师' : '二级教师';
    const senior = s?.type === 'senior_high' ? 0.12 : 0;
    const up = boost ? 0.15 : 0;
    if (years <= 14) return rng.chance(0.7 + up) ? '一级教师' : '二级教师';
    if (years <= 24) {
      const r = rng.float();
      return r < 0.3 + senior + up ? '高级教师' : r < 0.95 ? '一级教师' : '二级教师';
    }
    const r = rng.float();
    if (boost && r < 0.03) return '正高级教师';
    return r < 0.45 + senior + up ? '高级教师' : '一级教师';
  };
  const backboneFor = (years: number, boost: boolean): BackboneLevel => {
    if (years < 3) return 'none';
    const r = rng.float() * (boost ? 0.5 : 1);
    return r < 0.003 ? 'province' : r < 0.02 ? 'city' : r < 0.08 ? 'county' : r < 0.2 ? 'school' : 'none';
  };

  /** a new teacher of the county whose first 1 September was `years` school years ago */
  const newPerson = (years: number, s: SchoolDraft, subject: string | null, role: Role): Pick<TeacherDraft, 'id' | 'gender' | 'name' | 'birth' | 'first'> => {
    const first = sept1(SY - years);
    const ageAtFirst = rng.int(Math.max(21, 22 - years), Math.min(25, 59 - years));
    const birth = addYears(first, -ageAtFirst) - rng.int(0, 364);
    const gender = rng.chance(femaleShare(s, subject, role)) ? 'female' : 'male';
    return { id: ids.uuid(), gender, name: personName(gender), birth, first };
  };

  const regularSeg = (school: SchoolDraft, subject: string, start: number, end: number | null, reason: string): Seg => ({
    school,
    postId: school.postBySubject.get(subject)!,
    subject,
    role: 'teacher',
    share: 1,
    start,
    end,
    reason,
  });

  /**
   * The regular appointments from `first` up to `until` (exclusive) that lead to `school`: k earlier schools
   * of the same level, changing on 1 September (now and then at the spring term), oldest first.
   */
  const priorChain = (first: number, until: number, school: SchoolDraft, subject: string, maxMoves = 3): Seg[] => {
    const fy = schoolYearOf(first);
    const uy = schoolYearOf(until - 1);
    // a new teacher serves at least three years at the first school (服务期)
    const earliest = fy + 3;
    const room = uy - earliest + 1; // distinct 1 Septembers from `earliest` up to until
    const k = Math.min(room, maxMoves, rng.table([[0, 45], [1, 33], [2, 15], [3, 7]] as const));
    if (until <= first) return [];
    if (k <= 0) return [regularSeg(school, subject, first, until - 1, 'first appointment')];
    const years = new Set<number>();
    // few transfers so far in the current school year: R1 starts the year short of its 5%
    while (years.size < k) {
      const y = rng.int(earliest, uy);
      if (y === SY && uy - earliest >= k && rng.chance(0.85)) continue;
      years.add(y);
    }
    const bounds = [...years].sort((a, b) => a - b).map((y) => {
      const springTerm = dayOf(y + 1, 2, rng.int(15, 25));
      return rng.chance(0.08) && springTerm < until ? springTerm : sept1(y);
    });
    const starts = [first, ...bounds];
    const ends = [...bounds.map((b) => b - 1), until - 1];
    // schools from the newest backwards: each differs from the one after it
    const places: SchoolDraft[] = new Array(starts.length);
    places[starts.length - 1] = school;
    for (let i = starts.length - 2; i >= 0; i--) places[i] = previousSchool(places[i + 1], subject);
    // the segment ending at `until` is at `school`; earlier segments at the chosen schools
    return starts.map((st, i) => regularSeg(places[i], subject, st, ends[i], i === 0 ? 'first appointment' : 'transfer'));
  };

  /** a career at `school` with a current open regular appointment since some 1 September */
  const careerTo = (first: number, school: SchoolDraft, subject: string): Seg[] => {
    const chain = priorChain(first, asOf + 1, school, subject);
    // priorChain ends its last segment at asOf; the current appointment stays open
    chain[chain.length - 1].end = null;
    return chain;
  };

  /** cuts [from, to] out of the regular segment covering it: 'away' removes it, 'half' halves the share */
  const carve = (segs: Seg[], from: number, to: number | null, mode: 'away' | 'half'): boolean => {
    const i = segs.findIndex((s) => s.start < from && (s.end === null || (to !== null && s.end >= to)) && s.share === 1 && !LEADER_ROLES.has(s.role));
    if (i < 0) return false;
    const s = segs[i];
    const pieces: Seg[] = [{ ...s, end: from - 1 }];
    if (mode === 'half') pieces.push({ ...s, start: from, end: to, share: 0.5, reason: 'half share beside walking teaching' });
    // nothing is planned beyond asOf: a half share with a planned walking end stays open
    if (to !== null && to < asOf && (s.end === null || s.end > to)) pieces.push({ ...s, start: to + 1, end: s.end, reason: mode === 'away' ? 'return after exchange' : 'full share again' });
    segs.splice(i, 1, ...pieces);
    return true;
  };

  const exchangeTarget = (home: SchoolDraft, subject: string): { school: SchoolDraft; kind: AppointmentKind } | null => {
    const inDistrict = rng.chance(0.65);
    const list = candidates(home.level, subject, inDistrict ? home.districtCode : undefined);
    const target = rng.weighted(list, (s) => (s === home ? 0 : home.rural ? (s.rural ? 1 : 2) : s.rural || s.weak ? 3 : 0.5));
    if (!target) return null;
    const kind: AppointmentKind = !home.rural && (target.rural || target.weak) && rng.chance(0.7) ? 'support' : 'rotation';
    return { school: target, kind };
  };

  const walkingTarget = (home: SchoolDraft, subject: string): SchoolDraft | undefined =>
    rng.weighted(candidates('primary', subject, home.districtCode), (s) => (s !== home && (s.type === 'village_primary' || s.type === 'teaching_point') ? 1 : 0));

  const placementTarget = (home: SchoolDraft, subject: string): SchoolDraft | undefined =>
    rng.weighted(candidates('primary', subject), (s) =>
      s.type === 'township_central' ? (s.districtCode === home.districtCode ? 20 : 0.3) : s.type === 'county_town' ? (home.town.isSeat ? 20 : 1) : 0,
    );

  /** turns regular segments plus extra appointments into a teacher's drafts, dropping what ended before the window */
  const finish = (segs: Seg[], extra: ApptDraft[]): ApptDraft[] => {
    const all: ApptDraft[] = [
      ...segs.map((s) => ({ school: s.school, postId: s.postId, subject: s.subject, kind: 'regular' as const, role: s.role, share: s.share, start: s.start, end: s.end, reason: s.reason })),
      ...extra,
    ];
    return all.filter((a) => a.end === null || a.end >= windowStart).sort((a, b) => a.start - b.start || (a.kind === 'regular' ? -1 : 1));
  };

  /** one rotation / support year in the past for some ordinary teachers (R1 history) */
  const maybePastExchange = (segs: Seg[], subject: string, first: number): ApptDraft[] => {
    for (let y = Math.max(schoolYearOf(first) + 1, SY - 8); y <= SY - 1; y++) {
      if (!rng.chance(y >= SY - 3 ? 0.045 : 0.012)) continue;
      const from = sept1(y);
      const to = sept1(y + 1) - 1;
      const seg = segs.find((s) => s.start < from && (s.end === null || s.end >= to) && s.share === 1 && s.role === 'teacher');
      if (!seg) continue;
      const target = exchangeTarget(seg.school, subject);
      if (!target) continue;
      carve(segs, from, to, 'away');
      return [{ school: target.school, postId: null, subject, kind: target.kind, role: 'teacher', share: 1, start: from, end: to, reason: target.kind === 'support' ? 'support teaching (支教)' : 'rotation (轮岗)' }];
    }
    return [];
  };

  /** walking teaching (走教) at a village school of the district, beside a half-share regular appointment */
  const maybeWalking = (segs: Seg[], subject: string): ApptDraft[] => {
    const cur = segs[segs.length - 1];
    if (!cur || cur.end !== null || !WALKING_SUBJECTS.has(subject)) return [];
    if (!(cur.school.type === 'township_central' || cur.school.type === 'county_town')) return [];
    if (!rng.chance(cur.school.type === 'township_central' ? 0.22 : 0.06)) return [];
    const target = walkingTarget(cur.school, subject);
    if (!target) return [];
    const past = rng.chance(0.25);
    const y = past ? rng.int(SY - 4, SY - 1) : rng.int(SY - 2, SY);
    const from = sept1(y);
    const to = past ? sept1(y + 1) - 1 : rng.chance(0.25) ? sept1(SY + 1) - 1 : null;
    if (from <= cur.start) {
      if (past) return [];
      cur.share = 0.5; // walking since the current appointment began
      cur.reason = 'half share beside walking teaching';
      return [{ school: target, postId: null, subject, kind: 'walking', role: 'teacher', share: 0.5, start: cur.start, end: to, reason: 'walking teaching (走教)' }];
    }
    if (!carve(segs, from, to, 'half')) return [];
    return [{ school: target, postId: null, subject, kind: 'walking', role: 'teacher', share: 0.5, start: from, end: to, reason: 'walking teaching (走教)' }];
  };

  const pushTeacher = (
    person: Pick<TeacherDraft, 'id' | 'gender' | 'name' | 'birth' | 'first'>,
    subjects: string[],
    category: TeacherCategory,
    appts: ApptDraft[],
    school: SchoolDraft | null,
    boost = false,
  ) => {
    const years = SY - schoolYearOf(person.first);
    teachers.push({ ...person, subjects, title: titleFor(years, school, boost), backbone: backboneFor(years, boost), category, appts });
  };

  // ---- leaders, with tenure classes fixed up front so R2 always has warnings and due/overdue cases
  interface Slot {
    school: SchoolDraft;
    role: Role;
    subject: string | null;
  }
  const leaderSlots: Slot[] = [];
  const teacherSlots: Slot[] = [];
  for (const s of schools) {
    const roles = leaderRolesFor(s.type, s.size);
    for (const role of roles) leaderSlots.push({ school: s, role, subject: null });
    const n = s.size - roles.length;
    const weights = s.subjectWeights.map(([, w]) => w * rng.range(0.75, 1.25));
    const min = s.subjectWeights.map(([subj]) => (n >= 2 && (subj === 'chinese' || subj === 'mathematics') ? 1 : 0));
    const counts = largestRemainder(weights, n, min, rng);
    s.subjectWeights.forEach(([subject], i) => {
      for (let k = 0; k < counts[i]; k++) teacherSlots.push({ school: s, role: 'teacher', subject });
    });
  }

  const L = leaderSlots.length;
  const nOverdue = Math.max(3, Math.round(L * 0.06));
  const nWarning = Math.max(3, Math.round(L * 0.05));
  const tenureOrder = rng.shuffle(leaderSlots.map((_, i) => i));
  const tenureClass = new Array<'overdue' | 'warning' | 'normal'>(L).fill('normal');
  tenureOrder.forEach((slot, rank) => (tenureClass[slot] = rank < nOverdue ? 'overdue' : rank < nOverdue + nWarning ? 'warning' : 'normal'));
  const twelveAgo = addYears(asOf, -12);
  const elevenAgo = addYears(asOf, -11);

  leaderSlots.forEach((slot, i) => {
    const s = slot.school;
    let start: number;
    if (tenureClass[i] === 'overdue') {
      const yearsAgo = rng.table([[12, 30], [13, 20], [14, 15], [15, 10], [16, 8], [17, 6], [18, 5], [19, 3], [20, 3]] as const);
      const aligned = sept1(SY - yearsAgo);
      start = aligned <= twelveAgo && rng.chance(0.7) ? aligned : addYears(asOf, -yearsAgo) - rng.int(0, 300);
    } else if (tenureClass[i] === 'warning') {
      const aligned = sept1(SY - 11);
      start = aligned > twelveAgo && aligned <= elevenAgo && rng.chance(0.5) ? aligned : rng.int(twelveAgo + 1, elevenAgo);
    } else {
      start = rng.chance(0.75) ? sept1(rng.int(SY - 10, SY)) : rng.int(Math.max(elevenAgo + 1, sept1(SY - 10)), asOf);
    }
    const subject = s.level === 'kindergarten' ? 'preschool' : rng.chance(0.75) ? rng.pick(['chinese', 'mathematics'] as const) : rng.table(s.subjectWeights);
    const before = rng.int(4, 14);
    let years = SY - (schoolYearOf(start) - before);
    if (years > 38) years = 38;
    const person = newPerson(years, s, subject, slot.role);
    // promoted in-house, or came from another school (where some were vice-principals)
    const segs = priorChain(person.first, start, rng.chance(0.5) ? s : previousSchool(s, subject), subject, 2);
    const last = segs[segs.length - 1];
    if (last && last.school !== s && rng.chance(0.35) && last.school.type !== 'teaching_point') {
      last.postId = last.school.leaderPost;
      last.role = 'vice_principal';
      last.subject = null;
    }
    segs.push({ school: s, postId: s.leaderPost, subject: null, role: slot.role, share: 1, start, end: null, reason: `appointed ${slot.role.replace('_', '-')}` });
    pushTeacher(person, subjectsFor(subject, s.level), 'principal', finish(segs, []), s, true);
  });

  // ---- ordinary teachers, and the R3 cohort at village schools and teaching points
  for (const slot of teacherSlots) {
    const s = slot.school;
    const subject = slot.subject!;
    const village = s.type === 'village_primary' || s.type === 'teaching_point';
    if (village && rng.chance(0.24)) {
      const years = rng.int(0, 4);
      const person = newPerson(years, s, subject, 'teacher');
      const segs: Seg[] = [regularSeg(s, subject, person.first, null, 'first appointment')];
      const extra: ApptDraft[] = [];
      const r = rng.float();
      const completed = years >= 2 && r < [0, 0, 0.35, 0.5, 0.6][years];
      const short = !completed && years >= 3 && r < [0, 0, 0, 0.6, 0.65][years];
      if (completed || short) {
        const py = rng.int(SY - years + 1, SY - 1);
        const target = placementTarget(s, subject);
        if (target) {
          const from = completed ? sept1(py) - rng.int(1, 7) : dayOf(py + 1, 2, rng.int(15, 25));
          const to = completed ? sept1(py + 1) - 1 : dayOf(py + 1, 7, rng.int(5, 15));
          segs[0].end = from - 1;
          segs.push(regularSeg(s, subject, to + 1, null, 'return after placement'));
          extra.push({ school: target, postId: null, subject, kind: 'placement', role: 'teacher', share: 1, start: from, end: to, reason: 'R3 placement (跟岗)' });
        }
      }
      pushTeacher(person, subjectsFor(subject, s.level), 'teacher', finish(segs, extra), s);
      continue;
    }
    let years = serviceYears(s);
    if (village && years <= 4) years = rng.int(5, 12); // young village teachers are the cohort above
    const person = newPerson(years, s, subject, 'teacher');
    const segs = careerTo(person.first, s, subject);
    const extra = [...maybePastExchange(segs, subject, person.first), ...maybeWalking(segs, subject)];
    pushTeacher(person, subjectsFor(subject, s.level), 'teacher', finish(segs, extra), s);
  }

  // ---- researchers (教研员): half stationed at a county-town school, half in the county office
  const seatSchools = schools.filter((s) => s.town.isSeat && (s.type === 'county_town' || s.type === 'junior_middle' || s.type === 'senior_high'));
  for (let i = 0; i < nResearchers; i++) {
    const atSchool = i < nResearchersAtSchool;
    const s = rng.pick(seatSchools);
    const subject = rng.table(s.subjectWeights);
    const years = rng.int(10, 30);
    const person = newPerson(years, s, subject, 'teacher');
    // some new researchers (R6: stationed within their first 3 years)
    const since = Math.max(sept1(schoolYearOf(person.first) + 3), i % 3 === 0 ? sept1(rng.int(SY - 2, SY)) : sept1(rng.int(SY - 12, SY - 3)));
    const segs = priorChain(person.first, since, previousSchool(s, subject), subject, 2);
    if (atSchool) {
      // a researcher fills the school's researcher post (as staffing's categoryForRole has it), made on first use
      if (!s.researcherPost) {
        s.researcherPost = ids.uuid();
        posts.push({ id: s.researcherPost, schoolId: s.id, subjectCode: null, category: 'researcher' });
        postSchool.set(s.researcherPost, s);
      }
      segs.push({ school: s, postId: s.researcherPost, subject: null, role: 'researcher', share: 1, start: since, end: null, reason: 'stationed researcher' });
    }
    pushTeacher(person, subjectsFor(subject, s.level), 'researcher', finish(segs, []), atSchool ? s : null, true);
  }

  // ---- teachers away this school year: rotation or support since 1 September (fewer than R1's 5%)
  const byWeight = (f: (s: SchoolDraft) => boolean) => (s: SchoolDraft) => (f(s) ? s.size : 0);
  for (let i = 0; i < nExchangeNow; i++) {
    const home = rng.weighted(schools, byWeight((s) => s.type !== 'teaching_point'))!;
    const subject = rng.table(home.subjectWeights);
    const years = rng.int(3, 30);
    const person = newPerson(years, home, subject, 'teacher');
    const segs = priorChain(person.first, sept1(SY), home, subject);
    const target = exchangeTarget(home, subject) ?? { school: previousSchool(home, subject), kind: 'rotation' as const };
    const extra: ApptDraft[] = [
      { school: target.school, postId: null, subject, kind: target.kind, role: 'teacher', share: 1, start: sept1(SY), end: sept1(SY + 1) - 1, reason: target.kind === 'support' ? 'support teaching (支教)' : 'rotation (轮岗)' },
    ];
    pushTeacher(person, subjectsFor(subject, home.level), 'teacher', finish(segs, extra), home);
  }

  // ---- R3 cohort members on their placement right now
  for (let i = 0; i < nPlacementNow; i++) {
    const home = rng.weighted(schools, byWeight((s) => s.type === 'village_primary' || s.type === 'teaching_point'))!;
    const subject = rng.table(home.subjectWeights);
    const years = rng.int(1, 4);
    const person = newPerson(years, home, subject, 'teacher');
    const target = placementTarget(home, subject)!;
    const from = sept1(SY) - rng.int(1, 7);
    const segs = [regularSeg(home, subject, person.first, from - 1, 'first appointment')];
    const extra: ApptDraft[] = [{ school: target, postId: null, subject, kind: 'placement', role: 'teacher', share: 1, start: from, end: sept1(SY + 1) - 1, reason: 'R3 placement (跟岗)' }];
    pushTeacher(person, subjectsFor(subject, home.level), 'teacher', finish(segs, extra), home);
  }

  // ---- the county pool: not re-hired this year, or recruited and not yet placed
  for (let i = 0; i < nPool; i++) {
    const home = rng.weighted(schools, byWeight(() => true))!;
    const subject = rng.table(home.subjectWeights);
    if (i % 2 === 0) {
      const years = rng.int(3, 30);
      const person = newPerson(years, home, subject, 'teacher');
      const left = rng.chance(0.6) ? sept1(SY) : dayOf(SY, 7, rng.int(5, 20));
      pushTeacher(person, subjectsFor(subject, home.level), 'teacher', finish(priorChain(person.first, left, home, subject), []), home);
    } else {
      const person = newPerson(0, home, subject, 'teacher');
      pushTeacher(person, subjectsFor(subject, home.level), 'teacher', [], null);
    }
  }

  // ---- quotas: at least the most teachers holding the post on any day of the school year, plus vacancies
  const holders = new Map<string, Array<[number, number]>>();
  for (const tch of teachers) {
    for (const a of tch.appts) {
      if (a.kind !== 'regular' || !a.postId) continue;
      const list = holders.get(a.postId) ?? [];
      list.push([a.start, a.end ?? Number.MAX_SAFE_INTEGER]);
      holders.set(a.postId, list);
    }
  }
  const peak = (postId: string, year: number): number => {
    const from = sept1(year);
    const to = sept1(year + 1) - 1;
    const events: Array<[number, number]> = [];
    for (const [st, en] of holders.get(postId) ?? []) {
      if (en < from || st > to) continue;
      events.push([Math.max(st, from), 1], [Math.min(en, to) + 1, -1]);
    }
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let cur = 0;
    let max = 0;
    for (const [, d] of events) {
      cur += d;
      if (cur > max) max = cur;
    }
    return max;
  };
  const quotas: GeneratedQuota[] = [];
  for (const p of posts) {
    const s = postSchool.get(p.id)!;
    for (const year of quotaYears) {
      const held = peak(p.id, year);
      let vacancy: number;
      if (p.category === 'leader') vacancy = s.type === 'teaching_point' ? 0 : rng.chance(0.15) ? 1 : 0;
      else if (held === 0) vacancy = rng.chance(0.15) ? 1 : 0;
      else if (rng.chance(s.rural || s.weak ? 0.5 : 0.65)) vacancy = 0; // exactly full
      else vacancy = 1 + (rng.chance(0.15) ? 1 : 0) + (s.size > 60 && rng.chance(0.2) ? 1 : 0);
      quotas.push({ postId: p.id, schoolYear: year, approvedHeadcount: held + vacancy });
    }
  }

  // ---- staff numbers in order of first service, then the output
  const order = teachers.map((tch, i) => ({ tch, i, tie: rng.u32() })).sort((a, b) => a.tch.first - b.tch.first || a.tie - b.tie || a.i - b.i);
  const seqByYear = new Map<number, number>();
  const staffNo = new Map<TeacherDraft, string>();
  for (const { tch } of order) {
    const y = schoolYearOf(tch.first);
    const n = (seqByYear.get(y) ?? 0) + 1;
    seqByYear.set(y, n);
    staffNo.set(tch, `${geo.prefix}${y}${String(n).padStart(4, '0')}`);
  }
  const outTeachers: GeneratedTeacher[] = [];
  const appointments: GeneratedAppointment[] = [];
  for (const { tch } of order) {
    outTeachers.push({
      id: tch.id,
      countyCode,
      staffNo: staffNo.get(tch)!,
      name: tch.name,
      gender: tch.gender,
      birthDate: formatDay(tch.birth),
      firstServiceDate: formatDay(tch.first),
      subjects: tch.subjects,
      title: tch.title,
      backboneLevel: tch.backbone,
      category: tch.category,
    });
    for (const a of tch.appts) {
      appointments.push({
        id: ids.uuid(),
        teacherId: tch.id,
        schoolId: a.school.id,
        postId: a.postId,
        subject: a.subject,
        kind: a.kind,
        role: a.role,
        workloadShare: a.share,
        startDate: formatDay(a.start),
        endDate: a.end === null ? null : formatDay(a.end),
        reason: a.reason,
        endReason: a.end !== null && a.end < asOf ? ENDED_REASON : null,
      });
    }
  }

  return {
    countyCode,
    seed,
    asOf: asOfText,
    schoolYear: SY,
    quotaYears,
    districts,
    schools: schools.map((s) => ({
      id: s.id,
      countyCode: s.countyCode,
      code: s.code,
      name: s.name,
      type: s.type,
      districtCode: s.districtCode,
      weak: s.weak,
      smallScale: s.smallScale,
      rural: s.rural,
      remoteTier: s.remoteTier,
    })),
    posts,
    quotas,
    teachers: outTeachers,
    appointments,
  };
}
