import { DomainError } from '@app/platform';

/**
 * Policy parameters: every number the rules use, each with the date it takes effect and where it comes
 * from. A change is a new dated entry, never an edit, so a past decision can be re-checked against the
 * rule in force at the time. These are the defaults from the 2023–2027 plan (seed document, part 二);
 * services that let the city administrator change them keep overrides as rows of the same shape.
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
  'R5.rural_principals_under_age',
  'R5.target_share',
  'R8.min_research_attendance_share',
  'points.per_year_at_school',
  'points.per_year_rural',
  'points.backbone_county',
  'points.backbone_city',
  'points.backbone_province',
  'R1.backbone_mover_share',
  'planner.max_leadership_move_share',
  'planner.min_leaders_allowed_to_move',
  'planner.subject_floor',
  'planner.weight.toward_rural',
  'planner.weight.toward_weak',
  'planner.weight.backbone_toward_weak',
  'planner.weight.preference_rank',
  'planner.weight.same_district',
  'planner.weight.disruption',
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
  { key: 'retirement.age_male', value: 60, effectiveFrom: '1978-06-02', source: '国务院关于工人退休、退职的暂行办法' },
  { key: 'retirement.age_female', value: 55, effectiveFrom: '1978-06-02', source: '国务院关于工人退休、退职的暂行办法 (female cadres and professional staff)' },
  { key: 'R5.rural_principals_under_age', value: 45, effectiveFrom: '2023-09-01', source: '二.11 乡村学校校长45岁以下' },
  { key: 'R5.target_share', value: 0.5, effectiveFrom: '2023-09-01', source: '二.11 到2027年…占比达50%以上' },
  { key: 'points.per_year_at_school', value: 2, effectiveFrom: '2023-09-01', source: 'rotation priority points: years at the current school (county rule, editable)' },
  { key: 'points.per_year_rural', value: 3, effectiveFrom: '2023-09-01', source: 'rotation priority points: years served at rural schools (county rule, editable)' },
  { key: 'points.backbone_county', value: 5, effectiveFrom: '2023-09-01', source: 'rotation priority points: county backbone teacher' },
  { key: 'points.backbone_city', value: 8, effectiveFrom: '2023-09-01', source: 'rotation priority points: city backbone teacher' },
  { key: 'points.backbone_province', value: 12, effectiveFrom: '2023-09-01', source: 'rotation priority points: province backbone teacher' },
  { key: 'R8.min_research_attendance_share', value: 0.8, effectiveFrom: '2023-09-01', source: '二.9 小规模学校教师…参与率不低于80%' },
  // The rotation planner (apps/rotation/src/planning): hard limits, then the weights of its objective (per move).
  { key: 'R1.backbone_mover_share', value: 0.2, effectiveFrom: '2014-08-13', source: '教育部等《关于推进县（区）域内义务教育学校校长教师交流轮岗的意见》(2014): 骨干教师交流轮岗应不低于交流总数的20%' },
  { key: 'planner.max_leadership_move_share', value: 0.3, effectiveFrom: '2023-09-01', source: "county practice as given in the planner's brief: at most 30% of a school's leadership team (领导班子) moves in one cycle, floor(30% × team size); not in the seed document" },
  { key: 'planner.min_leaders_allowed_to_move', value: 1, effectiveFrom: '2023-09-01', source: 'a school may always let one leader go, whatever the 30% cap gives for a small team (floor(30% × 1–3) = 0 would block every R2 move at a small school)' },
  { key: 'planner.subject_floor', value: 1, effectiveFrom: '2023-09-01', source: "planner's brief: a sending school keeps at least 1 qualified teacher of every subject it teaches" },
  { key: 'planner.weight.toward_rural', value: 2, effectiveFrom: '2023-09-01', source: '二.11 R4 积极引导优秀校长教师向乡村学校…有序流动: per move from a non-rural to a rural school (−2 the other way)' },
  { key: 'planner.weight.toward_weak', value: 2, effectiveFrom: '2023-09-01', source: '二.11 R4 …向薄弱学校有序流动: per move from a non-weak to a weak school (−2 the other way)' },
  { key: 'planner.weight.backbone_toward_weak', value: 4, effectiveFrom: '2023-09-01', source: '二.11 R4 优秀校长教师: extra, per backbone teacher moving from a non-weak to a weak school (−4 the other way)' },
  { key: 'planner.weight.preference_rank', value: 6, effectiveFrom: '2023-09-01', source: "planner design: a teacher's 1st listed school earns 6, the 10th 0.6 (× (11 − rank) / 10)" },
  { key: 'planner.weight.same_district', value: 1, effectiveFrom: '2023-09-01', source: '二.11 R11 学区内走教、跨校兼课、支教、轮岗: per move inside the teacher\'s township school district' },
  { key: 'planner.weight.disruption', value: 5, effectiveFrom: '2023-09-01', source: 'planner design: cost of any move, so nobody is moved for less than it gains (有序: an ordinary teacher is not moved for flow alone; a backbone teacher toward a weak school, or a volunteer to a school high on their list, is)' },
];

export class PolicyNotInForce extends DomainError {
  constructor(key: string, date: string) {
    super('POLICY.NOT_IN_FORCE', 'invalid', `no value of ${key} is in force on ${date}: the plan's rules apply from their effective dates`, { key, date });
  }
}

/** The value in force on a date: the entry with the latest effective date not after it. */
export function policyValue(key: PolicyKey, date: string, values: readonly PolicyValue[] = DEFAULT_POLICY): number {
  let best: PolicyValue | undefined;
  for (const v of values) if (v.key === key && v.effectiveFrom <= date && (!best || v.effectiveFrom > best.effectiveFrom)) best = v;
  if (!best) throw new PolicyNotInForce(key, date);
  return best.value;
}
