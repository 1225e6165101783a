import { DEFAULT_HOLIDAY_CALENDAR, type CalendarYear } from '@app/policy';
import {
  addWorkingDays,
  calendarYearProblems,
  deadlinePassed,
  describeDay,
  endOfDayInShanghai,
  formatDeadline,
  formatDeadlineZh,
  isWorkingDay,
  workingCalendar,
  workingDayDeadline,
  WorkingDaysOutOfRange,
} from './working-days';

const cal = workingCalendar(DEFAULT_HOLIDAY_CALENDAR);

describe('isWorkingDay on the State Council notices of 2025 and 2026', () => {
  it('a public holiday on a weekday is not a working day; the 调休 Saturday or Sunday is', () => {
    // 2026 National Day: 1–7 October off; Sunday 20 September and Saturday 10 October worked
    expect(['2026-09-30', '2026-10-01', '2026-10-07', '2026-10-08'].map((d) => isWorkingDay(d, cal))).toEqual([true, false, false, true]);
    expect(isWorkingDay('2026-09-20', cal)).toBe(true); // Sunday, 调休
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2026-10-11', cal)).toBe(false); // an ordinary Sunday
    // 2026 Spring Festival: 15–23 February off, Saturdays 14 and 28 February worked
    expect(['2026-02-13', '2026-02-14', '2026-02-15', '2026-02-23', '2026-02-24', '2026-02-28'].map((d) => isWorkingDay(d, cal))).toEqual([true, true, false, false, true, true]);
    // 2025: New Year's Day alone (a Wednesday), 调休 Sunday 28 September
    expect(['2024-12-31', '2025-01-01', '2025-01-02', '2025-09-28', '2025-10-08', '2025-10-11'].map((d) => isWorkingDay(d, cal))).toEqual([true, false, true, true, false, true]);
  });

  it('says what a day is and whether the calendar covers its year', () => {
    expect(describeDay('2026-10-10', cal)).toEqual({ working: true, kind: 'adjusted_workday', name: '国庆节调休 National Day', assumed: false });
    expect(describeDay('2026-10-02', cal)).toMatchObject({ working: false, kind: 'holiday', assumed: false });
    expect(describeDay('2027-07-14', cal)).toEqual({ working: true, kind: 'weekday', name: null, assumed: true });
  });
});

describe('addWorkingDays', () => {
  it('counts from the first working day after the start, skipping a holiday week and counting the 调休 Saturday', () => {
    // approved Tuesday 2026-09-29: 30 Sep (1), 1–7 Oct off, 8 Oct (2), 9 Oct (3), Sat 10 Oct 调休 (4), Mon 12 Oct (5)
    expect(addWorkingDays('2026-09-29', 5, cal)).toBe('2026-10-12');
    // the day before the holiday: the next working day is after it
    expect(addWorkingDays('2026-09-30', 1, cal)).toBe('2026-10-08');
    // Thursday 12 February 2026: Fri 13 (1), Sat 14 调休 (2), 15–23 off, Tue 24 (3)
    expect(addWorkingDays('2026-02-12', 3, cal)).toBe('2026-02-24');
    // across New Year 2026: Wed 31 Dec (1), 1–3 Jan off, Sun 4 Jan 调休 (2), Mon 5 Jan (3)
    expect(addWorkingDays('2025-12-30', 3, cal)).toBe('2026-01-05');
    // a start on a holiday or a weekend counts from the next working day
    expect(addWorkingDays('2026-10-03', 1, cal)).toBe('2026-10-08');
    expect(addWorkingDays('2026-10-03', 0, cal)).toBe('2026-10-03');
  });

  it('the brief’s example: five working days from Wednesday 2027-07-07 end on Wednesday 2027-07-14 (no holiday then)', () => {
    expect(addWorkingDays('2027-07-07', 5, cal)).toBe('2027-07-14');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-01-05', -1, cal)).toThrow(WorkingDaysOutOfRange);
    expect(() => addWorkingDays('2026-01-05', 1.5, cal)).toThrow(WorkingDaysOutOfRange);
    expect(() => addWorkingDays('2026-02-30', 1, cal)).toThrow(/calendar date/);
  });

  it('a year entered later changes the count (the data decides, not the code)', () => {
    const with2027: CalendarYear = { year: 2027, status: 'assumption', source: 'entered before the notice, to be confirmed', holidays: [{ date: '2027-07-09', name: 'test holiday' }], workdays: [{ date: '2027-07-10', name: 'test 调休' }] };
    const c = workingCalendar([...DEFAULT_HOLIDAY_CALENDAR, with2027]);
    // Thu 8 (1), Fri 9 off, Sat 10 调休 (2), Mon 12 (3), Tue 13 (4), Wed 14 (5)
    expect(addWorkingDays('2027-07-07', 5, c)).toBe('2027-07-14');
    expect(addWorkingDays('2027-07-07', 2, c)).toBe('2027-07-10');
    expect(workingDayDeadline('2027-07-07', 5, c)).toMatchObject({ assumed: true, assumedYears: [2027] });
  });
});

describe('deadlines end at 23:59 Asia/Shanghai of the last working day', () => {
  it('a period in covered years is not assumed; one reaching into an unentered year says so', () => {
    expect(workingDayDeadline('2026-09-29', 5, cal)).toEqual({ date: '2026-10-12', endsAt: '2026-10-12T23:59:59+08:00', assumed: false, assumedYears: [] });
    expect(workingDayDeadline('2026-12-29', 5, cal)).toMatchObject({ date: '2027-01-05', assumed: true, assumedYears: [2027] });
  });

  it('a minute before the end is in time, the first minute of the next day in Shanghai is late', () => {
    expect(endOfDayInShanghai('2027-07-14')).toBe('2027-07-14T23:59:59+08:00');
    expect(deadlinePassed('2027-07-14', new Date('2027-07-14T23:58:00+08:00'))).toBe(false);
    expect(deadlinePassed('2027-07-14', new Date('2027-07-14T23:59:59+08:00'))).toBe(false);
    expect(deadlinePassed('2027-07-14', new Date('2027-07-15T00:00:00+08:00'))).toBe(true);
    // 16:30 UTC is already the next day in Shanghai
    expect(deadlinePassed('2027-07-14', new Date('2027-07-14T16:30:00Z'))).toBe(true);
    expect(formatDeadline('2027-07-14')).toBe('2027-07-14 23:59 (Asia/Shanghai)');
    expect(formatDeadlineZh('2027-07-14')).toBe('2027年07月14日23:59（北京时间）');
  });
});

describe('the default calendar and what an administrator may enter', () => {
  it('2025 and 2026 are the published notices, each with its source, and pass the checks', () => {
    expect(DEFAULT_HOLIDAY_CALENDAR.map((y) => [y.year, y.status])).toEqual([
      [2025, 'published'],
      [2026, 'published'],
    ]);
    for (const y of DEFAULT_HOLIDAY_CALENDAR) {
      expect(y.source).toContain(`国务院办公厅关于${y.year}年部分节假日安排的通知`);
      expect(calendarYearProblems(y)).toEqual([]);
    }
    // days off: 2025 1 + 8 + 3 + 5 + 3 + 8; 2026 3 + 9 + 3 + 5 + 3 + 3 + 7
    expect(DEFAULT_HOLIDAY_CALENDAR.map((y) => [y.holidays.length, y.workdays.length])).toEqual([
      [28, 5],
      [33, 6],
    ]);
  });

  it('finds what is wrong with an entered year, in sentences', () => {
    const bad: CalendarYear = {
      year: 2027,
      status: 'assumption',
      source: 'x',
      holidays: [
        { date: '2027-02-30', name: '春节' },
        { date: '2026-10-01', name: '国庆' },
        { date: '2027-10-01', name: '国庆' },
        { date: '2027-10-01', name: '国庆' },
      ],
      workdays: [
        { date: '2027-10-01', name: '调休' },
        { date: '2027-10-12', name: '调休' },
      ],
    };
    expect(calendarYearProblems(bad)).toEqual([
      'the source must name the notice (title, number, date)',
      'holiday "2027-02-30" is not a calendar date',
      'holiday 2026-10-01 is not in 2027',
      '2027-10-01 is listed twice',
      '2027-10-01 is listed both as a holiday and as an adjusted working day',
      'adjusted working day 2027-10-01 is a weekday, a working day anyway: only a Saturday or Sunday can be one',
      'adjusted working day 2027-10-12 is a weekday, a working day anyway: only a Saturday or Sunday can be one',
    ]);
  });

  it('takes a year from 2000 to 2100, a source of at least 10 characters, and a name for every day', () => {
    const year = (p: Partial<CalendarYear>): CalendarYear => ({ year: 2027, status: 'published', source: '0123456789', holidays: [], workdays: [], ...p });
    expect(calendarYearProblems(year({}))).toEqual([]);
    expect(calendarYearProblems(year({ year: 2000, holidays: [{ date: '2000-01-01', name: '元旦' }] }))).toEqual([]);
    expect(calendarYearProblems(year({ year: 2100, holidays: [{ date: '2100-01-01', name: '元旦' }] }))).toEqual([]);
    expect(calendarYearProblems(year({ year: 1999 }))).toEqual(['year 1999 is not between 2000 and 2100']);
    expect(calendarYearProblems(year({ year: 2101 }))).toEqual(['year 2101 is not between 2000 and 2100']);
    expect(calendarYearProblems(year({ year: 2027.5 }))).toEqual(['year 2027.5 is not between 2000 and 2100']);
    expect(calendarYearProblems(year({ source: '  012345678  ' }))).toEqual(['the source must name the notice (title, number, date)']);
    expect(calendarYearProblems(year({ holidays: [{ date: '2027-10-01', name: '  ' }], workdays: [{ date: '2027-10-09', name: '' }] }))).toEqual(['holiday 2027-10-01 has no name', 'workday 2027-10-09 has no name']);
    // a Saturday and a Sunday may be adjusted working days; a workday in another year is named as such
    expect(calendarYearProblems(year({ workdays: [{ date: '2027-10-09', name: '调休' }, { date: '2027-10-10', name: '调休' }] }))).toEqual([]);
    expect(calendarYearProblems(year({ workdays: [{ date: '2026-10-10', name: '调休' }, { date: '2027-13-01', name: '调休' }] }))).toEqual(['workday 2026-10-10 is not in 2027', 'workday "2027-13-01" is not a calendar date']);
  });
});

describe('the calendar built from entered years', () => {
  it('lets a later entry for a year replace an earlier one, and says which years are only assumed', () => {
    const first: CalendarYear = { year: 2027, status: 'assumption', source: 'entered before the notice', holidays: [{ date: '2027-07-09', name: 'guess' }], workdays: [] };
    const notice: CalendarYear = { year: 2027, status: 'published', source: 'the notice of 2027', holidays: [{ date: '2027-07-12', name: 'published' }], workdays: [] };
    const c = workingCalendar([first, notice]);
    expect(isWorkingDay('2027-07-09', c)).toBe(true);
    expect(describeDay('2027-07-12', c)).toEqual({ working: false, kind: 'holiday', name: 'published', assumed: false });
    expect(describeDay('2027-07-10', c)).toEqual({ working: false, kind: 'weekend', name: null, assumed: false });
    expect(describeDay('2027-07-10', workingCalendar([first]))).toMatchObject({ kind: 'weekend', assumed: true });
    expect(describeDay('2027-07-09', workingCalendar([first]))).toEqual({ working: false, kind: 'holiday', name: 'guess', assumed: true });
  });

  it('says a period is assumed when it starts in a year the calendar does not cover', () => {
    expect(workingDayDeadline('2024-12-30', 3, cal)).toEqual({ date: '2025-01-03', endsAt: '2025-01-03T23:59:59+08:00', assumed: true, assumedYears: [2024] });
  });

  it('counts up to 366 working days, and says so when asked for more', () => {
    expect(addWorkingDays('2026-01-05', 366, cal) > '2027-01-01').toBe(true);
    expect(() => addWorkingDays('2026-01-05', 367, cal)).toThrow(new WorkingDaysOutOfRange(367));
    expect(() => addWorkingDays('2026-01-05', 367, cal)).toThrow('a period counts 0 to 366 working days, not 367');
  });
});
