import { DEFAULT_POLICY } from '@app/policy';
import { compareOutcomes, outcomeKey, type Outcome } from './outcome';
import { r6Stationing, r6Visits, r7County, r7Teacher, r8Teacher } from './rules';

const P = DEFAULT_POLICY;

describe('R7', () => {
  it('a semester with one special training is short for the county and for a teacher who attended it', () => {
    expect(r7County(1, 1, '2027-01-31', P)).toMatchObject({ status: 'shortfall', required: 2, actual: 1 });
    expect(r7County(2, 0, '2027-01-31', P).status).toBe('shortfall');
    expect(r7County(2, 1, '2027-01-31', P).status).toBe('met');
    expect(r7Teacher(['attended'], '2027-01-31', P)).toMatchObject({ status: 'shortfall', required: 2, actual: 1 });
  });

  it('lowers what a teacher owes by each excused absence', () => {
    expect(r7Teacher(['attended', 'excused'], '2027-01-31', P)).toMatchObject({ status: 'met', required: 1, actual: 1 });
    expect(r7Teacher(['attended', 'absent'], '2027-01-31', P).status).toBe('shortfall');
    expect(r7Teacher(['attended', null, 'attended'], '2027-01-31', P).status).toBe('met');
  });
});

describe('R8', () => {
  it('meets exactly 80% and misses just under it', () => {
    expect(r8Teacher(['attended', 'attended', 'attended', 'attended', 'absent'], '2027-08-31', P)).toMatchObject({ status: 'met', required: 4, actual: 4 });
    const under = ['attended', 'attended', 'attended', 'attended', 'attended', 'attended', 'attended', null, null, null] as const; // 70%
    expect(r8Teacher(under, '2027-08-31', P).status).toBe('shortfall');
    expect(r8Teacher([...Array(79).fill('attended'), ...Array(21).fill('absent')], '2027-08-31', P).status).toBe('shortfall');
    expect(r8Teacher([...Array(80).fill('attended'), ...Array(20).fill('absent')], '2027-08-31', P).status).toBe('met');
  });

  it('takes excused absences out of the denominator', () => {
    // 4 of 5 held, 1 excused: 4 / 4
    expect(r8Teacher(['attended', 'attended', 'attended', 'attended', 'excused'], '2027-08-31', P)).toMatchObject({ status: 'met', facts: expect.objectContaining({ denominator: 4, share: 1 }) });
    // 3 attended, 1 absent, 1 excused: 3 / 4 = 75%
    expect(r8Teacher(['attended', 'attended', 'attended', 'absent', 'excused'], '2027-08-31', P).status).toBe('shortfall');
    expect(r8Teacher(['excused'], '2027-08-31', P).status).toBe('met');
    expect(r8Teacher([], '2027-08-31', P).status).toBe('met');
  });
});

describe('R6', () => {
  const visits = (n: number, from = '2022-09-01') => Array.from({ length: n }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86400000 * 30).toISOString().slice(0, 10));

  it('29 visits in the 5-year window are short, 30 are enough, and visits before the window do not count', () => {
    expect(r6Visits('2015-09-01', visits(29), '2027-07-10', P)).toMatchObject({ status: 'shortfall', required: 30, actual: 29 });
    expect(r6Visits('2015-09-01', visits(30), '2027-07-10', P)).toMatchObject({ status: 'met', actual: 30 });
    expect(r6Visits('2015-09-01', [...visits(29), '2022-07-10'], '2027-07-10', P).actual).toBe(29);
    expect(r6Visits('2015-09-01', [...visits(29), '2022-07-11'], '2027-07-10', P).actual).toBe(30);
  });

  it('asks a researcher in post for part of the window for the pro-rata number, rounded down', () => {
    // in post for 2 of the 5 years: 12 visits by now
    const r = r6Visits('2025-07-11', visits(12, '2025-08-01'), '2027-07-10', P);
    expect({ status: r.status, required: r.required }).toEqual({ status: 'met', required: 11 });
    expect(r6Visits('2025-07-11', visits(10, '2025-08-01'), '2027-07-10', P).status).toBe('shortfall');
    expect(r6Visits('2027-07-10', [], '2027-07-10', P)).toMatchObject({ status: 'met', required: 0 });
  });

  it('a stationing of 364 days in the first 3 years is short once they are over, 365 are met', () => {
    expect(r6Stationing('2024-09-01', [{ from: '2025-09-01', to: '2026-08-30' }], '2027-09-01', P)).toMatchObject({ status: 'shortfall', actual: 364, required: 365 });
    expect(r6Stationing('2024-09-01', [{ from: '2025-09-01', to: '2026-08-31' }], '2027-09-01', P)).toMatchObject({ status: 'met', actual: 365 });
  });

  it('counts overlapping stationings once and only inside the 3 years; in progress while still reachable', () => {
    const r = r6Stationing('2024-09-01', [{ from: '2024-09-01', to: '2025-02-28' }, { from: '2025-01-01', to: '2025-03-31' }, { from: '2027-08-01', to: '2027-12-31' }], '2028-01-01', P);
    expect(r).toMatchObject({ status: 'shortfall', actual: 212 + 31, windowTo: '2027-08-31' });
    expect(r6Stationing('2026-09-01', [{ from: '2026-09-01', to: '2026-12-31' }], '2027-01-01', P)).toMatchObject({ status: 'in_progress', actual: 122 });
    // too few days left in the window to reach 365: short already
    expect(r6Stationing('2024-09-01', [], '2027-01-01', P)?.status).toBe('shortfall');
  });

  it('does not apply to researchers whose first 3 years ended before the rule took effect', () => {
    expect(r6Stationing('2015-09-01', [], '2027-07-10', P)).toBeNull();
  });
});

describe('announcing results', () => {
  const o = (status: Outcome['status'], actual: number): Outcome => ({
    rule: 'R8', period: '2026-2027', countyCode: 'taishan', subjectType: 'teacher', subjectId: 't1', schoolId: 's1', districtCode: 'd1', status, required: 4, actual, facts: {}, message: 'm',
  });
  it('announces a shortfall once, nothing on a re-run, and a restoration when met later', () => {
    const first = compareOutcomes(new Map(), [o('shortfall', 3)]);
    expect({ write: first.write.length, short: first.shortfalls.length, restored: first.restored.length }).toEqual({ write: 1, short: 1, restored: 0 });
    const stored = new Map([[outcomeKey(o('shortfall', 3)), { status: 'shortfall' as const, required: 4, actual: 3 }]]);
    expect(compareOutcomes(stored, [o('shortfall', 3)])).toEqual({ write: [], shortfalls: [], restored: [] });
    const still = compareOutcomes(stored, [o('shortfall', 2)]);
    expect({ write: still.write.length, short: still.shortfalls.length }).toEqual({ write: 1, short: 0 });
    const later = compareOutcomes(stored, [o('met', 4)]);
    expect({ short: later.shortfalls.length, restored: later.restored.length }).toEqual({ short: 0, restored: 1 });
    expect(compareOutcomes(new Map(), [o('met', 4)])).toMatchObject({ shortfalls: [], restored: [] });
  });
});
