import { daysCovered, type DaySpan } from './service-days';

const span = (startDate: string, endDate: string | null): DaySpan => ({ startDate, endDate });

describe('daysCovered', () => {
  it('counts the union of intervals clipped to the span', () => {
    const a = [
      span('2024-01-01', '2024-01-10'),
      span('2024-01-05', '2024-01-15'),
      span('2024-01-16', '2024-01-20'), // adjacent: merges
      span('2024-02-01', null),
    ];
    expect(daysCovered(a, '2024-01-01', '2024-01-31')).toBe(20);
    expect(daysCovered(a, '2024-01-01', '2024-02-29')).toBe(49);
    expect(daysCovered(a, '2024-01-12', '2024-01-12')).toBe(1);
    expect(daysCovered(a, '2024-01-25', '2024-01-20')).toBe(0);
    expect(daysCovered([], '2024-01-01', '2024-12-31')).toBe(0);
  });
});
