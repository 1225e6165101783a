import { DEFAULT_POLICY, isAssumption, POLICY_KEYS, policyValue, PolicyNotInForce, type PolicyValue } from './policy';

describe('policyValue', () => {
  it('gives the plan defaults from their effective date', () => {
    expect(policyValue('R1.min_exchange_share', '2026-11-29')).toBe(0.05);
    expect(policyValue('R2.max_leader_tenure_years', '2027-07-10')).toBe(12);
    expect(() => policyValue('R1.min_exchange_share', '2020-01-01')).toThrow(PolicyNotInForce);
  });

  it('takes the latest entry in force on the date, so a change applies from its date only', () => {
    const values: PolicyValue[] = [...DEFAULT_POLICY, { key: 'R1.min_exchange_share', value: 0.08, effectiveFrom: '2027-09-01', source: 'test' }];
    expect(policyValue('R1.min_exchange_share', '2027-08-31', values)).toBe(0.05);
    expect(policyValue('R1.min_exchange_share', '2027-09-01', values)).toBe(0.08);
  });
});

describe('the training defaults (issue #12)', () => {
  it('give every key a value in force today, with its source', () => {
    for (const key of POLICY_KEYS) {
      const entries = DEFAULT_POLICY.filter((v) => v.key === key);
      expect({ key, entries: entries.length > 0, sourced: entries.every((e) => e.source.length > 10) }).toEqual({ key, entries: true, sourced: true });
    }
    expect(policyValue('credits.annual_hours', '2026-12-31')).toBe(72);
    expect(policyValue('credits.hours_per_half_day', '2026-12-31')).toBe(3);
    expect(policyValue('R6.min_visits', '2026-12-31')).toBe(30);
  });

  it('mark the numbers the seed document does not give as assumptions to be confirmed', () => {
    const assumed = DEFAULT_POLICY.filter((v) => v.source.includes('ASSUMPTION')).map((v) => v.key);
    expect(assumed).toEqual(expect.arrayContaining(['credits.online_max_hours_per_year', 'credits.cycle_start_year', 'R12.ready.new.years_in_stage', 'R12.ready.expert.awards']));
  });
});

describe('isAssumption', () => {
  it('flags a source that says it is an assumption or still to be confirmed, in English or Chinese', () => {
    expect(isAssumption('ASSUMPTION to be confirmed by the bureau: online hours')).toBe(true);
    expect(isAssumption('Normal practice … — an assumption to be confirmed by the bureau')).toBe(true);
    expect(isAssumption('省按县分档分担, 蓬江 50% (effective date assumed 2018-01-01)')).toBe(true);
    expect(isAssumption('广东省…生活补助政策（2016年通知，文号待市教育局确认）')).toBe(true);
    expect(isAssumption('江门市教育局通知（待确认）')).toBe(true);
    expect(isAssumption('Assumptions, as the county reads the plan')).toBe(true);
    expect(isAssumption('the date is Assumed')).toBe(true);
  });

  it('does not flag a sourced value, nor words that merely contain the letters', () => {
    expect(isAssumption('二.10 县域内每学年教师交流人数不低于教师总数5%')).toBe(false);
    expect(isAssumption('教育部《关于大力加强中小学教师培训工作的意见》: 每五年一周期参加不少于360学时的培训')).toBe(false);
    expect(isAssumption('the county assumes the cost')).toBe(false);
    expect(isAssumption('确认 by the bureau on 2026-11-02 (市教育局已确认)')).toBe(false);
    expect(isAssumption('待遇按文件执行（已确认）')).toBe(false); // 待 and 确认 in different clauses
    expect(isAssumption('confirmed by the bureau; nothing is to be changed')).toBe(false);
  });

  it('flags the defaults the plan does not give, and not those it gives', () => {
    const flagged = new Set(DEFAULT_POLICY.filter((v) => isAssumption(v.source)).map((v) => v.key));
    for (const key of ['credits.online_max_hours_per_year', 'credits.cycle_start_year', 'R11.walking_ends_with_move', 'R1.backbone_min_level', 'R12.ready.expert.awards', 'R9.province_share.enping'] as const) expect(flagged.has(key)).toBe(true);
    for (const key of ['R1.min_exchange_share', 'R2.max_leader_tenure_years', 'R6.min_visits', 'R7.min_special_trainings_per_semester', 'R8.min_research_attendance_share', 'credits.cycle_hours'] as const) expect(flagged.has(key)).toBe(false);
  });
});
