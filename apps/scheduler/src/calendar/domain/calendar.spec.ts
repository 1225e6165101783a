import { previousMonth } from './calendar';

describe('calendar', () => {
  it('closes the previous month, across a year end and a leap February', () => {
    expect(previousMonth('2027-01-01')).toEqual({ month: '2026-12', firstDay: '2026-12-01', lastDay: '2026-12-31' });
    expect(previousMonth('2028-03-01')).toEqual({ month: '2028-02', firstDay: '2028-02-01', lastDay: '2028-02-29' });
    expect(previousMonth('2027-03-15')).toEqual({ month: '2027-02', firstDay: '2027-02-01', lastDay: '2027-02-28' });
  });
});
