import { addYears, daysInclusive, schoolYearPeriod, semester, semesterOf } from './periods';

describe('training periods', () => {
  it('splits a school year into an autumn semester to 31 January and a spring semester from 1 February', () => {
    expect(semester(2025, 'autumn')).toEqual({ key: '2025-autumn', from: '2025-09-01', to: '2026-01-31' });
    expect(semester(2025, 'spring')).toEqual({ key: '2025-spring', from: '2026-02-01', to: '2026-08-31' });
    expect(semesterOf('2026-01-31')).toEqual({ schoolYear: 2025, term: 'autumn' });
    expect(semesterOf('2026-02-01')).toEqual({ schoolYear: 2025, term: 'spring' });
    expect(semesterOf('2026-09-01')).toEqual({ schoolYear: 2026, term: 'autumn' });
    expect(schoolYearPeriod(2025)).toEqual({ key: '2025-2026', from: '2025-09-01', to: '2026-08-31' });
  });

  it('counts days with both ends and moves 29 February to the 28th in a common year', () => {
    expect(daysInclusive('2026-01-01', '2026-12-31')).toBe(365);
    expect(daysInclusive('2026-01-02', '2026-01-01')).toBe(0);
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });
});
