import { DEFAULT_POLICY } from '@app/policy';
import { cycleOf, cycleProgress, ledgerChanges, probationHours, yearTotals, type LedgerEntry } from './ledger';

const entry = (id: string, patch: Partial<LedgerEntry> = {}): LedgerEntry => ({ id, activityId: 'a1', earnedOn: '2026-03-01', creditYear: 2026, category: 'centralised', hours: 6, reversesId: null, ...patch });

describe('credit ledger', () => {
  it('appends nothing when the ledger already says what the attendance says', () => {
    expect(ledgerChanges([entry('1')], { activityId: 'a1', earnedOn: '2026-03-01', category: 'centralised', hours: 6 })).toEqual({ reverse: [], post: null });
    expect(ledgerChanges([], null)).toEqual({ reverse: [], post: null });
  });

  it('reverses a live posting and posts the corrected hours; a reversed posting is not reversed twice', () => {
    const changed = ledgerChanges([entry('1')], { activityId: 'a1', earnedOn: '2026-03-01', category: 'centralised', hours: 3 });
    expect({ reverse: changed.reverse.map((e) => e.id), post: changed.post?.hours }).toEqual({ reverse: ['1'], post: 3 });
    const history = [entry('1'), entry('2', { hours: -6, reversesId: '1' }), entry('3', { hours: 3 })];
    expect(ledgerChanges(history, null).reverse.map((e) => e.id)).toEqual(['3']);
    expect(ledgerChanges(history, { activityId: 'a1', earnedOn: '2026-03-01', category: 'centralised', hours: 3 })).toEqual({ reverse: [], post: null });
  });

  it('counts online hours only up to the yearly cap (36), at the cap and one over', () => {
    const [atCap] = yearTotals([entry('1', { category: 'online', hours: 36 }), entry('2', { hours: 40 })], DEFAULT_POLICY);
    expect({ total: atCap.total, counted: atCap.counted, over: atCap.onlineOverCap }).toEqual({ total: 76, counted: 76, over: 0 });
    const [over] = yearTotals([entry('1', { category: 'online', hours: 37 }), entry('2', { hours: 40 })], DEFAULT_POLICY);
    expect({ total: over.total, counted: over.counted, over: over.onlineOverCap }).toEqual({ total: 77, counted: 76, over: 1 });
  });

  it('closes each year on 31 December without carry-over: 100 hours in 2025 leave 2026 owing its 72', () => {
    const years = yearTotals([entry('1', { creditYear: 2025, earnedOn: '2025-12-31', hours: 100 }), entry('2', { creditYear: 2026, earnedOn: '2026-01-01', hours: 10 })], DEFAULT_POLICY);
    const p = cycleProgress('2010-09-01', years, '2026-12-31', DEFAULT_POLICY);
    expect(p.thisYear).toEqual({ year: 2026, required: 72, counted: 10, remaining: 62, met: false });
    // the 2025 hours belong to the 2021–2025 cycle, not to the one that started in 2026
    expect({ cycle: p.cycle, required: p.required, counted: p.counted }).toEqual({ cycle: { from: 2026, to: 2030 }, required: 360, counted: 10 });
  });

  it('asks a teacher who started inside a cycle for the annual hours of the years served', () => {
    expect(cycleOf(2025, DEFAULT_POLICY)).toEqual({ from: 2021, to: 2025 });
    expect(cycleProgress('2027-09-01', [], '2028-06-01', DEFAULT_POLICY).required).toBe(72 * 3); // in service on 1 January 2028, 2029 and 2030
    expect(cycleProgress('2027-09-01', [], '2028-06-01', DEFAULT_POLICY).thisYear.required).toBe(72);
  });

  it('counts the probation year from the first service date, 120 hours', () => {
    const entries = [entry('1', { earnedOn: '2025-09-01', hours: 60 }), entry('2', { earnedOn: '2026-08-31', hours: 60 }), entry('3', { earnedOn: '2026-09-01', hours: 30 })];
    expect(probationHours('2025-09-01', entries, DEFAULT_POLICY)).toEqual({ from: '2025-09-01', to: '2026-08-31', required: 120, counted: 120 });
  });
});
