import {
  DEFAULT_POLICY,
  isAssumption,
  POLICY_KEYS,
  policyEntryOrNull,
  policyInForce,
  policyValue,
  policyValueOrEarliest,
  policyValueProblem,
  PolicyNotInForce,
  type PolicyValue,
} from './policy';

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

describe('the lookup of a value in force', () => {
  const v = (value: number, effectiveFrom: string): PolicyValue => ({ key: 'R1.min_exchange_share', value, effectiveFrom, source: `test ${value}` });

  it('refuses a date before the rule with a sentence naming the key and the date', () => {
    let error: unknown;
    try {
      policyValue('R1.min_exchange_share', '2020-01-01');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PolicyNotInForce);
    expect(error).toMatchObject({
      code: 'POLICY.NOT_IN_FORCE',
      kind: 'invalid',
      message: "no value of R1.min_exchange_share is in force on 2020-01-01: the plan's rules apply from their effective dates",
      details: { key: 'R1.min_exchange_share', date: '2020-01-01' },
    });
  });

  it('finds nothing for a key the list does not hold', () => {
    expect(policyEntryOrNull('R1.min_exchange_share', '2030-01-01', [])).toBeNull();
    expect(policyEntryOrNull('R2.max_leader_tenure_years', '2030-01-01', [v(0.05, '2023-09-01')])).toBeNull();
  });

  it('takes the latest effective date whatever the order of the list', () => {
    expect(policyValue('R1.min_exchange_share', '2030-01-01', [v(0.06, '2025-09-01'), v(0.05, '2023-09-01'), v(0.07, '2027-09-01')])).toBe(0.07);
    expect(policyValue('R1.min_exchange_share', '2026-01-01', [v(0.07, '2027-09-01'), v(0.06, '2025-09-01'), v(0.05, '2023-09-01')])).toBe(0.06);
  });

  it('sees a value added to the same list after an earlier lookup (the index is rebuilt)', () => {
    const values: PolicyValue[] = [v(0.05, '2023-09-01')];
    expect(policyValue('R1.min_exchange_share', '2030-01-01', values)).toBe(0.05);
    values.push(v(0.09, '2028-09-01'));
    expect(policyValue('R1.min_exchange_share', '2030-01-01', values)).toBe(0.09);
  });

  it('gives the earliest value for a date before the first entry, whatever the order of the list', () => {
    const values = [v(0.07, '2027-09-01'), v(0.05, '2023-09-01'), v(0.06, '2025-09-01')];
    expect(policyValueOrEarliest('R1.min_exchange_share', '2010-01-01', values)).toBe(0.05);
    expect(policyValueOrEarliest('R1.min_exchange_share', '2010-01-01', [v(0.05, '2023-09-01'), v(0.07, '2027-09-01')])).toBe(0.05);
    expect(policyValueOrEarliest('R1.min_exchange_share', '2026-01-01', values)).toBe(0.06);
    expect(() => policyValueOrEarliest('R2.max_leader_tenure_years', '2010-01-01', values)).toThrow(PolicyNotInForce);
  });

  it('lists every key in force on a date in catalogue order, leaving out keys not yet in force', () => {
    const all = policyInForce('2027-01-01');
    expect(all.map((e) => e.key)).toEqual(POLICY_KEYS.filter((k) => all.some((e) => e.key === k)));
    expect(all.find((e) => e.key === 'R1.min_exchange_share')).toMatchObject({ value: 0.05 });
    expect(new Set(all.map((e) => e.key)).size).toBe(all.length);
    expect(policyInForce('2027-01-01', [v(0.05, '2023-09-01'), v(0.08, '2028-09-01')])).toEqual([v(0.05, '2023-09-01')]);
    expect(policyInForce('2020-01-01', [v(0.05, '2023-09-01')])).toEqual([]);
  });
});

describe('what a new value of a key may be', () => {
  it('a weight from -100 to 100, both ends included', () => {
    expect(policyValueProblem('planner.weight.toward_rural', 100)).toBeNull();
    expect(policyValueProblem('planner.weight.toward_rural', -100)).toBeNull();
    expect(policyValueProblem('planner.weight.toward_rural', 100.5)).toBe("planner.weight.toward_rural is a weight of the planner's objective: a number from -100 to 100");
    expect(policyValueProblem('planner.weight.toward_rural', -100.5)).toBe("planner.weight.toward_rural is a weight of the planner's objective: a number from -100 to 100");
  });

  it('priority points 0 or more, fractions allowed', () => {
    expect(policyValueProblem('points.per_year_rural', 0)).toBeNull();
    expect(policyValueProblem('points.per_year_rural', 0.5)).toBeNull();
    expect(policyValueProblem('points.per_year_rural', -0.5)).toBe('points.per_year_rural is a number of priority points: 0 or more');
  });
});
