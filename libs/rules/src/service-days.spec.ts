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

  it('counts each day once whatever the order of the spans, a span inside another adding nothing', () => {
    const jan = (d1: number, d2: number) => span(`2024-01-${String(d1).padStart(2, '0')}`, `2024-01-${String(d2).padStart(2, '0')}`);
    expect(daysCovered([jan(20, 25), jan(1, 10)], '2024-01-01', '2024-01-31')).toBe(16);
    expect(daysCovered([jan(1, 31), jan(10, 12)], '2024-01-01', '2024-01-31')).toBe(31);
    expect(daysCovered([jan(10, 12), jan(1, 31)], '2024-01-01', '2024-01-31')).toBe(31);
    // two spans sharing their last and first day: that day counts once
    expect(daysCovered([jan(1, 10), jan(10, 20)], '2024-01-01', '2024-01-31')).toBe(20);
    // a one-day gap is not covered; back-to-back spans leave none
    expect(daysCovered([jan(1, 10), jan(12, 20)], '2024-01-01', '2024-01-31')).toBe(19);
    expect(daysCovered([jan(1, 10), jan(11, 20)], '2024-01-01', '2024-01-31')).toBe(20);
    // spans outside [from, to] count nothing; the ends of [from, to] are inside
    expect(daysCovered([jan(1, 9), jan(21, 31)], '2024-01-10', '2024-01-20')).toBe(0);
    expect(daysCovered([jan(1, 10), jan(20, 31)], '2024-01-10', '2024-01-20')).toBe(2);
    expect(daysCovered([span('2024-01-15', null)], '2024-01-10', '2024-01-20')).toBe(6);
  });
});
