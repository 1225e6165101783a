/**
 * Mainland China's public holidays and adjusted working days (调休) as dated data, one entry per calendar
 * year, each with its source: the State Council General Office's annual notice (国务院办公厅关于XXXX年部分节假日
 * 安排的通知), usually published in November or December of the year before. These are the defaults (seed
 * data); the city administrator enters or corrects a year through rotation's calendar API (`PUT
 * /calendar/years/:year`, or a spreadsheet import), audited, and that entry then replaces the default.
 *
 * A year that is not here and not entered is not guessed: working days in it are counted as Monday to
 * Friday, and everything computed from it says so (`assumed`), until the administrator enters the notice.
 * 2027: no notice was published when this was written (December 2026): left to be entered.
 *
 * How the days count (libs/rules working-days.ts): a listed holiday (放假) is never a working day, even on a
 * weekday; a listed adjusted working day (调休上班) is a working day, even on a Saturday or Sunday; any other day
 * is a working day from Monday to Friday.
 */
export interface CalendarDay {
  date: string;
  /** the festival, as the notice names it: 春节 Spring Festival */
  name: string;
}

export type CalendarYearStatus = 'published' | 'assumption';

export interface CalendarYear {
  year: number;
  /** 'published': copied from the notice; 'assumption': entered before the notice, to be confirmed */
  status: CalendarYearStatus;
  /** the notice: its title, number and date, and where it was read */
  source: string;
  holidays: readonly CalendarDay[];
  /** weekend days that are working days (调休上班) */
  workdays: readonly CalendarDay[];
}

function range(from: string, to: string, name: string): CalendarDay[] {
  const out: CalendarDay[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push({ date: new Date(t).toISOString().slice(0, 10), name });
  return out;
}

export const DEFAULT_HOLIDAY_CALENDAR: readonly CalendarYear[] = [
  {
    year: 2025,
    status: 'published',
    source:
      '国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12; https://www.gov.cn, as published by Xinhua 2024-11-12): 元旦1月1日放假1天不调休；春节1月28日至2月4日放假调休共8天，1月26日（周日）、2月8日（周六）上班；清明节4月4日至6日；劳动节5月1日至5日放假调休共5天，4月27日（周日）上班；端午节5月31日至6月2日；国庆节、中秋节10月1日至8日放假调休共8天，9月28日（周日）、10月11日（周六）上班',
    holidays: [
      ...range('2025-01-01', '2025-01-01', '元旦 New Year'),
      ...range('2025-01-28', '2025-02-04', '春节 Spring Festival'),
      ...range('2025-04-04', '2025-04-06', '清明节 Qingming'),
      ...range('2025-05-01', '2025-05-05', '劳动节 Labour Day'),
      ...range('2025-05-31', '2025-06-02', '端午节 Dragon Boat Festival'),
      ...range('2025-10-01', '2025-10-08', '国庆节、中秋节 National Day and Mid-Autumn'),
    ],
    workdays: [
      { date: '2025-01-26', name: '春节调休 Spring Festival' },
      { date: '2025-02-08', name: '春节调休 Spring Festival' },
      { date: '2025-04-27', name: '劳动节调休 Labour Day' },
      { date: '2025-09-28', name: '国庆节调休 National Day' },
      { date: '2025-10-11', name: '国庆节调休 National Day' },
    ],
  },
  {
    year: 2026,
    status: 'published',
    source:
      '国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04; https://www.gov.cn, as published by Xinhua 2025-11-04): 元旦1月1日至3日放假调休共3天，1月4日（周日）上班；春节2月15日至23日放假调休共9天，2月14日（周六）、2月28日（周六）上班；清明节4月4日至6日；劳动节5月1日至5日放假调休共5天，5月9日（周六）上班；端午节6月19日至21日；中秋节9月25日至27日；国庆节10月1日至7日放假调休共7天，9月20日（周日）、10月10日（周六）上班',
    holidays: [
      ...range('2026-01-01', '2026-01-03', '元旦 New Year'),
      ...range('2026-02-15', '2026-02-23', '春节 Spring Festival'),
      ...range('2026-04-04', '2026-04-06', '清明节 Qingming'),
      ...range('2026-05-01', '2026-05-05', '劳动节 Labour Day'),
      ...range('2026-06-19', '2026-06-21', '端午节 Dragon Boat Festival'),
      ...range('2026-09-25', '2026-09-27', '中秋节 Mid-Autumn'),
      ...range('2026-10-01', '2026-10-07', '国庆节 National Day'),
    ],
    workdays: [
      { date: '2026-01-04', name: '元旦调休 New Year' },
      { date: '2026-02-14', name: '春节调休 Spring Festival' },
      { date: '2026-02-28', name: '春节调休 Spring Festival' },
      { date: '2026-05-09', name: '劳动节调休 Labour Day' },
      { date: '2026-09-20', name: '国庆节调休 National Day' },
      { date: '2026-10-10', name: '国庆节调休 National Day' },
    ],
  },
];
