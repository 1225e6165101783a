import {
  countyName,
  formatDate,
  formatDeadline,
  formatMonth,
  formatSchoolYear,
  formatYuan,
  moveKindName,
  personName,
  ruleName,
  schoolName,
  severityName,
  type Language,
} from './wording';

/**
 * The notices this service writes: one template per kind and audience, in Chinese (the default) and
 * English. A template turns the facts an event gave (with names from the read model: schools by name,
 * never by id) into a subject and a body; the result is stored as rendered, beside the kind and the facts.
 */
export const NOTICE_KINDS = [
  'move_approved',
  'move_approved_leaving',
  'move_approved_joining',
  'move_rejected',
  'obligation_raised',
  'obligation_severity_changed',
  'obligation_due_date_changed',
  'cycle_opened',
  'preference_reminder',
  'plan_approved',
  'appeal_filed',
  'appeal_decided',
  'subsidy_adjustment',
  'training_shortfall',
  'plan_amended',
  'training_restored',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const RECIPIENT_TYPES = ['teacher', 'school', 'county', 'city'] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];

export type Fact = string | number | boolean | null;
/** A fact of a notice about several people or moves (an amendment's changes): a list of flat rows. */
export type FactRow = Record<string, Fact>;
export type Facts = Record<string, Fact | readonly FactRow[]>;

export interface Rendered {
  subject: string;
  body: string;
}

type Text = (f: Facts, lang: Language) => Rendered;
type Template = Partial<Record<RecipientType, Record<Language, Text>>>;

const s = (v: Facts[string]): string => (v === null || v === undefined ? '' : String(v));
const n = (v: Facts[string]): number => Number(v);
const rows = (v: Facts[string]): readonly FactRow[] => (Array.isArray(v) ? v : []);
const str = (v: Facts[string]): string | null => (typeof v === 'string' ? v : null);
const daysLeftEn = (d: number) => (d === 0 ? 'last day today' : `${d} day${d === 1 ? '' : 's'} left`);
const who = (f: Facts, lang: Language) => personName(s(f.teacherName), f.staffNo as string | null, lang);
const FOOTER: Record<Language, string> = {
  'zh-CN': '\n\n——江门市教师交流轮岗管理系统（本通知由系统自动发送）',
  en: '\n\n— Jiangmen teacher staffing and rotation system (an automatic notice)',
};

const TEMPLATES: Record<NoticeKind, Template> = {
  move_approved: {
    teacher: {
      'zh-CN': (f, l) => ({
        subject: `交流轮岗决定：${formatDate(s(f.effectiveDate), l)}起到${schoolName(f.toSchoolName as string, l)}任教`,
        body:
          `${s(f.teacherName)}老师：\n\n县教育局已批准本年度交流轮岗方案。您将于${formatDate(s(f.effectiveDate), l)}起` +
          `${f.fromSchoolId ? `由${schoolName(f.fromSchoolName as string, l)}` : ''}到${schoolName(f.toSchoolName as string, l)}${moveKindName(s(f.moveKind), l)}任教` +
          `${f.endDate ? `，至${formatDate(s(f.endDate), l)}止` : ''}。\n如对该决定有异议，可在规定期限内通过系统提出申诉。`,
      }),
      en: (f, l) => ({
        subject: `Rotation decision: you teach at ${schoolName(f.toSchoolName as string, l)} from ${formatDate(s(f.effectiveDate), l)}`,
        body:
          `Dear ${s(f.teacherName)},\n\nThe county education bureau approved this year's rotation plan. From ${formatDate(s(f.effectiveDate), l)} you ` +
          `${f.fromSchoolId ? `move from ${schoolName(f.fromSchoolName as string, l)} ` : ''}to ${schoolName(f.toSchoolName as string, l)} (${moveKindName(s(f.moveKind), l)})` +
          `${f.endDate ? ` until ${formatDate(s(f.endDate), l)}` : ''}.\nIf you disagree with the decision, you may appeal through the system within the stated period.`,
      }),
    },
  },
  move_approved_leaving: {
    school: {
      'zh-CN': (f, l) => ({
        subject: `教师调出：${who(f, l)}将于${formatDate(s(f.effectiveDate), l)}调往${schoolName(f.toSchoolName as string, l)}`,
        body: `${schoolName(f.schoolName as string, l)}：\n\n县教育局已批准交流轮岗方案：贵校教师${who(f, l)}将于${formatDate(s(f.effectiveDate), l)}起到${schoolName(f.toSchoolName as string, l)}${moveKindName(s(f.moveKind), l)}任教。请做好工作交接与课务安排。`,
      }),
      en: (f, l) => ({
        subject: `Teacher leaving: ${who(f, l)} moves to ${schoolName(f.toSchoolName as string, l)} on ${formatDate(s(f.effectiveDate), l)}`,
        body: `To ${schoolName(f.schoolName as string, l)}:\n\nThe county approved the rotation plan: your teacher ${who(f, l)} moves to ${schoolName(f.toSchoolName as string, l)} (${moveKindName(s(f.moveKind), l)}) from ${formatDate(s(f.effectiveDate), l)}. Please arrange the handover and the timetable.`,
      }),
    },
  },
  move_approved_joining: {
    school: {
      'zh-CN': (f, l) => ({
        subject: `教师调入：${who(f, l)}将于${formatDate(s(f.effectiveDate), l)}到校`,
        body: `${schoolName(f.schoolName as string, l)}：\n\n县教育局已批准交流轮岗方案：${who(f, l)}${f.fromSchoolId ? `（原${schoolName(f.fromSchoolName as string, l)}）` : ''}将于${formatDate(s(f.effectiveDate), l)}起到贵校${moveKindName(s(f.moveKind), l)}任教。到岗后请在系统中确认报到。`,
      }),
      en: (f, l) => ({
        subject: `Teacher arriving: ${who(f, l)} joins on ${formatDate(s(f.effectiveDate), l)}`,
        body: `To ${schoolName(f.schoolName as string, l)}:\n\nThe county approved the rotation plan: ${who(f, l)}${f.fromSchoolId ? ` (now at ${schoolName(f.fromSchoolName as string, l)})` : ''} joins your school (${moveKindName(s(f.moveKind), l)}) from ${formatDate(s(f.effectiveDate), l)}. Please confirm the arrival in the system.`,
      }),
    },
  },
  move_rejected: {
    county: {
      'zh-CN': (f, l) => ({
        subject: `调动未能执行：${who(f, l)}`,
        body: `人事股：\n\n已批准的调动未能执行：${who(f, l)}到${schoolName(f.toSchoolName as string, l)}。\n原因（${s(f.code)}）：${s(f.reason)}\n请核查岗位与编制后处理。`,
      }),
      en: (f, l) => ({
        subject: `Approved move not applied: ${who(f, l)}`,
        body: `To the HR office:\n\nStaffing could not apply the approved move of ${who(f, l)} to ${schoolName(f.toSchoolName as string, l)}.\nReason (${s(f.code)}): ${s(f.reason)}\nPlease check the posts and quotas.`,
      }),
    },
  },
  obligation_raised: {
    teacher: {
      'zh-CN': (f, l) => ({
        subject: `交流义务提醒（${severityName(s(f.severity), l)}）：${s(f.rule)}`,
        body: `${s(f.teacherName)}老师：\n\n根据“${ruleName(s(f.rule), l)}”，您有一项交流义务（${severityName(s(f.severity), l)}），须在${formatDeadline(s(f.dueBy), l)}前完成。县教育局将在交流轮岗方案中统筹安排。`,
      }),
      en: (f, l) => ({
        subject: `Rotation obligation (${severityName(s(f.severity), l)}): ${s(f.rule)}`,
        body: `Dear ${s(f.teacherName)},\n\nUnder the rule "${ruleName(s(f.rule), l)}" you have an obligation (${severityName(s(f.severity), l)}) to be met by ${formatDeadline(s(f.dueBy), l)}. The county will arrange it in the rotation plan.`,
      }),
    },
    county: {
      'zh-CN': (f, l) => ({
        subject: `新增交流义务（${severityName(s(f.severity), l)}）：${who(f, l)}`,
        body: `人事股：\n\n${who(f, l)}新增一项交流义务：${ruleName(s(f.rule), l)}，状态${severityName(s(f.severity), l)}，期限${formatDeadline(s(f.dueBy), l)}。`,
      }),
      en: (f, l) => ({
        subject: `New rotation obligation (${severityName(s(f.severity), l)}): ${who(f, l)}`,
        body: `To the HR office:\n\n${who(f, l)} has a new obligation: ${ruleName(s(f.rule), l)}; ${severityName(s(f.severity), l)}, to be met by ${formatDeadline(s(f.dueBy), l)}.`,
      }),
    },
  },
  obligation_severity_changed: {
    teacher: {
      'zh-CN': (f, l) => ({
        subject: `交流义务状态变更：${severityName(s(f.previousSeverity), l)} → ${severityName(s(f.severity), l)}`,
        body: `${s(f.teacherName)}老师：\n\n您的交流义务（${ruleName(s(f.rule), l)}）状态由“${severityName(s(f.previousSeverity), l)}”变为“${severityName(s(f.severity), l)}”，期限${formatDeadline(s(f.dueBy), l)}。`,
      }),
      en: (f, l) => ({
        subject: `Rotation obligation now ${severityName(s(f.severity), l)} (was ${severityName(s(f.previousSeverity), l)})`,
        body: `Dear ${s(f.teacherName)},\n\nYour obligation under "${ruleName(s(f.rule), l)}" changed from ${severityName(s(f.previousSeverity), l)} to ${severityName(s(f.severity), l)}; it is to be met by ${formatDeadline(s(f.dueBy), l)}.`,
      }),
    },
    county: {
      'zh-CN': (f, l) => ({
        subject: `交流义务状态变更（${severityName(s(f.severity), l)}）：${who(f, l)}`,
        body: `人事股：\n\n${who(f, l)}的交流义务（${ruleName(s(f.rule), l)}）状态由“${severityName(s(f.previousSeverity), l)}”变为“${severityName(s(f.severity), l)}”，期限${formatDeadline(s(f.dueBy), l)}。`,
      }),
      en: (f, l) => ({
        subject: `Obligation now ${severityName(s(f.severity), l)}: ${who(f, l)}`,
        body: `To the HR office:\n\nThe obligation of ${who(f, l)} under "${ruleName(s(f.rule), l)}" changed from ${severityName(s(f.previousSeverity), l)} to ${severityName(s(f.severity), l)}; to be met by ${formatDeadline(s(f.dueBy), l)}.`,
      }),
    },
  },
  obligation_due_date_changed: {
    teacher: {
      'zh-CN': (f, l) => ({
        subject: `交流义务期限变更：${s(f.rule)}`,
        body: `${s(f.teacherName)}老师：\n\n您的交流义务（${ruleName(s(f.rule), l)}）期限由${formatDeadline(s(f.previousDueBy), l)}改为${formatDeadline(s(f.dueBy), l)}。`,
      }),
      en: (f, l) => ({
        subject: `Rotation obligation: new deadline (${s(f.rule)})`,
        body: `Dear ${s(f.teacherName)},\n\nThe deadline of your obligation under "${ruleName(s(f.rule), l)}" changed from ${formatDeadline(s(f.previousDueBy), l)} to ${formatDeadline(s(f.dueBy), l)}.`,
      }),
    },
    county: {
      'zh-CN': (f, l) => ({
        subject: `交流义务期限变更：${who(f, l)}`,
        body: `人事股：\n\n${who(f, l)}的交流义务（${ruleName(s(f.rule), l)}）期限由${formatDeadline(s(f.previousDueBy), l)}改为${formatDeadline(s(f.dueBy), l)}。`,
      }),
      en: (f, l) => ({
        subject: `Obligation deadline changed: ${who(f, l)}`,
        body: `To the HR office:\n\nThe deadline of the obligation of ${who(f, l)} under "${ruleName(s(f.rule), l)}" changed from ${formatDeadline(s(f.previousDueBy), l)} to ${formatDeadline(s(f.dueBy), l)}.`,
      }),
    },
  },
  cycle_opened: {
    teacher: {
      'zh-CN': (f, l) => ({
        subject: `${formatSchoolYear(n(f.schoolYear), l)}交流轮岗志愿填报已开始，截止${formatDeadline(s(f.deadline), l)}`,
        body: `各位老师：\n\n${formatSchoolYear(n(f.schoolYear), l)}教师交流轮岗开始接受志愿填报，交流自${formatDate(s(f.effectiveDate), l)}起生效。请在${formatDeadline(s(f.deadline), l)}前登录系统查看本人状态并填报不超过10所志愿学校。`,
      }),
      en: (f, l) => ({
        subject: `Rotation ${formatSchoolYear(n(f.schoolYear), l)}: preferences open until ${formatDeadline(s(f.deadline), l)}`,
        body: `Dear teacher,\n\nThe county opened the rotation cycle of ${formatSchoolYear(n(f.schoolYear), l)} for preferences; moves take effect on ${formatDate(s(f.effectiveDate), l)}. Sign in to see your status and rank up to 10 schools before ${formatDeadline(s(f.deadline), l)}.`,
      }),
    },
  },
  preference_reminder: {
    teacher: {
      'zh-CN': (f, l) => ({
        subject: `提醒：交流轮岗志愿填报${n(f.daysLeft) === 0 ? '今天' : `还剩${n(f.daysLeft)}天`}截止（${formatDeadline(s(f.deadline), l)}）`,
        body: `老师您好：\n\n您尚未填报${formatSchoolYear(n(f.schoolYear), l)}交流轮岗志愿。填报将于${formatDeadline(s(f.deadline), l)}截止${n(f.daysLeft) === 0 ? '（今天）' : `（还剩${n(f.daysLeft)}天）`}。如已填报请忽略本提醒。`,
      }),
      en: (f, l) => ({
        subject: `Reminder: ${daysLeftEn(n(f.daysLeft))} for your rotation preferences (until ${formatDeadline(s(f.deadline), l)})`,
        body: `Dear teacher,\n\nYou have not yet entered your preferences for the rotation of ${formatSchoolYear(n(f.schoolYear), l)}. They are taken until ${formatDeadline(s(f.deadline), l)} (${daysLeftEn(n(f.daysLeft))}). If you have just done so, please ignore this reminder.`,
      }),
    },
  },
  plan_approved: {
    county: {
      'zh-CN': (f, l) => ({
        subject: `${formatSchoolYear(n(f.schoolYear), l)}交流轮岗方案已批准（${n(f.moves)}人）`,
        body: `人事股：\n\n${formatSchoolYear(n(f.schoolYear), l)}交流轮岗方案已由${s(f.approvedBy)}批准，共${n(f.moves)}人交流，自${formatDate(s(f.effectiveDate), l)}起生效。各教师及学校已收到通知；人事系统执行结果可在方案中查看。`,
      }),
      en: (f, l) => ({
        subject: `Rotation plan of ${formatSchoolYear(n(f.schoolYear), l)} approved (${n(f.moves)} moves)`,
        body: `To the HR office:\n\nThe rotation plan of ${formatSchoolYear(n(f.schoolYear), l)} was approved by ${s(f.approvedBy)}: ${n(f.moves)} moves effective ${formatDate(s(f.effectiveDate), l)}. The teachers and schools concerned have been told; what staffing applied shows on the plan.`,
      }),
    },
    city: {
      'zh-CN': (f, l) => ({
        subject: `${countyName(s(f.countyCode), l)}${formatSchoolYear(n(f.schoolYear), l)}交流轮岗方案已批准（${n(f.moves)}人）`,
        body: `${countyName(s(f.countyCode), l)}${formatSchoolYear(n(f.schoolYear), l)}交流轮岗方案已批准：${n(f.moves)}人，自${formatDate(s(f.effectiveDate), l)}起生效。`,
      }),
      en: (f, l) => ({
        subject: `${countyName(s(f.countyCode), l)}: rotation plan of ${formatSchoolYear(n(f.schoolYear), l)} approved (${n(f.moves)} moves)`,
        body: `${countyName(s(f.countyCode), l)} approved its rotation plan of ${formatSchoolYear(n(f.schoolYear), l)}: ${n(f.moves)} moves effective ${formatDate(s(f.effectiveDate), l)}.`,
      }),
    },
  },
  appeal_filed: {
    teacher: {
      'zh-CN': (f, l) => ({
        subject: '您的申诉已受理',
        body: `${s(f.teacherName)}老师：\n\n您对交流轮岗决定的申诉已于${formatDate(s(f.filedOn), l)}受理。县教育局将于${formatDeadline(s(f.decideBy), l)}前作出决定并通知您。`,
      }),
      en: (f, l) => ({
        subject: 'Your appeal has been received',
        body: `Dear ${s(f.teacherName)},\n\nYour appeal against the rotation decision was received on ${formatDate(s(f.filedOn), l)}. The county will decide by ${formatDeadline(s(f.decideBy), l)} and tell you.`,
      }),
    },
    county: {
      'zh-CN': (f, l) => ({
        subject: `新申诉待处理：${who(f, l)}，须于${formatDeadline(s(f.decideBy), l)}前决定`,
        body: `人事股：\n\n${who(f, l)}于${formatDate(s(f.filedOn), l)}对交流轮岗决定提出申诉，请于${formatDeadline(s(f.decideBy), l)}前作出决定（维持或变更）。`,
      }),
      en: (f, l) => ({
        subject: `Appeal to decide: ${who(f, l)}, by ${formatDeadline(s(f.decideBy), l)}`,
        body: `To the HR office:\n\n${who(f, l)} appealed the rotation decision on ${formatDate(s(f.filedOn), l)}. Please decide (uphold or amend) by ${formatDeadline(s(f.decideBy), l)}.`,
      }),
    },
  },
  appeal_decided: {
    teacher: {
      'zh-CN': (f, l) => ({
        subject: `申诉结果：${f.decision === 'amended' ? '变更原决定' : '维持原决定'}`,
        body: `${s(f.teacherName)}老师：\n\n县教育局已对您的申诉作出决定：${f.decision === 'amended' ? '变更原交流安排，变更后的安排将另行通知' : '维持原交流决定'}。\n理由：${s(f.reason)}`,
      }),
      en: (f) => ({
        subject: `Appeal decided: ${f.decision === 'amended' ? 'the decision is amended' : 'the decision stands'}`,
        body: `Dear ${s(f.teacherName)},\n\nThe county decided your appeal: ${f.decision === 'amended' ? 'your move is amended; the amended move is notified separately' : 'the rotation decision stands'}.\nReason: ${s(f.reason)}`,
      }),
    },
    county: {
      'zh-CN': (f, l) => ({
        subject: `申诉已决定（${f.decision === 'amended' ? '变更' : '维持'}）：${who(f, l)}`,
        body: `人事股：\n\n${who(f, l)}的申诉已决定：${f.decision === 'amended' ? '变更' : '维持原决定'}。\n理由：${s(f.reason)}`,
      }),
      en: (f, l) => ({
        subject: `Appeal decided (${f.decision === 'amended' ? 'amended' : 'upheld'}): ${who(f, l)}`,
        body: `To the HR office:\n\nThe appeal of ${who(f, l)} was decided: ${f.decision === 'amended' ? 'amended' : 'upheld'}.\nReason: ${s(f.reason)}`,
      }),
    },
  },
  subsidy_adjustment: {
    teacher: {
      'zh-CN': (f, l) => ({
        subject: `生活补助调整：${formatMonth(s(f.month), l)} ${formatYuan(n(f.amountFen), l, true)}`,
        body: `${s(f.teacherName)}老师：\n\n您${formatMonth(s(f.month), l)}在${schoolName(f.schoolName as string, l)}的乡村教师生活补助已重新核算：由${formatYuan(n(f.beforeFen), l)}调整为${formatYuan(n(f.afterFen), l)}（${formatYuan(n(f.amountFen), l, true)}），差额将计入下一次发放。`,
      }),
      en: (f, l) => ({
        subject: `Living subsidy adjusted: ${formatMonth(s(f.month), l)} ${formatYuan(n(f.amountFen), l, true)}`,
        body: `Dear ${s(f.teacherName)},\n\nYour rural teacher living subsidy for ${formatMonth(s(f.month), l)} at ${schoolName(f.schoolName as string, l)} was recomputed: ${formatYuan(n(f.beforeFen), l)} becomes ${formatYuan(n(f.afterFen), l)} (${formatYuan(n(f.amountFen), l, true)}); the difference is paid with the next batch.`,
      }),
    },
  },
  training_shortfall: {
    teacher: {
      'zh-CN': (f, l) => ({
        subject: `培训要求未达标：${ruleName(s(f.rule), l)}`,
        body: `${s(f.teacherName)}老师：\n\n${s(f.period)}期间“${ruleName(s(f.rule), l)}”尚未达标：要求${n(f.required)}，已完成${n(f.actual)}。\n${s(f.message)}`,
      }),
      en: (f, l) => ({
        subject: `Training requirement not met: ${ruleName(s(f.rule), l)}`,
        body: `Dear ${s(f.teacherName)},\n\nFor ${s(f.period)} the requirement "${ruleName(s(f.rule), l)}" is not met: required ${n(f.required)}, done ${n(f.actual)}.\n${s(f.message)}`,
      }),
    },
    county: {
      'zh-CN': (f, l) => ({
        subject: `县级培训要求未达标：${ruleName(s(f.rule), l)}`,
        body: `人事股：\n\n${s(f.period)}期间本县“${ruleName(s(f.rule), l)}”尚未达标：要求${n(f.required)}，实际${n(f.actual)}。\n${s(f.message)}`,
      }),
      en: (f, l) => ({
        subject: `County training requirement not met: ${ruleName(s(f.rule), l)}`,
        body: `To the HR office:\n\nFor ${s(f.period)} the county does not meet "${ruleName(s(f.rule), l)}": required ${n(f.required)}, actual ${n(f.actual)}.\n${s(f.message)}`,
      }),
    },
  },
  plan_amended: {
    teacher: {
      'zh-CN': (f, l) => ({
        subject:
          f.change === 'replaced'
            ? `交流轮岗安排变更：改为${formatDate(s(f.newEffectiveDate), l)}起到${schoolName(str(f.newToSchoolName), l)}任教`
            : f.change === 'cancelled'
              ? `交流轮岗安排变更：原定到${schoolName(str(f.cancelledToSchoolName), l)}的交流已取消`
              : f.change === 'added'
                ? `交流轮岗方案调整：${formatDate(s(f.newEffectiveDate), l)}起到${schoolName(str(f.newToSchoolName), l)}任教`
                : '申诉处理结果：您的交流安排不变',
        body:
          `${s(f.teacherName)}老师：\n\n${f.appellant === true ? '县教育局已就您的申诉变更本年度交流轮岗方案。' : '县教育局已变更本年度交流轮岗方案。'}` +
          amendedMoveText(f, l) +
          (f.change === 'replaced' || f.change === 'added' ? '\n如对新的安排有异议，可在规定期限内通过系统提出申诉。' : ''),
      }),
      en: (f, l) => ({
        subject:
          f.change === 'replaced'
            ? `Rotation decision changed: you teach at ${schoolName(str(f.newToSchoolName), l)} from ${formatDate(s(f.newEffectiveDate), l)}`
            : f.change === 'cancelled'
              ? `Rotation decision changed: your move to ${schoolName(str(f.cancelledToSchoolName), l)} is cancelled`
              : f.change === 'added'
                ? `Rotation plan amended: you teach at ${schoolName(str(f.newToSchoolName), l)} from ${formatDate(s(f.newEffectiveDate), l)}`
                : 'Your appeal: your move is unchanged',
        body:
          `Dear ${s(f.teacherName)},\n\n${f.appellant === true ? "The county amended this year's rotation plan following your appeal. " : "The county amended this year's rotation plan. "}` +
          amendedMoveText(f, l) +
          (f.change === 'replaced' || f.change === 'added' ? '\nIf you disagree with the new decision, you may appeal through the system within the stated period.' : ''),
      }),
    },
    school: {
      'zh-CN': (f, l) => ({
        subject: `交流轮岗方案变更：贵校教师调入调出有变化（${rows(f.lines).length}人）`,
        body: `${schoolName(str(f.schoolName), l)}：\n\n县教育局已变更交流轮岗方案，贵校教师调入、调出安排变化如下：\n${schoolLines(f, l)}\n请据此调整工作交接与课务安排。`,
      }),
      en: (f, l) => ({
        subject: `Rotation plan amended: ${rows(f.lines).length} change${rows(f.lines).length === 1 ? '' : 's'} to your arrivals and departures`,
        body: `To ${schoolName(str(f.schoolName), l)}:\n\nThe county amended the rotation plan. Your school's arrivals and departures change as follows:\n${schoolLines(f, l)}\nPlease adjust the handovers and the timetable.`,
      }),
    },
    county: {
      'zh-CN': (f, l) => ({
        subject: `交流轮岗方案已变更：取消${n(f.cancelledCount)}项、新增${rows(f.added).length}项调动${f.appellantName ? `（${who({ teacherName: f.appellantName, staffNo: f.appellantStaffNo }, l)}申诉）` : ''}`,
        body:
          `人事股：\n\n交流轮岗方案已${f.appellantName ? `就${who({ teacherName: f.appellantName, staffNo: f.appellantStaffNo }, l)}的申诉` : ''}变更，其余调动不变。\n取消的调动：\n${moveLines(f.cancelled, l)}` +
          `${n(f.unknownCancelled) > 0 ? `\n- 另有${n(f.unknownCancelled)}项（本系统未收到原调动信息）` : ''}\n新增的调动：\n${moveLines(f.added, l)}\n` +
          '相关教师及学校已收到通知；已生效而无法撤销的调动，人事系统将另行报告。',
      }),
      en: (f, l) => ({
        subject: `Rotation plan amended: ${n(f.cancelledCount)} move${n(f.cancelledCount) === 1 ? '' : 's'} cancelled, ${rows(f.added).length} added${f.appellantName ? ` (appeal of ${who({ teacherName: f.appellantName, staffNo: f.appellantStaffNo }, l)})` : ''}`,
        body:
          `To the HR office:\n\nThe rotation plan was amended${f.appellantName ? ` following the appeal of ${who({ teacherName: f.appellantName, staffNo: f.appellantStaffNo }, l)}` : ''}; every other move stands.\nCancelled moves:\n${moveLines(f.cancelled, l)}` +
          `${n(f.unknownCancelled) > 0 ? `\n- and ${n(f.unknownCancelled)} not known to this service` : ''}\nNew moves:\n${moveLines(f.added, l)}\n` +
          'The teachers and schools concerned have been told; staffing reports separately any cancellation it cannot apply because the move has taken effect.',
      }),
    },
  },
  training_restored: {
    teacher: {
      'zh-CN': (f, l) => ({
        subject: `培训要求已达标：${ruleName(s(f.rule), l)}`,
        body: `${s(f.teacherName)}老师：\n\n${s(f.period)}期间“${ruleName(s(f.rule), l)}”现已达标：要求${n(f.required)}，已完成${n(f.actual)}。此前的未达标提醒不再适用。`,
      }),
      en: (f, l) => ({
        subject: `Training requirement now met: ${ruleName(s(f.rule), l)}`,
        body: `Dear ${s(f.teacherName)},\n\nFor ${s(f.period)} the requirement "${ruleName(s(f.rule), l)}" is now met: required ${n(f.required)}, done ${n(f.actual)}. The earlier notice that it was not met no longer applies.`,
      }),
    },
    county: {
      'zh-CN': (f, l) => ({
        subject: `县级培训要求已达标：${ruleName(s(f.rule), l)}`,
        body: `人事股：\n\n${s(f.period)}期间本县“${ruleName(s(f.rule), l)}”现已达标：要求${n(f.required)}，实际${n(f.actual)}。此前的未达标提醒不再适用。`,
      }),
      en: (f, l) => ({
        subject: `County training requirement now met: ${ruleName(s(f.rule), l)}`,
        body: `To the HR office:\n\nFor ${s(f.period)} the county now meets "${ruleName(s(f.rule), l)}": required ${n(f.required)}, actual ${n(f.actual)}. The earlier notice that it was not met no longer applies.`,
      }),
    },
  },
};

/** What an amendment did to a teacher's move, in a sentence (facts of a plan_amended notice to a teacher). */
function amendedMoveText(f: Facts, l: Language): string {
  const sch = (v: Facts[string]) => schoolName(str(v), l);
  const date = (v: Facts[string]) => formatDate(s(v), l);
  const until = f.newEndDate ? (l === 'zh-CN' ? `，至${date(f.newEndDate)}止` : ` until ${date(f.newEndDate)}`) : '';
  const newFrom = (zh: boolean) => (f.newFromSchoolId ? (zh ? `由${sch(f.newFromSchoolName)}` : `from ${sch(f.newFromSchoolName)} `) : '');
  if (l === 'zh-CN') {
    switch (f.change) {
      case 'replaced':
        return `您原定${date(f.cancelledEffectiveDate)}起到${sch(f.cancelledToSchoolName)}的交流已取消，改为${date(f.newEffectiveDate)}起${newFrom(true)}到${sch(f.newToSchoolName)}${moveKindName(s(f.newMoveKind), l)}任教${until}。`;
      case 'cancelled':
        return `您原定${date(f.cancelledEffectiveDate)}起${f.cancelledFromSchoolName ? `由${sch(f.cancelledFromSchoolName)}` : ''}到${sch(f.cancelledToSchoolName)}的交流已取消，不再调动${f.cancelledFromSchoolName ? `，继续在${sch(f.cancelledFromSchoolName)}任教` : ''}。`;
      case 'added':
        return `您将于${date(f.newEffectiveDate)}起${newFrom(true)}到${sch(f.newToSchoolName)}${moveKindName(s(f.newMoveKind), l)}任教${until}。`;
      default:
        return `变更后的方案未改变您的交流安排${f.standingToSchoolName !== null && f.standingEffectiveDate ? `：仍于${date(f.standingEffectiveDate)}起到${sch(f.standingToSchoolName)}任教` : ''}。`;
    }
  }
  switch (f.change) {
    case 'replaced':
      return `Your move to ${sch(f.cancelledToSchoolName)} from ${date(f.cancelledEffectiveDate)} is cancelled. Instead, from ${date(f.newEffectiveDate)} you move ${newFrom(false)}to ${sch(f.newToSchoolName)} (${moveKindName(s(f.newMoveKind), l)})${until}.`;
    case 'cancelled':
      return `Your move ${f.cancelledFromSchoolName ? `from ${sch(f.cancelledFromSchoolName)} ` : ''}to ${sch(f.cancelledToSchoolName)} from ${date(f.cancelledEffectiveDate)} is cancelled: you do not move${f.cancelledFromSchoolName ? ` and stay at ${sch(f.cancelledFromSchoolName)}` : ''}.`;
    case 'added':
      return `From ${date(f.newEffectiveDate)} you move ${newFrom(false)}to ${sch(f.newToSchoolName)} (${moveKindName(s(f.newMoveKind), l)})${until}.`;
    default:
      return `The amended plan leaves your move unchanged${f.standingToSchoolName !== null && f.standingEffectiveDate ? `: you still move to ${sch(f.standingToSchoolName)} from ${date(f.standingEffectiveDate)}` : ''}.`;
  }
}

/** A school's changed arrivals and departures, one line per teacher (facts.lines of a plan_amended notice to a school). */
function schoolLines(f: Facts, l: Language): string {
  return rows(f.lines)
    .map((r) => {
      const who = personName(s(r.teacherName) || (l === 'zh-CN' ? '（姓名待同步）' : '(name not yet known)'), str(r.staffNo), l);
      const was = r.wasEffectiveDate !== null && r.wasEffectiveDate !== undefined;
      const now = r.nowEffectiveDate !== null && r.nowEffectiveDate !== undefined;
      const d = (v: Fact) => formatDate(s(v), l);
      const other = (v: Fact) => schoolName(str(v), l);
      const kind = moveKindName(s(r.nowMoveKind), l);
      if (l === 'zh-CN') {
        if (r.direction === 'leaving') {
          if (was && now) return `- ${who}：改为${d(r.nowEffectiveDate)}起调往${other(r.nowSchoolName)}${kind}任教（原定${d(r.wasEffectiveDate)}起调往${other(r.wasSchoolName)}）`;
          if (was) return `- ${who}：不再调出（原定${d(r.wasEffectiveDate)}起调往${other(r.wasSchoolName)}），继续在本校任教`;
          return `- ${who}：将于${d(r.nowEffectiveDate)}起调往${other(r.nowSchoolName)}${kind}任教`;
        }
        if (was && now) return `- ${who}：改为${d(r.nowEffectiveDate)}起到校${kind}任教（原定${d(r.wasEffectiveDate)}起）`;
        if (was) return `- ${who}：不再调入（原定${d(r.wasEffectiveDate)}起${r.wasSchoolName ? `由${other(r.wasSchoolName)}` : ''}到校）`;
        return `- ${who}${r.nowSchoolName ? `（原${other(r.nowSchoolName)}）` : ''}：将于${d(r.nowEffectiveDate)}起到校${kind}任教`;
      }
      if (r.direction === 'leaving') {
        if (was && now) return `- ${who}: now leaves for ${other(r.nowSchoolName)} (${kind}) from ${d(r.nowEffectiveDate)}, instead of ${other(r.wasSchoolName)} from ${d(r.wasEffectiveDate)}`;
        if (was) return `- ${who}: no longer leaves (was to move to ${other(r.wasSchoolName)} from ${d(r.wasEffectiveDate)}) and stays at your school`;
        return `- ${who}: leaves for ${other(r.nowSchoolName)} (${kind}) from ${d(r.nowEffectiveDate)}`;
      }
      if (was && now) return `- ${who}: now joins (${kind}) from ${d(r.nowEffectiveDate)}, instead of from ${d(r.wasEffectiveDate)}`;
      if (was) return `- ${who}: no longer joins (was to come${r.wasSchoolName ? ` from ${other(r.wasSchoolName)}` : ''} from ${d(r.wasEffectiveDate)})`;
      return `- ${who}${r.nowSchoolName ? ` (now at ${other(r.nowSchoolName)})` : ''}: joins (${kind}) from ${d(r.nowEffectiveDate)}`;
    })
    .join('\n');
}

/** HR's list of an amendment's moves: teacher, from, to, date. */
function moveLines(v: Facts[string], l: Language): string {
  const list = rows(v);
  if (list.length === 0) return l === 'zh-CN' ? '- 无' : '- none';
  return list
    .map((r) => {
      const who = personName(s(r.teacherName) || (l === 'zh-CN' ? '（姓名待同步）' : '(name not yet known)'), str(r.staffNo), l);
      const from = r.fromSchoolName !== null && r.fromSchoolName !== undefined ? schoolName(str(r.fromSchoolName), l) : null;
      return l === 'zh-CN'
        ? `- ${who}：${from ? `由${from}` : ''}到${schoolName(str(r.toSchoolName), l)}，${formatDate(s(r.effectiveDate), l)}起`
        : `- ${who}: ${from ? `from ${from} ` : ''}to ${schoolName(str(r.toSchoolName), l)}, from ${formatDate(s(r.effectiveDate), l)}`;
    })
    .join('\n');
}

export class NoTemplate extends Error {
  constructor(kind: string, audience: string) {
    super(`no template for notice kind ${kind} to a ${audience}`);
  }
}

/** The subject and body of one notice, in the recipient's language, with the system's footer. */
export function render(kind: NoticeKind, audience: RecipientType, lang: Language, facts: Facts): Rendered {
  const text = TEMPLATES[kind]?.[audience]?.[lang];
  if (!text) throw new NoTemplate(kind, audience);
  const r = text(facts, lang);
  return { subject: r.subject, body: r.body + FOOTER[lang] };
}

/** Which audiences a kind has a template for (checked by the tests: every kind, both languages). */
export function audiencesOf(kind: NoticeKind): RecipientType[] {
  return Object.keys(TEMPLATES[kind]) as RecipientType[];
}
