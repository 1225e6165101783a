import {
  addDays,
  addYears,
  anniversary,
  assertIsoDate,
  currentCycleDate,
  daysBetween,
  daysInclusive,
  displayYears,
  InvalidDate,
  isLeapYear,
  nextCycleDate,
  reachesYears,
  schoolYearOf,
  schoolYearStart,
  todayInShanghai,
  toDayNumber,
  addMonths,
  monthsBetween,
  wholeYearsBetween,
  yearsBefore,
  yearsBetween,
} from './calendar-date';

/** The error `run` throws (the test fails if it throws nothing). */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error, none was thrown');
}

describe('calendar dates', () => {
  it('rejects anything that is not a real calendar date', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-03-00', '2024-1-01', '20240101', 'x', '', null, 20240101]) {
      expect(() => assertIsoDate(bad)).toThrow(InvalidDate);
    }
    expect(() => assertIsoDate('2024-02-29')).not.toThrow();
    expect(() => addDays('2023-02-29', 1)).toThrow(InvalidDate);
    // day 0 is not the previous month's last day (Date.UTC would roll '2024-03-00' back to 29 February)
    expect(() => addDays('2024-03-00', 1)).toThrow(InvalidDate);
  });

  it('accepts only strings, not values that merely print as a date', () => {
    // a one-element array (a repeated query parameter) stringifies to '2024-01-01'
    expect(() => assertIsoDate(['2024-01-01'])).toThrow(InvalidDate);
    expect(() => assertIsoDate({ toString: () => '2024-01-01' })).toThrow(InvalidDate);
  });

  it('says which date was invalid and what it was given (code, message and details reach the client)', () => {
    const plain = thrown(() => assertIsoDate('2023-02-29'));
    expect(plain).toBeInstanceOf(InvalidDate);
    expect(plain).toMatchObject({ code: 'RULES.INVALID_DATE', kind: 'invalid', details: { value: '2023-02-29', what: 'date' } });
    expect((plain as Error).message).toMatch(/^date must be a calendar date .*"2023-02-29"$/);

    const named = thrown(() => assertIsoDate('2026-02-30', 'asOf'));
    expect(named).toMatchObject({ code: 'RULES.INVALID_DATE', details: { value: '2026-02-30', what: 'asOf' } });
    expect((named as Error).message).toMatch(/^asOf must be a calendar date .*"2026-02-30"$/);
  });

  it('counts days in the years 0000–0099 as those years, not as 1900–1999', () => {
    expect(addDays('0050-01-01', 1)).toBe('0050-01-02');
    expect(toDayNumber('0100-01-01') - toDayNumber('0099-12-31')).toBe(1);
    expect(daysBetween('0050-01-01', '1950-01-01')).toBe(toDayNumber('1950-01-01') - toDayNumber('0050-01-01'));
    expect(daysBetween('0050-01-01', '1950-01-01')).toBe(1900 * 365 + 460); // 475 years divisible by 4 in 52..1948, less 15 centuries not divisible by 400
  });

  it('knows the leap years (every 4th, not every 100th, every 400th)', () => {
    expect([2016, 2020, 2000, 2024].map(isLeapYear)).toEqual([true, true, true, true]);
    expect([2017, 1900, 2100, 2027].map(isLeapYear)).toEqual([false, false, false, false]);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-09-01', 0)).toBe('2026-09-01');
  });

  it('counts days between dates (signed) and days of an inclusive span', () => {
    expect(daysBetween('2024-01-01', '2024-01-02')).toBe(1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2024-09-01', '2025-09-01')).toBe(365);
    expect(daysBetween('2023-09-01', '2024-09-01')).toBe(366);
    expect(daysBetween('2025-01-10', '2025-01-01')).toBe(-9);
    expect(daysInclusive('2024-09-01', '2025-08-31')).toBe(365);
    expect(daysInclusive('2024-09-01', '2024-09-01')).toBe(1);
    expect(daysInclusive('2024-09-02', '2024-09-01')).toBe(0);
  });

  it('adds years, sending 29 February to 28 February in a common year', () => {
    expect(addYears('2014-09-01', 12)).toBe('2026-09-01');
    expect(addYears('2016-02-29', 1)).toBe('2017-02-28');
    expect(addYears('2016-02-29', 4)).toBe('2020-02-29');
    expect(addYears('2016-02-29', 12)).toBe('2028-02-29');
    expect(addYears('2024-02-29', 5)).toBe('2029-02-28');
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2023-02-28', 1)).toBe('2024-02-28');
    expect(addYears('2026-03-01', -2)).toBe('2024-03-01');
    expect(thrown(() => addYears('2026-03-01', 1.5))).toMatchObject({ code: 'RULES.INVALID_YEARS', kind: 'invalid', message: expect.stringMatching(/whole years.*1\.5/) });
  });

  it('measures exact years, with exact anniversaries as boundaries', () => {
    expect(yearsBetween('2014-09-01', '2026-09-01')).toBe(12);
    const justUnder = yearsBetween('2014-09-02', '2026-09-01');
    expect(justUnder).toBeLessThan(12);
    expect(justUnder).toBeCloseTo(11 + 364 / 365, 10);
    expect(yearsBetween('2016-02-29', '2017-02-28')).toBe(1);
    expect(yearsBetween('2016-02-29', '2017-02-27')).toBeLessThan(1);
    expect(yearsBetween('2024-09-01', '2025-03-02')).toBeCloseTo(182 / 365, 10);
    expect(yearsBetween('2026-01-01', '2025-01-01')).toBe(0);
    expect(wholeYearsBetween('2014-09-02', '2026-09-01')).toBe(11);
    expect(wholeYearsBetween('2014-09-01', '2026-09-01')).toBe(12);
    expect(wholeYearsBetween('2026-09-01', '2014-09-01')).toBe(0);
  });

  it('finds anniversaries, also for fractional years, and dates some years before', () => {
    expect(anniversary('2014-09-01', 12)).toBe('2026-09-01');
    expect(anniversary('2016-02-29', 11)).toBe('2027-02-28');
    expect(anniversary('2020-01-01', 0.5)).toBe('2020-07-02'); // 183 of 2020's 366 days
    expect(anniversary('2021-01-01', 0)).toBe('2021-01-01');
    expect(reachesYears('2014-09-01', 12, '2026-09-01')).toBe(true);
    expect(reachesYears('2014-09-01', 12, '2026-08-31')).toBe(false);
    expect(yearsBefore('2029-02-28', 2)).toBe('2027-02-28');
    expect(yearsBefore('2028-02-29', 1)).toBe('2027-02-28');
    expect(yearsBefore('2030-03-10', 5)).toBe('2025-03-10');
    expect(yearsBefore('2021-01-01', 0.5)).toBe('2020-07-02'); // 183 of 2020's 366 days back
    expect(thrown(() => anniversary('2020-01-01', -1))).toMatchObject({ code: 'RULES.INVALID_YEARS', kind: 'invalid', message: expect.stringMatching(/not negative.*-1$/) });
  });

  it('goes back whole years plus a fraction of the preceding year, and rejects negative or non-finite years', () => {
    expect(yearsBefore('2030-03-10', 0)).toBe('2030-03-10');
    // 1.5 years before 2022-01-01: back to 2021-01-01, then half of 2020 (183 of its 366 days)
    expect(yearsBefore('2022-01-01', 1.5)).toBe('2020-07-02');
    expect(thrown(() => yearsBefore('2030-03-10', -1))).toMatchObject({ code: 'RULES.INVALID_YEARS', kind: 'invalid', message: expect.stringMatching(/not negative.*-1$/) });
    expect(thrown(() => yearsBefore('2030-03-10', Number.NaN))).toMatchObject({ code: 'RULES.INVALID_YEARS', message: expect.stringMatching(/finite.*NaN$/) });
  });

  it("works up to the year 9999 of the end-of-time sentinel '9999-12-31'", () => {
    expect(wholeYearsBetween('2020-01-01', '9999-12-31')).toBe(7979);
    // a whole-year anniversary needs no following year (there is no year 10000 to measure)
    expect(anniversary('9990-06-01', 9)).toBe('9999-06-01');
  });

  it('truncates years for display so that a warning never shows 12.00', () => {
    expect(displayYears(11 + 364 / 365)).toBe(11.99);
    expect(displayYears(12)).toBe(12);
    expect(displayYears(1.15)).toBe(1.15);
  });

  it('names school years by their starting year and finds cycle dates (1 September)', () => {
    expect(schoolYearOf('2026-08-31')).toBe(2025);
    expect(schoolYearOf('2026-09-01')).toBe(2026);
    expect(schoolYearStart(2026)).toBe('2026-09-01');
    // the next cycle is the first 1 September strictly after the date
    expect(nextCycleDate('2026-08-31')).toBe('2026-09-01');
    expect(nextCycleDate('2026-09-01')).toBe('2027-09-01');
    expect(nextCycleDate('2026-01-15')).toBe('2026-09-01');
    expect(nextCycleDate('2026-12-31')).toBe('2027-09-01');
    expect(currentCycleDate('2026-09-01')).toBe('2026-09-01');
    expect(currentCycleDate('2026-08-31')).toBe('2025-09-01');
  });

  it("takes today in Asia/Shanghai, whatever the server's time zone", () => {
    expect(todayInShanghai(new Date('2026-08-31T16:30:00Z'))).toBe('2026-09-01');
    expect(todayInShanghai(new Date('2026-08-31T15:59:59Z'))).toBe('2026-08-31');
  });

  it('counts a 29 February birthday as reached on 28 February in common years (one convention for every rule)', () => {
    expect(wholeYearsBetween('2000-02-29', '2045-02-27')).toBe(44);
    expect(wholeYearsBetween('2000-02-29', '2045-02-28')).toBe(45);
    expect(wholeYearsBetween('2000-02-29', '2048-02-28')).toBe(47);
    expect(wholeYearsBetween('2000-02-29', '2048-02-29')).toBe(48);
  });

  it("adds whole months, ending on a shorter month's last day", () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-12-15', 1)).toBe('2025-01-15');
    expect(addMonths('2025-01-15', -1)).toBe('2024-12-15');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('1965-05-20', 722)).toBe('2025-07-20');
    expect(addMonths('2025-05-20', 0)).toBe('2025-05-20');
    expect(thrown(() => addMonths('2025-05-20', 1.5))).toMatchObject({ code: 'RULES.INVALID_MONTHS', kind: 'invalid', message: expect.stringMatching(/whole months.*1\.5/) });
    expect(() => addMonths('2025-02-30', 1)).toThrow(InvalidDate);
  });

  it('counts months between two months, ignoring days', () => {
    expect(monthsBetween('2025-01-31', '2025-05-01')).toBe(4);
    expect(monthsBetween('2025-01-01', '2025-01-31')).toBe(0);
    expect(monthsBetween('2025-01-01', '2024-12-31')).toBe(-1);
    expect(monthsBetween('2024-11-15', '2026-02-01')).toBe(15);
  });
});
