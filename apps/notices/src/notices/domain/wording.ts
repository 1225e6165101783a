/**
 * How dates, deadlines, money and the rules' names read in each language. Pure functions: the templates
 * use them, so every notice says a deadline the same way — ending at 23:59 Asia/Shanghai of its last day,
 * never "by" a date that a reader could take as its midnight start.
 */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAYS_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

function parts(date: string): { y: number; m: number; d: number; weekday: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`not a calendar date: ${date}`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return { y, m, d, weekday: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
}

/** 2026年12月15日 / 15 December 2026 */
export function formatDate(date: string, lang: Language): string {
  const { y, m, d } = parts(date);
  return lang === 'zh-CN' ? `${y}年${m}月${d}日` : `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/** The end of a deadline's last day: 2026年12月15日（星期二）23:59（北京时间） / 23:59 China Standard Time (Asia/Shanghai) on Tuesday 15 December 2026 */
export function formatDeadline(lastDay: string, lang: Language): string {
  const { weekday } = parts(lastDay);
  return lang === 'zh-CN'
    ? `${formatDate(lastDay, lang)}（${WEEKDAYS_ZH[weekday]}）23:59（北京时间）`
    : `23:59 China Standard Time (Asia/Shanghai) on ${WEEKDAYS_EN[weekday]} ${formatDate(lastDay, lang)}`;
}

/** 2026-11 → 2026年11月 / November 2026 */
export function formatMonth(month: string, lang: Language): string {
  const [y, m] = month.split('-').map(Number);
  return lang === 'zh-CN' ? `${y}年${m}月` : `${MONTHS_EN[m - 1]} ${y}`;
}

/** integer fen → 1,234.50 元 / CNY 1,234.50 (signed when asked) */
export function formatYuan(fen: number, lang: Language, signed = false): string {
  const sign = fen < 0 ? '-' : signed && fen > 0 ? '+' : '';
  const abs = Math.abs(fen);
  const yuan = `${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
  return lang === 'zh-CN' ? `${sign}${yuan} 元` : `${sign}CNY ${yuan}`;
}

/** 2026 → 2026–2027学年 / school year 2026–27 */
export function formatSchoolYear(year: number, lang: Language): string {
  return lang === 'zh-CN' ? `${year}–${year + 1}学年` : `school year ${year}–${String(year + 1).slice(2)}`;
}

const RULES: Record<string, Record<Language, string>> = {
  R2: { 'zh-CN': '领导人员在同一岗位连续任职一般不超过12年（R2）', en: 'leaders stay in the same post at most 12 consecutive years (R2)' },
  R3: { 'zh-CN': '村小学、教学点新任教师5年内须到县城学校或乡镇中心校任教至少1年（R3）', en: 'a new village or teaching-point teacher teaches at least 1 year at a county-town or township central school within 5 years (R3)' },
  'R6.visits': { 'zh-CN': '教研员每5年到乡村学校指导不少于30次（R6）', en: 'a researcher makes at least 30 guidance visits to rural schools in 5 years (R6)' },
  'R6.stationing': { 'zh-CN': '新任教研员前3年内驻点至少1年（R6）', en: 'a new researcher is stationed at least 1 year within the first 3 (R6)' },
  'R7.county': { 'zh-CN': '县级每学期为乡村教师组织专项培训不少于2次、公开课1次（R7）', en: 'the county holds at least 2 special trainings and 1 open class for rural teachers each semester (R7)' },
  'R7.teacher': { 'zh-CN': '乡村教师每学期参加县级专项培训不少于2次（R7）', en: 'a rural teacher attends at least 2 county special trainings each semester (R7)' },
  R8: { 'zh-CN': '小规模学校教师参加区域集体教研活动不少于80%（R8）', en: 'small-scale school teachers attend at least 80% of regional teaching-research activities (R8)' },
  'hours.year': { 'zh-CN': '继续教育年度学时', en: 'continuing-education hours of the year' },
  'hours.probation': { 'zh-CN': '试用期继续教育学时', en: 'continuing-education hours of the probation year' },
};

export function ruleName(rule: string, lang: Language): string {
  return RULES[rule]?.[lang] ?? rule;
}

const SEVERITIES: Record<string, Record<Language, string>> = {
  warning: { 'zh-CN': '预警', en: 'warning' },
  due: { 'zh-CN': '到期', en: 'due' },
  overdue: { 'zh-CN': '逾期', en: 'overdue' },
};

export function severityName(severity: string, lang: Language): string {
  return SEVERITIES[severity]?.[lang] ?? severity;
}

const MOVE_KINDS: Record<string, Record<Language, string>> = {
  regular: { 'zh-CN': '调动', en: 'transfer' },
  rotation: { 'zh-CN': '交流轮岗', en: 'rotation' },
  support: { 'zh-CN': '支教', en: 'support teaching' },
  placement: { 'zh-CN': '跟岗', en: 'placement' },
  walking: { 'zh-CN': '走教', en: 'walking teaching' },
};

export function moveKindName(kind: string, lang: Language): string {
  return MOVE_KINDS[kind]?.[lang] ?? kind;
}

/** A person's name with their staff number when known: 李明（工号 TS00012） / 李明 (staff no. TS00012) */
export function personName(name: string, staffNo: string | null | undefined, lang: Language): string {
  if (!staffNo) return name;
  return lang === 'zh-CN' ? `${name}（工号 ${staffNo}）` : `${name} (staff no. ${staffNo})`;
}

/** A school's name, or a neutral phrase while the read model does not know it yet (never its id). */
export function schoolName(name: string | null | undefined, lang: Language): string {
  if (name) return name;
  return lang === 'zh-CN' ? '（学校名称待同步）' : '(school name not yet known)';
}

const COUNTIES: Record<string, [string, string]> = {
  pengjiang: ['蓬江区', 'Pengjiang'],
  jianghai: ['江海区', 'Jianghai'],
  xinhui: ['新会区', 'Xinhui'],
  taishan: ['台山市', 'Taishan'],
  kaiping: ['开平市', 'Kaiping'],
  heshan: ['鹤山市', 'Heshan'],
  enping: ['恩平市', 'Enping'],
};

export function countyName(code: string, lang: Language): string {
  const names = COUNTIES[code];
  return names ? names[lang === 'zh-CN' ? 0 : 1] : code;
}
