import { DEFAULT_POLICY, isAssumption, policyValueProblem, type PolicyValue } from '@app/policy';
import { DEFAULT_REMINDER_DAYS_BEFORE, reminderDue, reminderOffsets } from './reminders';

describe('preference deadline reminders', () => {
  const deadline = '2027-03-15';
  const offsets = reminderOffsets('2027-03-01');

  it('are 7 days and 1 day before the deadline by default, dated policy values marked as assumptions', () => {
    expect(offsets).toEqual([...DEFAULT_REMINDER_DAYS_BEFORE]);
    const entries = DEFAULT_POLICY.filter((v) => v.key.startsWith('reminders.preference_'));
    expect(entries.map((e) => [e.key, e.value, e.effectiveFrom, isAssumption(e.source)])).toEqual([
      ['reminders.preference_first_days_before', 7, '2023-09-01', true],
      ['reminders.preference_second_days_before', 1, '2023-09-01', true],
    ]);
  });

  it('are due 7 days and 1 day before the deadline', () => {
    expect(reminderDue(deadline, '2027-03-08', offsets)).toEqual({ offset: 7, daysLeft: 7 });
    expect(reminderDue(deadline, '2027-03-14', offsets)).toEqual({ offset: 1, daysLeft: 1 });
  });

  it('are not due earlier, nor after the deadline day', () => {
    expect(reminderDue(deadline, '2027-03-07', offsets)).toBeNull();
    expect(reminderDue(deadline, '2027-03-16', offsets)).toBeNull();
  });

  it('catch up a day the job did not run: the 7-day reminder on the days after, the 1-day one on the deadline day', () => {
    expect(reminderDue(deadline, '2027-03-10', offsets)).toEqual({ offset: 7, daysLeft: 5 });
    expect(reminderDue(deadline, '2027-03-15', offsets)).toEqual({ offset: 1, daysLeft: 0 });
  });

  it('follow a value the city administrator added, from its date only, in either order, once when both agree', () => {
    const values: PolicyValue[] = [
      ...DEFAULT_POLICY,
      { key: 'reminders.preference_first_days_before', value: 2, effectiveFrom: '2027-03-01', source: 'test' },
      { key: 'reminders.preference_second_days_before', value: 10, effectiveFrom: '2027-03-01', source: 'test' },
      { key: 'reminders.preference_first_days_before', value: 3, effectiveFrom: '2027-04-01', source: 'test' },
      { key: 'reminders.preference_second_days_before', value: 3, effectiveFrom: '2027-04-01', source: 'test' },
    ];
    expect(reminderOffsets('2027-02-28', values)).toEqual([7, 1]);
    expect(reminderOffsets('2027-03-01', values)).toEqual([10, 2]);
    expect(reminderOffsets('2027-04-01', values)).toEqual([3]);
    expect(reminderDue(deadline, '2027-03-05', reminderOffsets('2027-03-05', values))).toEqual({ offset: 10, daysLeft: 10 });
  });

  it('take a whole number of days, 0 (the deadline day) or more, through the administrator’s API', () => {
    expect(policyValueProblem('reminders.preference_first_days_before', 0)).toBeNull();
    expect(policyValueProblem('reminders.preference_first_days_before', 1.5)).toMatch(/whole number/);
    expect(policyValueProblem('reminders.preference_second_days_before', -1)).toMatch(/whole number/);
  });
});
