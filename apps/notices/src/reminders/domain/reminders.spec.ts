import { reminderDue } from './reminders';

describe('preference deadline reminders', () => {
  const deadline = '2027-03-15';

  it('are due 7 days and 1 day before the deadline', () => {
    expect(reminderDue(deadline, '2027-03-08')).toEqual({ offset: 7, daysLeft: 7 });
    expect(reminderDue(deadline, '2027-03-14')).toEqual({ offset: 1, daysLeft: 1 });
  });

  it('are not due earlier, nor after the deadline day', () => {
    expect(reminderDue(deadline, '2027-03-07')).toBeNull();
    expect(reminderDue(deadline, '2027-03-16')).toBeNull();
  });

  it('catch up a day the job did not run: the 7-day reminder on the days after, the 1-day one on the deadline day', () => {
    expect(reminderDue(deadline, '2027-03-10')).toEqual({ offset: 7, daysLeft: 5 });
    expect(reminderDue(deadline, '2027-03-15')).toEqual({ offset: 1, daysLeft: 0 });
  });
});
