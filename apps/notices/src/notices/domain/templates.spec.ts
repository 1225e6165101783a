import { obligationNoticeKind } from './obligations';
import { audiencesOf, NOTICE_KINDS, render, type Facts } from './templates';
import { formatDeadline, formatYuan, LANGUAGES } from './wording';

const FACTS: Facts = {
  teacherName: '李明',
  staffNo: 'TS00012',
  fromSchoolId: '11111111-1111-4111-8111-111111111111',
  fromSchoolName: '台山市端芬镇中心小学',
  toSchoolName: '台山市台城第一中学',
  schoolName: '台山市台城第一中学',
  moveKind: 'rotation',
  effectiveDate: '2027-09-01',
  endDate: null,
  code: 'STAFFING.POST_FULL',
  reason: 'post full',
  rule: 'R2',
  severity: 'due',
  previousSeverity: 'warning',
  dueBy: '2027-08-31',
  previousDueBy: '2027-06-30',
  schoolYear: 2027,
  deadline: '2027-03-15',
  daysLeft: 7,
  moves: 712,
  approvedBy: 'hr-taishan',
  countyCode: 'taishan',
  filedOn: '2027-04-01',
  decideBy: '2027-04-07',
  decision: 'upheld',
  month: '2026-10',
  beforeFen: 100000,
  afterFen: 123450,
  amountFen: 23450,
  period: '2026-autumn',
  required: 2,
  actual: 1,
  message: '本学期只参加了1次专项培训',
  // an amendment (plan_amended)
  change: 'replaced',
  appellant: true,
  cancelledFromSchoolName: '台山市端芬镇中心小学',
  cancelledToSchoolName: '台山市台城第一中学',
  cancelledEffectiveDate: '2027-09-01',
  newFromSchoolId: '11111111-1111-4111-8111-111111111111',
  newFromSchoolName: '台山市端芬镇中心小学',
  newToSchoolName: '台山市斗山镇中心小学',
  newMoveKind: 'rotation',
  newEffectiveDate: '2027-09-01',
  newEndDate: null,
  lines: [
    { teacherName: '李明', staffNo: 'TS00012', direction: 'leaving', wasSchoolName: '台山市台城第一中学', wasEffectiveDate: '2027-09-01', nowSchoolName: '台山市斗山镇中心小学', nowEffectiveDate: '2027-09-01', nowMoveKind: 'rotation' },
    { teacherName: '王芳', staffNo: 'TS00034', direction: 'joining', wasSchoolName: '台山市斗山镇中心小学', wasEffectiveDate: '2027-09-01', nowSchoolName: null, nowEffectiveDate: null, nowMoveKind: null },
  ],
  appellantName: '李明',
  appellantStaffNo: 'TS00012',
  cancelledCount: 1,
  unknownCancelled: 0,
  cancelled: [{ teacherName: '李明', staffNo: 'TS00012', fromSchoolName: '台山市端芬镇中心小学', toSchoolName: '台山市台城第一中学', effectiveDate: '2027-09-01' }],
  added: [{ teacherName: '李明', staffNo: 'TS00012', fromSchoolName: '台山市端芬镇中心小学', toSchoolName: '台山市斗山镇中心小学', effectiveDate: '2027-09-01' }],
};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('notice templates', () => {
  const cases = NOTICE_KINDS.flatMap((kind) => audiencesOf(kind).flatMap((audience) => LANGUAGES.map((lang) => [kind, audience, lang] as const)));

  it('cover every kind for at least one audience, in both languages', () => {
    for (const kind of NOTICE_KINDS) expect(audiencesOf(kind).length).toBeGreaterThan(0);
    expect(cases.length).toBeGreaterThanOrEqual(NOTICE_KINDS.length * 2);
  });

  it.each(cases)('%s to a %s in %s: a subject and body, no ids, no placeholders, in the language', (kind, audience, lang) => {
    const r = render(kind, audience, lang, FACTS);
    expect(r.subject.length).toBeGreaterThan(3);
    expect(r.body.length).toBeGreaterThan(r.subject.length / 2);
    expect(`${r.subject}${r.body}`).not.toMatch(UUID);
    expect(`${r.subject}${r.body}`).not.toMatch(/undefined|NaN|\[object/);
    if (lang === 'zh-CN') expect(r.body).toMatch(/[\u4e00-\u9fff]{4}/);
    else expect(r.body).toMatch(/[a-z]{3,} [a-z]{2,} [a-z]{2,}/);
  });

  it('phrases a deadline as ending at 23:59 Asia/Shanghai of its last day', () => {
    expect(formatDeadline('2027-03-15', 'zh-CN')).toBe('2027年3月15日（星期一）23:59（北京时间）');
    expect(formatDeadline('2027-03-15', 'en')).toBe('23:59 China Standard Time (Asia/Shanghai) on Monday 15 March 2027');
    expect(render('cycle_opened', 'teacher', 'en', FACTS).subject).toContain('until 23:59 China Standard Time (Asia/Shanghai) on Monday 15 March 2027');
    expect(render('preference_reminder', 'teacher', 'zh-CN', FACTS).body).toContain('2027年3月15日（星期一）23:59（北京时间）截止（还剩7天）');
  });

  it('names schools by name, and says so when the name is not yet known rather than show an id', () => {
    expect(render('move_approved', 'teacher', 'zh-CN', FACTS).body).toContain('由台山市端芬镇中心小学到台山市台城第一中学交流轮岗任教');
    expect(render('move_approved', 'teacher', 'en', { ...FACTS, toSchoolName: null }).subject).toContain('(school name not yet known)');
  });

  it('shows money in yuan from integer fen', () => {
    expect(formatYuan(23450, 'zh-CN', true)).toBe('+234.50 元');
    expect(formatYuan(-100, 'en')).toBe('-CNY 1.00');
    expect(render('subsidy_adjustment', 'teacher', 'en', FACTS).body).toContain('CNY 1,000.00 becomes CNY 1,234.50 (+CNY 234.50)');
  });

  it('refuses a kind without a template for the audience', () => {
    expect(() => render('cycle_opened', 'county', 'zh-CN', FACTS)).toThrow(/no template/);
  });
});

describe('what an ObligationRaised tells', () => {
  it('is "raised" the first time, then "severity changed", "due date changed", or nothing', () => {
    expect(obligationNoticeKind(null, { severity: 'warning', dueBy: '2027-08-31' })).toBe('obligation_raised');
    expect(obligationNoticeKind({ severity: 'warning', dueBy: '2027-08-31' }, { severity: 'due', dueBy: '2027-08-31' })).toBe('obligation_severity_changed');
    expect(obligationNoticeKind({ severity: 'due', dueBy: '2027-08-31' }, { severity: 'due', dueBy: '2028-08-31' })).toBe('obligation_due_date_changed');
    expect(obligationNoticeKind({ severity: 'due', dueBy: '2027-08-31' }, { severity: 'due', dueBy: '2027-08-31' })).toBeNull();
  });
});
