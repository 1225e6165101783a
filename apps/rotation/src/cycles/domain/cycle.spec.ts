import { checkPreferences, CycleTransitionRefused, newCycle, PreferencesClosed, PreferencesInvalid, transition, type Cycle } from './cycle';

const draft: Cycle = { id: 'c1', version: 1, ...newCycle('taishan', 2027) };

describe('rotation cycle', () => {
  it('goes draft → collecting → planning → proposed → approved → executed, and back from proposed to planning', () => {
    let c = transition(draft, 'collecting', '2027-03-01', '2027-04-30');
    expect(c).toMatchObject({ state: 'collecting', preferenceDeadline: '2027-04-30', effectiveDate: '2027-09-01' });
    c = transition(c, 'planning', '2027-05-01');
    c = transition(c, 'proposed', '2027-05-10');
    c = transition(c, 'planning', '2027-05-11');
    c = transition(transition(c, 'proposed', '2027-05-12'), 'approved', '2027-05-20');
    expect(transition(c, 'executed', '2027-09-01').state).toBe('executed');
  });

  it('refuses skipped steps, a missing or past deadline, and a deadline after the moves take effect', () => {
    expect(() => transition(draft, 'approved', '2027-03-01')).toThrow(CycleTransitionRefused);
    expect(() => transition(draft, 'collecting', '2027-03-01')).toThrow(/needs a deadline/);
    expect(() => transition(draft, 'collecting', '2027-03-01', '2027-02-28')).toThrow(/already past/);
    expect(() => transition(draft, 'collecting', '2027-03-01', '2027-09-01')).toThrow(/before the moves take effect/);
  });

  it('takes up to 10 distinct schools of the county, not the current one, until the deadline day inclusive', () => {
    const c = transition(draft, 'collecting', '2027-03-01', '2027-04-30');
    const schools = new Set(['a', 'b', 'c', 'home']);
    expect(checkPreferences(c, ['b', 'a'], '2027-04-30', schools, 'home')).toEqual(['b', 'a']);
    expect(() => checkPreferences(c, ['a'], '2027-05-01', schools, 'home')).toThrow(PreferencesClosed);
    expect(() => checkPreferences(c, ['a', 'a'], '2027-04-01', schools, 'home')).toThrow(/twice/);
    expect(() => checkPreferences(c, ['x'], '2027-04-01', schools, 'home')).toThrow(PreferencesInvalid);
    expect(() => checkPreferences(c, ['home'], '2027-04-01', schools, 'home')).toThrow(/current school/);
    expect(() => checkPreferences(c, Array.from({ length: 11 }, (_, i) => `s${i}`), '2027-04-01', new Set(Array.from({ length: 11 }, (_, i) => `s${i}`)), null)).toThrow(/at most 10/);
    expect(() => checkPreferences(draft, ['a'], '2027-04-01', schools, 'home')).toThrow(/not being collected/);
  });
});
