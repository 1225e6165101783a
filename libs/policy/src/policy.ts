import { DomainError } from '@app/errors';

/**
 * Policy parameters: every number the rules use, each with the date it takes effect and where it comes
 * from. A change is a new dated entry, never an edit, so a past decision can be re-checked against the
 * rule in force at the time. These are the defaults (seed data) from the 2023–2027 plan (seed document,
 * part 二) and the national rules it builds on. The city administrator adds dated values through staffing's
 * policy API (`POST /policy-values`); every service keeps a copy of those (staffing.PolicyValueSet) and
 * evaluates a rule with DEFAULT_POLICY plus the added values, as in force on the rule's date.
 */
export interface PolicyValue {
  key: PolicyKey;
  value: number;
  effectiveFrom: string;
  source: string;
}

export const POLICY_KEYS = [
  'R1.min_exchange_share',
  'R1.national_base_share',
  'R1.tenure_eligibility_years',
  'R2.max_leader_tenure_years',
  'R2.warning_tenure_years',
  'R2.tenure_gap_reset_days',
  'R3.placement_window_years',
  'R3.min_placement_days',
  'R3.due_years_left',
  'exemption.years_before_retirement',
  'retirement.age_male',
  'retirement.age_female',
  'retirement.age_female_worker',
  'retirement.delay_max_months_male',
  'retirement.delay_max_months_female',
  'retirement.delay_max_months_female_worker',
  'retirement.birth_months_per_delay_month_male',
  'retirement.birth_months_per_delay_month_female',
  'retirement.birth_months_per_delay_month_female_worker',
  'R5.rural_principals_under_age',
  'R5.target_share',
  'R8.min_research_attendance_share',
  'R10.min_village_partners',
  'points.per_year_at_school',
  'points.per_year_rural',
  'points.backbone_county',
  'points.backbone_city',
  'points.backbone_province',
  'R1.backbone_mover_share',
  'R1.backbone_min_level',
  'planner.max_leadership_move_share',
  'R11.walking_ends_with_move',
  'planner.min_leaders_allowed_to_move',
  'planner.subject_floor',
  'planner.weight.toward_rural',
  'planner.weight.toward_weak',
  'planner.weight.backbone_toward_weak',
  'planner.weight.preference_rank',
  'planner.weight.same_district',
  'planner.weight.disruption',
  // rotation's achievable-school hints (issue #13): how the what-if solve is read
  'hints.scenarios',
  'hints.perturbation_rank_steps',
  'hints.likely_share',
  'hints.suggestions',
  // training (apps/training): R6–R8, continuing-education credit hours, R12 readiness, at-risk notices
  'R6.min_visits',
  'R6.visit_window_years',
  'R6.min_stationing_days',
  'R6.stationing_window_years',
  'R7.min_special_trainings_per_semester',
  'R7.min_open_classes_per_semester',
  'credits.cycle_hours',
  'credits.cycle_years',
  'credits.cycle_start_year',
  'credits.annual_hours',
  'credits.probation_hours',
  'credits.hours_per_full_day',
  'credits.hours_per_half_day',
  'credits.hours_per_period',
  'credits.online_max_hours_per_year',
  'atrisk.first_notice_days',
  'atrisk.second_notice_days',
  'R12.ready.new.years_in_stage',
  'R12.ready.new.hours_5y',
  'R12.ready.new.min_title_rank',
  'R12.ready.new.awards',
  'R12.ready.competent.years_in_stage',
  'R12.ready.competent.hours_5y',
  'R12.ready.competent.min_title_rank',
  'R12.ready.competent.awards',
  'R12.ready.proficient.years_in_stage',
  'R12.ready.proficient.hours_5y',
  'R12.ready.proficient.min_title_rank',
  'R12.ready.proficient.awards',
  'R12.ready.expert.years_in_stage',
  'R12.ready.expert.hours_5y',
  'R12.ready.expert.min_title_rank',
  'R12.ready.expert.awards',
  'R9.min_average_monthly_fen',
  'R9.province_share.pengjiang',
  'R9.province_share.jianghai',
  'R9.province_share.xinhui',
  'R9.province_share.taishan',
  'R9.province_share.kaiping',
  'R9.province_share.heshan',
  'R9.province_share.enping',
  // appeals of approved rotation moves (issue #13, apps/rotation/src/appeals)
  'appeals.appeal_period_working_days',
  'appeals.decision_period_working_days',
  // the notices service's reminders before a cycle's preference deadline (issue #13, apps/notices/src/reminders)
  'reminders.preference_first_days_before',
  'reminders.preference_second_days_before',
] as const;
export type PolicyKey = (typeof POLICY_KEYS)[number];

export const DEFAULT_POLICY: readonly PolicyValue[] = [
  { key: 'R1.min_exchange_share', value: 0.05, effectiveFrom: '2023-09-01', source: '二.10 县域内每学年教师交流人数不低于教师总数5%' },
  { key: 'R1.national_base_share', value: 0.1, effectiveFrom: '2014-08-13', source: '教育部等《关于推进县（区）域内义务教育学校校长教师交流轮岗的意见》: 交流轮岗教师应不低于符合交流条件教师总数的10%' },
  { key: 'R1.tenure_eligibility_years', value: 6, effectiveFrom: '2014-08-13', source: '同上: 在同一所学校连续任教满6年的教师应交流轮岗 (as Anhui, Beijing and Wuhan apply it)' },
  { key: 'R2.max_leader_tenure_years', value: 12, effectiveFrom: '2023-09-01', source: '二.11 领导人员在同一岗位连续任职一般不超过12年' },
  { key: 'R2.warning_tenure_years', value: 11, effectiveFrom: '2023-09-01', source: 'DESIGN.md §2 R2: warning one year before' },
  { key: 'R2.tenure_gap_reset_days', value: 365, effectiveFrom: '2023-09-01', source: 'a gap of at least one school year restarts the count of consecutive years' },
  { key: 'R3.placement_window_years', value: 5, effectiveFrom: '2023-09-01', source: '二.10 村小学、教学点新任教师,5年内' },
  { key: 'R3.min_placement_days', value: 365, effectiveFrom: '2023-09-01', source: '二.10 到县城学校或乡镇中心校任教至少1年' },
  { key: 'R3.due_years_left', value: 2, effectiveFrom: '2023-09-01', source: 'due when two school years or less remain in the window (issue #4)' },
  { key: 'exemption.years_before_retirement', value: 5, effectiveFrom: '2023-09-01', source: 'teachers within 5 years of retirement are not required to rotate' },
  // Statutory retirement (libs/rules retirement.ts). Before 2025 a fixed age; from 1 January 2025 the age rises
  // gradually with the birth month (渐进式延迟法定退休年龄): one month of delay for every N months of birth
  // after the reform started, up to a maximum. The reform's start month is the delay values' effective date.
  { key: 'retirement.age_male', value: 60, effectiveFrom: '1978-06-02', source: '国务院关于工人退休、退职的暂行办法 (国发〔1978〕104号): 男年满六十周岁' },
  { key: 'retirement.age_female', value: 55, effectiveFrom: '1978-06-02', source: '国务院关于安置老弱病残干部的暂行办法 (国发〔1978〕104号): 女干部年满五十五周岁 — teachers are professional staff (原法定退休年龄为五十五周岁的女职工)' },
  { key: 'retirement.age_female_worker', value: 50, effectiveFrom: '1978-06-02', source: '国务院关于工人退休、退职的暂行办法 (国发〔1978〕104号): 女工人年满五十周岁 (not teachers; kept so the law is complete)' },
  { key: 'retirement.delay_max_months_male', value: 36, effectiveFrom: '2025-01-01', source: '全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定 (2024-09-13), 附件第一条: 男职工…逐步延迟至六十三周岁' },
  { key: 'retirement.delay_max_months_female', value: 36, effectiveFrom: '2025-01-01', source: '同上: 原法定退休年龄为五十五周岁的女职工…逐步延迟至五十八周岁' },
  { key: 'retirement.delay_max_months_female_worker', value: 60, effectiveFrom: '2025-01-01', source: '同上: 原法定退休年龄为五十周岁的女职工…逐步延迟至五十五周岁' },
  { key: 'retirement.birth_months_per_delay_month_male', value: 4, effectiveFrom: '2025-01-01', source: '同上: 从2025年1月1日起, 男职工…法定退休年龄每四个月延迟一个月' },
  { key: 'retirement.birth_months_per_delay_month_female', value: 4, effectiveFrom: '2025-01-01', source: '同上: 原法定退休年龄为五十五周岁的女职工…每四个月延迟一个月' },
  { key: 'retirement.birth_months_per_delay_month_female_worker', value: 2, effectiveFrom: '2025-01-01', source: '同上: 原法定退休年龄为五十周岁的女职工…每二个月延迟一个月' },
  { key: 'R5.rural_principals_under_age', value: 45, effectiveFrom: '2023-09-01', source: '二.11 乡村学校校长45岁以下' },
  { key: 'R5.target_share', value: 0.5, effectiveFrom: '2023-09-01', source: '二.11 到2027年…占比达50%以上' },
  { key: 'points.per_year_at_school', value: 2, effectiveFrom: '2023-09-01', source: 'rotation priority points: years at the current school (county rule, editable)' },
  { key: 'points.per_year_rural', value: 3, effectiveFrom: '2023-09-01', source: 'rotation priority points: years served at rural schools (county rule, editable)' },
  { key: 'points.backbone_county', value: 5, effectiveFrom: '2023-09-01', source: 'rotation priority points: county backbone teacher' },
  { key: 'points.backbone_city', value: 8, effectiveFrom: '2023-09-01', source: 'rotation priority points: city backbone teacher' },
  { key: 'points.backbone_province', value: 12, effectiveFrom: '2023-09-01', source: 'rotation priority points: province backbone teacher' },
  { key: 'R10.min_village_partners', value: 3, effectiveFrom: '2023-09-01', source: '二.12 各县(市、区)城市优质公办幼儿园要与3所以上村级幼儿园进行结对帮扶' },
  { key: 'R8.min_research_attendance_share', value: 0.8, effectiveFrom: '2023-09-01', source: '二.9 小规模学校教师…参与率不低于80%' },
  // The rotation planner (apps/rotation/src/planning): hard limits, then the weights of its objective (per move).
  { key: 'R1.backbone_mover_share', value: 0.2, effectiveFrom: '2014-08-13', source: '教育部等《关于推进县（区）域内义务教育学校校长教师交流轮岗的意见》(2014): 骨干教师交流轮岗应不低于交流总数的20%' },
  { key: 'R1.backbone_min_level', value: 2, effectiveFrom: '2014-08-13', source: "who counts as 骨干教师 in the 20% rule: level 2 = county and above (1 school, 2 county, 3 city, 4 province; libs/rules backbone.ts). Normal practice counts 县级及以上骨干教师, not school-level ones (issue #10) — an assumption to be confirmed by the bureau" },
  { key: 'R11.walking_ends_with_move', value: 1, effectiveFrom: '2023-09-01', source: "二.11 R11 学区内…走教: walking teaching (走教) is arranged from the teacher's post at their home school inside the township district, so a teacher who rotates to another school leaves it — 1: a move ends the teacher's walking appointments with the rest and the new appointment is a full workload; 0: they are kept and the new appointment takes the remaining share (issue #9). ASSUMPTION to be confirmed by the bureau" },
  { key: 'planner.max_leadership_move_share', value: 0.3, effectiveFrom: '2023-09-01', source: "county practice as given in the planner's brief: at most 30% of a school's leadership team (领导班子) moves in one cycle, floor(30% × team size); not in the seed document" },
  { key: 'planner.min_leaders_allowed_to_move', value: 1, effectiveFrom: '2023-09-01', source: 'a school may always let one leader go, whatever the 30% cap gives for a small team (floor(30% × 1–3) = 0 would block every R2 move at a small school)' },
  { key: 'planner.subject_floor', value: 1, effectiveFrom: '2023-09-01', source: "planner's brief: a sending school keeps at least 1 qualified teacher of every subject it teaches" },
  { key: 'planner.weight.toward_rural', value: 2, effectiveFrom: '2023-09-01', source: '二.11 R4 积极引导优秀校长教师向乡村学校…有序流动: per move from a non-rural to a rural school (−2 the other way)' },
  { key: 'planner.weight.toward_weak', value: 2, effectiveFrom: '2023-09-01', source: '二.11 R4 …向薄弱学校有序流动: per move from a non-weak to a weak school (−2 the other way)' },
  { key: 'planner.weight.backbone_toward_weak', value: 4, effectiveFrom: '2023-09-01', source: '二.11 R4 优秀校长教师: extra, per backbone teacher moving from a non-weak to a weak school (−4 the other way)' },
  { key: 'planner.weight.preference_rank', value: 6, effectiveFrom: '2023-09-01', source: "planner design: a teacher's 1st listed school earns 6, the 10th 0.6 (× (11 − rank) / 10)" },
  { key: 'planner.weight.same_district', value: 1, effectiveFrom: '2023-09-01', source: '二.11 R11 学区内走教、跨校兼课、支教、轮岗: per move inside the teacher\'s township school district' },
  { key: 'planner.weight.disruption', value: 5, effectiveFrom: '2023-09-01', source: 'planner design: cost of any move, so nobody is moved for less than it gains (有序: an ordinary teacher is not moved for flow alone; a backbone teacher toward a weak school, or a volunteer to a school high on their list, is)' },
  // Training (apps/training/src/*/domain). R6–R8 from the seed document; credit hours from the national continuing-education rule.
  { key: 'hints.scenarios', value: 8, effectiveFrom: '2023-09-01', source: 'ASSUMPTION to be confirmed by the bureau: achievable-school hints (issue #13) re-solve the what-if plan 8 times with every move\'s score shifted a little, to see how firmly it places each teacher (PLANNER.md)' },
  { key: 'hints.perturbation_rank_steps', value: 1, effectiveFrom: '2023-09-01', source: 'ASSUMPTION to be confirmed by the bureau: the shift is up to ± one step of the preference ranking (planner.weight.preference_rank ÷ 10), and a move within that of being chosen counts as possible (PLANNER.md)' },
  { key: 'hints.likely_share', value: 0.5, effectiveFrom: '2023-09-01', source: 'ASSUMPTION to be confirmed by the bureau: a school is "likely" when the what-if plan places the teacher there and at least half of the shifted re-solves agree (PLANNER.md)' },
  { key: 'hints.suggestions', value: 5, effectiveFrom: '2023-09-01', source: 'issue #13: besides the schools a teacher listed, a few they did not — at most 5 suggestions, each likely or possible' },
  { key: 'R6.min_visits', value: 30, effectiveFrom: '2023-09-01', source: '二.9 教研员5年至少到乡村学校指导30次以上' },
  { key: 'R6.visit_window_years', value: 5, effectiveFrom: '2023-09-01', source: '二.9 教研员5年至少到乡村学校指导30次以上 (a rolling 5-year window ending on the evaluation date)' },
  { key: 'R6.min_stationing_days', value: 365, effectiveFrom: '2023-09-01', source: '二.9 新入职教研员3年内蹲点时间不少于1年 (1 year read as 365 days in total)' },
  { key: 'R6.stationing_window_years', value: 3, effectiveFrom: '2023-09-01', source: '二.9 新入职教研员3年内蹲点时间不少于1年 (from the start as researcher)' },
  { key: 'R7.min_special_trainings_per_semester', value: 2, effectiveFrom: '2023-09-01', source: '二.9 县(市、区)教研室每学期组织乡村教师进行专项培训2次以上' },
  { key: 'R7.min_open_classes_per_semester', value: 1, effectiveFrom: '2023-09-01', source: '二.9 每学期组织乡村教师公开课或汇报课展示' },
  { key: 'credits.cycle_hours', value: 360, effectiveFrom: '2011-01-04', source: '教育部《关于大力加强中小学教师培训工作的意见》(教师〔2011〕1号): 每五年一周期参加不少于360学时的培训' },
  { key: 'credits.cycle_years', value: 5, effectiveFrom: '2011-01-04', source: '同上: 每五年为一个周期' },
  { key: 'credits.cycle_start_year', value: 2021, effectiveFrom: '2011-01-04', source: 'ASSUMPTION to be confirmed by the bureau: 5-year cycles counted from 2021 (2021–2025, 2026–2030), as Guangdong\'s 十四五 cycle; a teacher who started service inside a cycle owes the annual hours of the years served' },
  { key: 'credits.annual_hours', value: 72, effectiveFrom: '2011-01-04', source: '360 hours per 5 years, usually read as 72 a year; Guangdong closes each year on 31 December without carry-over' },
  { key: 'credits.probation_hours', value: 120, effectiveFrom: '2011-01-04', source: '教师〔2011〕1号: 新任教师岗前培训(试用期)不少于120学时' },
  { key: 'credits.hours_per_full_day', value: 6, effectiveFrom: '2011-01-04', source: 'conversion used in practice: a full day of training counts 6 hours' },
  { key: 'credits.hours_per_half_day', value: 3, effectiveFrom: '2011-01-04', source: 'conversion used in practice: half a day counts 3 hours' },
  { key: 'credits.hours_per_period', value: 1, effectiveFrom: '2011-01-04', source: 'conversion used in practice: a 45-minute period counts 1 hour' },
  { key: 'credits.online_max_hours_per_year', value: 36, effectiveFrom: '2011-01-04', source: 'ASSUMPTION to be confirmed by the bureau: online (网络) hours count toward the year at most 36 hours (half of the 72)' },
  { key: 'atrisk.first_notice_days', value: 60, effectiveFrom: '2023-09-01', source: 'issue #12: at-risk lists 60 days before a period ends' },
  { key: 'atrisk.second_notice_days', value: 30, effectiveFrom: '2023-09-01', source: 'issue #12: at-risk lists 30 days before a period ends' },
  // R12 readiness for the next stage (新任→胜任→精干→专家→引领), the same for principals, teachers and researchers. Every one is an assumption.
  ...readiness('new', [3, 216, 2, 0], 'new → competent (新任→胜任)'),
  ...readiness('competent', [5, 360, 3, 1], 'competent → proficient (胜任→精干)'),
  ...readiness('proficient', [5, 360, 4, 2], 'proficient → expert (精干→专家)'),
  ...readiness('expert', [5, 360, 4, 3], 'expert → leading (专家→引领)'),
  // R9 living subsidy (apps/subsidies): the province's floor and its share of each county's cost. The county
  // tier tables themselves are the subsidies service's own dated scheme data, per county.
  { key: 'R9.min_average_monthly_fen', value: 100000, effectiveFrom: '2018-01-01', source: '广东省山区和农村边远地区学校教师生活补助政策（2016年通知，文号待市教育局确认 document number to be confirmed by the bureau）: 2018年起月人均补助不低于1000元 (100,000 fen; an average per teacher paid, not a per-teacher minimum)' },
  { key: 'R9.province_share.pengjiang', value: 0.5, effectiveFrom: '2018-01-01', source: '广东省山区和农村边远地区学校教师生活补助政策（2016年通知，文号待市教育局确认 document number to be confirmed by the bureau）: 省按县分档分担, 蓬江 50% (effective date assumed 2018-01-01, to be confirmed by the bureau)' },
  { key: 'R9.province_share.jianghai', value: 0.5, effectiveFrom: '2018-01-01', source: '广东省山区和农村边远地区学校教师生活补助政策（2016年通知，文号待市教育局确认 document number to be confirmed by the bureau）: 江海 50% (effective date assumed, to be confirmed by the bureau)' },
  { key: 'R9.province_share.xinhui', value: 0.5, effectiveFrom: '2018-01-01', source: '广东省山区和农村边远地区学校教师生活补助政策（2016年通知，文号待市教育局确认 document number to be confirmed by the bureau）: 新会 50% (effective date assumed, to be confirmed by the bureau)' },
  { key: 'R9.province_share.taishan', value: 0.6, effectiveFrom: '2018-01-01', source: '广东省山区和农村边远地区学校教师生活补助政策（2016年通知，文号待市教育局确认 document number to be confirmed by the bureau）: 台山 60% (effective date assumed, to be confirmed by the bureau)' },
  { key: 'R9.province_share.kaiping', value: 0.6, effectiveFrom: '2018-01-01', source: '广东省山区和农村边远地区学校教师生活补助政策（2016年通知，文号待市教育局确认 document number to be confirmed by the bureau）: 开平 60% (effective date assumed, to be confirmed by the bureau)' },
  { key: 'R9.province_share.heshan', value: 0.5, effectiveFrom: '2018-01-01', source: '广东省山区和农村边远地区学校教师生活补助政策（2016年通知，文号待市教育局确认 document number to be confirmed by the bureau）: 鹤山 50% (effective date assumed, to be confirmed by the bureau)' },
  { key: 'R9.province_share.enping', value: 0.8, effectiveFrom: '2018-01-01', source: '广东省山区和农村边远地区学校教师生活补助政策（2016年通知，文号待市教育局确认 document number to be confirmed by the bureau）: 恩平 80% (effective date assumed, to be confirmed by the bureau)' },
  // Appeals (issue #13). Periods count working days of the holiday calendar (libs/policy holiday-calendar.ts,
  // kept by the city administrator in rotation) and end at 23:59 Asia/Shanghai of their last working day.
  { key: 'appeals.appeal_period_working_days', value: 5, effectiveFrom: '2023-09-01', source: 'issue #13: a teacher may appeal an approved move within 5 working days, counted from the day the plan was approved (the day the teacher is told: 告知之日起5个工作日内). ASSUMPTION to be confirmed by the bureau (待市教育局确认): the seed document sets no appeal period; 5 working days follows the practice of transfer systems with a stated appeal period' },
  { key: 'appeals.decision_period_working_days', value: 3, effectiveFrom: '2023-09-01', source: 'issue #13: county HR (or the city) decides an appeal within 3 working days of its filing (受理之日起3个工作日内作出决定). ASSUMPTION to be confirmed by the bureau (待市教育局确认): the seed document sets no decision period' },
  // Reminders of the preference deadline (issue #13): two, to teachers who have not submitted. A value is a whole
  // number of calendar days before the deadline's last day (0: on that day); the two may be given in either order.
  { key: 'reminders.preference_first_days_before', value: 7, effectiveFrom: '2023-09-01', source: 'issue #13: the first reminder of the preference deadline goes 7 days before it (截止前7天提醒未填报的教师). ASSUMPTION to be confirmed by the bureau (待市教育局确认): the seed document sets no reminders; 7 days follows the issue' },
  { key: 'reminders.preference_second_days_before', value: 1, effectiveFrom: '2023-09-01', source: 'issue #13: the second reminder of the preference deadline goes 1 day before it (截止前1天再次提醒). ASSUMPTION to be confirmed by the bureau (待市教育局确认): the seed document sets no reminders; 1 day follows the issue' },
];

/** R12: years in the stage, credit hours in the last 5 years, title rank (1 三级 … 5 正高级) and awards since entering it. */
function readiness(stage: 'new' | 'competent' | 'proficient' | 'expert', [years, hours, title, awards]: number[], step: string): PolicyValue[] {
  const note = `ASSUMPTION to be confirmed by the bureau: R12 三类五阶段 readiness for ${step}`;
  return [
    { key: `R12.ready.${stage}.years_in_stage`, value: years, effectiveFrom: '2023-09-01', source: `${note}: at least ${years} years in the stage` },
    { key: `R12.ready.${stage}.hours_5y`, value: hours, effectiveFrom: '2023-09-01', source: `${note}: at least ${hours} credit hours in the last 5 years` },
    { key: `R12.ready.${stage}.min_title_rank`, value: title, effectiveFrom: '2023-09-01', source: `${note}: title rank at least ${title} (1 三级, 2 二级, 3 一级, 4 高级, 5 正高级)` },
    { key: `R12.ready.${stage}.awards`, value: awards, effectiveFrom: '2023-09-01', source: `${note}: at least ${awards} award(s) recorded since entering the stage` },
  ];
}

export class PolicyNotInForce extends DomainError {
  constructor(key: string, date: string) {
    super('POLICY.NOT_IN_FORCE', 'invalid', `no value of ${key} is in force on ${date}: the plan's rules apply from their effective dates`, { key, date });
  }
}

// Entries by key for each list of values seen, so a rule evaluated for 50,000 teachers does not scan every
// entry of every key on each call; rebuilt if the list's length changed since.
const byKey = new WeakMap<readonly PolicyValue[], { length: number; index: Map<string, PolicyValue[]> }>();
function entriesOf(values: readonly PolicyValue[], key: PolicyKey): readonly PolicyValue[] {
  let cached = byKey.get(values);
  if (!cached || cached.length !== values.length) {
    const index = new Map<string, PolicyValue[]>();
    for (const v of values) index.set(v.key, [...(index.get(v.key) ?? []), v]);
    byKey.set(values, (cached = { length: values.length, index }));
  }
  return cached.index.get(key) ?? [];
}

/** The entry in force on a date (the one with the latest effective date not after it), or null. */
export function policyEntryOrNull(key: PolicyKey, date: string, values: readonly PolicyValue[] = DEFAULT_POLICY): PolicyValue | null {
  let best: PolicyValue | null = null;
  for (const v of entriesOf(values, key)) if (v.effectiveFrom <= date && (best === null || v.effectiveFrom > best.effectiveFrom)) best = v;
  return best;
}

/** The entry in force on a date, with its effective date and source; throws PolicyNotInForce when none is. */
export function policyEntry(key: PolicyKey, date: string, values: readonly PolicyValue[] = DEFAULT_POLICY): PolicyValue {
  const best = policyEntryOrNull(key, date, values);
  if (best === null) throw new PolicyNotInForce(key, date);
  return best;
}

/** The value in force on a date: the entry with the latest effective date not after it. */
export function policyValue(key: PolicyKey, date: string, values: readonly PolicyValue[] = DEFAULT_POLICY): number {
  return policyEntry(key, date, values).value;
}

/** The value in force on a date, or null when the rule had not taken effect then. */
export function policyValueOrNull(key: PolicyKey, date: string, values: readonly PolicyValue[] = DEFAULT_POLICY): number | null {
  return policyEntryOrNull(key, date, values)?.value ?? null;
}

/**
 * The value in force on `date`, or — for a date before the first entry — the first value the parameter
 * took. Only for definitions rather than obligations: what counts as "continuous" tenure is a way of
 * measuring facts, and a tenure measured as of 2016 must not fail because the plan that wrote the
 * definition down dates from 2023. Obligations use policyValue / policyValueOrNull.
 */
export function policyValueOrEarliest(key: PolicyKey, date: string, values: readonly PolicyValue[] = DEFAULT_POLICY): number {
  const inForce = policyEntryOrNull(key, date, values);
  if (inForce !== null) return inForce.value;
  let first: PolicyValue | undefined;
  for (const v of values) if (v.key === key && (!first || v.effectiveFrom < first.effectiveFrom)) first = v;
  if (!first) throw new PolicyNotInForce(key, date);
  return first.value;
}

/**
 * Whether a value's source says it is an assumption the bureau has yet to confirm — the defaults say so in
 * words ("ASSUMPTION to be confirmed by the bureau", "effective date assumed", "文号待市教育局确认"), and so
 * may a value the city administrator adds. The portal flags such values beside their source.
 */
export function isAssumption(source: string): boolean {
  return /assum(ption|ed)|to be confirmed/i.test(source) || /待[^，。；;,()（）]{0,12}确认/.test(source);
}

export function isPolicyKey(key: string): key is PolicyKey {
  return (POLICY_KEYS as readonly string[]).includes(key);
}

/**
 * What a value of the key may be, for the administrator's API: a share (0 to 1), a weight of the planner's
 * objective (−100 to 100), priority points (≥ 0), or — everything else: years, days, months, ages, counts,
 * levels, amounts in fen — a whole number ≥ 0.
 */
export type PolicyValueKind = 'share' | 'weight' | 'points' | 'whole';

export function policyValueKind(key: string): PolicyValueKind {
  // a share is named so in its last part or the one before a county (R9.province_share.enping)
  if (key.split('.').some((part) => part.endsWith('share'))) return 'share';
  if (key.startsWith('planner.weight.')) return 'weight';
  if (key.startsWith('points.')) return 'points';
  return 'whole';
}

/** Why `value` cannot be a value of `key`, in a sentence; null when it can. */
export function policyValueProblem(key: string, value: number): string | null {
  if (!Number.isFinite(value)) return `${key} must be a number`;
  switch (policyValueKind(key)) {
    case 'share':
      return value >= 0 && value <= 1 ? null : `${key} is a share: a number from 0 to 1 (0.05 is 5%)`;
    case 'weight':
      return value >= -100 && value <= 100 ? null : `${key} is a weight of the planner's objective: a number from -100 to 100`;
    case 'points':
      return value >= 0 ? null : `${key} is a number of priority points: 0 or more`;
    case 'whole':
      return Number.isInteger(value) && value >= 0 ? null : `${key} is a whole number, 0 or more`;
  }
}

/** Every key's entry in force on a date (keys with none in force left out), in catalogue order. */
export function policyInForce(date: string, values: readonly PolicyValue[] = DEFAULT_POLICY): PolicyValue[] {
  const out: PolicyValue[] = [];
  for (const key of POLICY_KEYS) {
    const e = policyEntryOrNull(key, date, values);
    if (e) out.push(e);
  }
  return out;
}
