import { bandWords } from '../../scheme/domain/scheme';
import type { ExcludedSegment, LineTrace } from './accrual';

/** Words for the amounts people read: "why this amount", in Chinese and English. */

/** 70000 → '700.00' (yuan with two decimals; fen are integers, negative for a reduction). */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const ESTABLISHMENT_ZH: Record<string, string> = { on_establishment: '在编', special_post: '特岗', contract: '合同制', substitute: '代课' };
const ABSENCE_ZH: Record<string, string> = { paid_leave: '带薪假', unpaid_leave: '停薪假', secondment_out: '借调', suspension: '停职', study_leave: '脱产学习' };
const ABSENCE_EN: Record<string, string> = { paid_leave: 'paid leave', unpaid_leave: 'unpaid leave', secondment_out: 'secondment out', suspension: 'suspension', study_leave: 'long study leave' };
const TIER_ZH = ['', '一', '二', '三'];

const day = (date: string) => Number(date.slice(8, 10));
const monthNo = (date: string) => Number(date.slice(5, 7));
const MONTH_EN = ['', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const spanZh = (from: string, to: string) => (from === to ? `${monthNo(from)}月${day(from)}日` : `${monthNo(from)}月${day(from)}日–${day(to)}日`);
const spanEn = (from: string, to: string) => (from === to ? `${day(from)} ${MONTH_EN[monthNo(from)]}` : `${day(from)}–${day(to)} ${MONTH_EN[monthNo(from)]}`);
const share = (milli: number) => String(milli / 1000);

function excludedWords(e: ExcludedSegment): { zh: string; en: string } {
  switch (e.reason) {
    case 'no_establishment':
      return { zh: '无编制类型记录，不计发', en: 'no establishment type on record: not paid' };
    case 'establishment_not_paid':
      return { zh: `编制类型为${ESTABLISHMENT_ZH[e.detail ?? ''] ?? e.detail}，不在补助范围`, en: `establishment type ${e.detail} is not paid by the scheme` };
    case 'absence':
      return { zh: `${ABSENCE_ZH[e.detail ?? ''] ?? e.detail}期间不计发`, en: `not paid during ${ABSENCE_EN[e.detail ?? ''] ?? e.detail}` };
    case 'paid_leave_beyond_limit':
      return { zh: `带薪假超过${e.detail}天，不计发`, en: `paid leave beyond ${e.detail} days: not paid` };
    case 'share_below_threshold':
      return { zh: `工作量低于${e.detail}，不计发`, en: `workload share below ${e.detail}: not paid` };
  }
}

/** Why a line has its amount: each run of days with its tier, band, rate and share, then the days that did not count. */
export function explainLine(line: { amountFen: number; trace: LineTrace }, schoolName: string): { zh: string; en: string } {
  const t = line.trace;
  const zh: string[] = [];
  const en: string[] = [];
  for (const s of t.counted) {
    const band = bandWords(s.band);
    zh.push(`${spanZh(s.from, s.to)} 边远${TIER_ZH[s.tier]}类、${band.zh}档，每月${formatYuan(s.rateFen)}元 × 工作量${share(s.shareMilli)} × ${s.days}/${t.daysInMonth}天`);
    en.push(`${spanEn(s.from, s.to)}: remote tier ${s.tier}, ${band.en}, ${formatYuan(s.rateFen)} yuan a month × share ${share(s.shareMilli)} × ${s.days}/${t.daysInMonth} days`);
  }
  for (const e of t.excluded) {
    const w = excludedWords(e);
    zh.push(`${spanZh(e.from, e.to)} ${w.zh}`);
    en.push(`${spanEn(e.from, e.to)}: ${w.en}`);
  }
  return {
    zh: `${schoolName}：${zh.join('；')}。合计${formatYuan(line.amountFen)}元（按月整行四舍五入到分）。`,
    en: `${schoolName}: ${en.join('; ')}. Total ${formatYuan(line.amountFen)} yuan (rounded half-up to the fen once for the line).`,
  };
}

/** Why an adjustment was posted: what changed the month, and the amounts before and after. */
export function explainAdjustment(a: { beforeFen: number; afterFen: number; amountFen: number; cause: string }, schoolName: string): { zh: string; en: string } {
  const diff = formatYuan(Math.abs(a.amountFen));
  return {
    zh: `${schoolName}：因${causeZh(a.cause)}重算，原${formatYuan(a.beforeFen)}元，现${formatYuan(a.afterFen)}元，${a.amountFen > 0 ? `补发${diff}元，随下一批发放` : `在下一批中扣回${diff}元`}。`,
    en: `${schoolName}: recomputed after ${causeEn(a.cause)}: was ${formatYuan(a.beforeFen)} yuan, now ${formatYuan(a.afterFen)} yuan, ${a.amountFen > 0 ? 'paid' : 'recovered'} ${diff} yuan in the next batch.`,
  };
}

const CAUSES: Record<string, { zh: string; en: string }> = {
  'staffing.TeacherAppointed': { zh: '补录任职', en: 'a backdated appointment' },
  'staffing.AppointmentEnded': { zh: '任职结束日期变更', en: 'an appointment ended in the past' },
  'staffing.AppointmentCorrected': { zh: '任职更正', en: 'an appointment corrected' },
  'staffing.AbsenceRecorded': { zh: '补录缺勤', en: 'an absence recorded late' },
  'staffing.AbsenceUpdated': { zh: '缺勤变更', en: 'an absence changed' },
  'staffing.EstablishmentTypeRecorded': { zh: '编制类型变更', en: 'an establishment type recorded with a past date' },
  'subsidies.scheme': { zh: '补助标准调整', en: 'a change of the tier table with a past date' },
};
const causeKey = (cause: string) => cause.replace(/\.v\d+$/, '');
const causeZh = (cause: string) => CAUSES[causeKey(cause)]?.zh ?? cause;
const causeEn = (cause: string) => CAUSES[causeKey(cause)]?.en ?? cause;
