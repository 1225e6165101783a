import { checkPreferences, CycleTransitionRefused, newCycle, PreferencesClosed, PreferencesInvalid, transition, type Cycle } from './cycle';

const draft: Cycle = { id: 'c1', version: 1, ...newCycle('taishan', 2027) };

describe('rotation cycle', () => {
  it('goes draft → collecting → planning → proposed → approved → executed, and back from proposed to planning', () => {
    let c = transition(draft, 'collecting', '2027-03-01', { preferenceDeadline: '2027-04-30' });
    expect(c).toMatchObject({ state: 'collecting', preferenceDeadline: '2027-04-30', effectiveDate: '2027-09-01', proposedPlanId: null });
    c = transition(c, 'planning', '2027-05-01');
    c = transition(c, 'proposed', '2027-05-10', { planId: 'p1' });
    expect(c).toMatchObject({ state: 'proposed', proposedPlanId: 'p1' });
    c = transition(c, 'planning', '2027-05-11');
    expect(c).toMatchObject({ state: 'planning', proposedPlanId: null });
    c = transition(transition(c, 'proposed', '2027-05-12', { planId: 'p2' }), 'approved', '2027-05-20', { planId: 'p2' });
    expect(c).toMatchObject({ state: 'approved', proposedPlanId: 'p2' });
    expect(transition(c, 'executed', '2027-09-01').state).toBe('executed');
  });

  it('proposes only with a plan and approves only the proposed plan', () => {
    const planning = transition(transition(draft, 'collecting', '2027-03-01', { preferenceDeadline: '2027-04-30' }), 'planning', '2027-05-01');
    expect(() => transition(planning, 'proposed', '2027-05-10')).toThrow(/proposed with a plan/);
    const proposed = transition(planning, 'proposed', '2027-05-10', { planId: 'p1' });
    expect(() => transition(proposed, 'approved', '2027-05-20')).toThrow(/approved with its proposed plan/);
    expect(() => transition(proposed, 'approved', '2027-05-20', { planId: 'p9' })).toThrow(CycleTransitionRefused);
    expect(() => transition(planning, 'approved', '2027-05-20', { planId: 'p1' })).toThrow(/cannot move to approved; next: proposed/);
  });

  it('refuses skipped steps, a missing or past deadline, and a deadline after the moves take effect', () => {
    expect(() => transition(draft, 'approved', '2027-03-01')).toThrow(CycleTransitionRefused);
    expect(() => transition(draft, 'collecting', '2027-03-01')).toThrow(/needs a deadline/);
    expect(() => transition(draft, 'collecting', '2027-03-01', { preferenceDeadline: '2027-02-28' })).toThrow(/already past/);
    expect(() => transition(draft, 'collecting', '2027-03-01', { preferenceDeadline: '2027-09-01' })).toThrow(/before the moves take effect/);
    expect(transition(draft, 'collecting', '2027-03-01', { preferenceDeadline: '2027-03-01' }).preferenceDeadline).toBe('2027-03-01');
  });

  it('takes up to 10 distinct schools of the county, not the current one, until the deadline day inclusive', () => {
    const c = transition(draft, 'collecting', '2027-03-01', { preferenceDeadline: '2027-04-30' });
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
