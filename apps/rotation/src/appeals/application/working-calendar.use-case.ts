import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrail, type Actor } from '@app/audit';
import { DomainError } from '@app/errors';
import { DEFAULT_HOLIDAY_CALENDAR, type CalendarDay, type CalendarYear, type CalendarYearStatus } from '@app/policy';
import { calendarYearProblems, describeDay, workingCalendar, workingDayDeadline, type IsoDate, type WorkingCalendar } from '@app/rules';
import { UnitOfWork } from '@app/runtime';
import { WorkingCalendarRepository, type EnteredYear } from './working-calendar.repository';

export class CalendarYearInvalid extends DomainError {
  constructor(problems: string[]) {
    super('ROTATION.CALENDAR_INVALID', 'invalid', `the calendar has ${problems.length} problem(s); nothing was saved: ${problems.slice(0, 5).join('; ')}`, { problems });
  }
}

export class StaleCalendarVersion extends DomainError {
  constructor(year: number, current: number) {
    super('ROTATION.STALE_VERSION', 'conflict', `the calendar of ${year} was changed by someone else (it is at version ${current}); reload it and try again`, { year, version: current });
  }
}

/** A year as the API shows it: where it comes from, and the version an edit must name. */
export interface CalendarYearView extends CalendarYear {
  /** 'default': the seed data (libs/policy); 'entered': the city administrator's; 'none': not entered, weekends only */
  origin: 'default' | 'entered' | 'none';
  /** 0 until the administrator enters the year */
  version: number;
  enteredBy: string | null;
  enteredAt: string | null;
  history: { version: number; status: CalendarYearStatus; enteredBy: string; enteredAt: string }[];
}

/**
 * The holiday calendar working days are counted with (libs/rules working-days.ts): the State Council's
 * notices as seed data (libs/policy), and the years the city administrator enters or corrects — each change a
 * new version of the year, checked, audited; an edit names the version it was made from (409 when stale).
 */
@Injectable()
export class WorkingCalendarService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly years: WorkingCalendarRepository,
    private readonly audit: AuditTrail,
  ) {}

  /** The calendar in force: the defaults, each replaced by the year as entered. */
  async calendar(m: EntityManager = this.uow.reader): Promise<WorkingCalendar> {
    return workingCalendar([...DEFAULT_HOLIDAY_CALENDAR, ...(await this.years.latest(m))]);
  }

  async year(year: number): Promise<CalendarYearView> {
    const history = await this.years.history(this.uow.reader, year);
    const latest = history[0];
    const hist = history.map((h) => ({ version: h.version, status: h.status, enteredBy: h.enteredBy, enteredAt: h.enteredAt }));
    if (latest) return { ...strip(latest), origin: 'entered', version: latest.version, enteredBy: latest.enteredBy, enteredAt: latest.enteredAt, history: hist };
    const seeded = DEFAULT_HOLIDAY_CALENDAR.find((y) => y.year === year);
    if (seeded) return { ...seeded, origin: 'default', version: 0, enteredBy: null, enteredAt: null, history: [] };
    return {
      year,
      status: 'assumption',
      source: `not entered: the State Council's notice for ${year} has not been entered; working days are counted Monday to Friday until it is / ${year}年节假日安排尚未录入`,
      holidays: [],
      workdays: [],
      origin: 'none',
      version: 0,
      enteredBy: null,
      enteredAt: null,
      history: [],
    };
  }

  /** What a period of `days` working days from `from` gives, and each day of it. */
  async deadline(from: IsoDate, days: number) {
    const cal = await this.calendar();
    const d = workingDayDeadline(from, days, cal);
    return { from, workingDays: days, ...d, last: describeDay(d.date, cal) };
  }

  /** Enters a year (or corrects it): checked, a new version, audited. `version` is the one it was read at (0: never entered). */
  async setYear(actor: Actor, y: CalendarYear, version: number, dryRun = false): Promise<CalendarYearView> {
    const sorted: CalendarYear = { ...y, holidays: byDate(y.holidays), workdays: byDate(y.workdays) };
    const problems = calendarYearProblems(sorted);
    if (problems.length > 0) throw new CalendarYearInvalid(problems);
    const before = await this.year(y.year);
    if (before.version !== version) throw new StaleCalendarVersion(y.year, before.version);
    if (dryRun) return { ...before, ...sorted, origin: 'entered', version: version + 1, history: before.history };
    await this.uow.run(async (m) => {
      const saved = await this.years.insert(m, sorted, version + 1, actor.subject);
      if (!saved) throw new StaleCalendarVersion(y.year, version + 1);
      await this.audit.record(m, {
        actor,
        countyCode: null,
        action: 'calendar.set',
        entityType: 'calendar_year',
        entityId: String(y.year),
        before: before.origin === 'none' ? null : { origin: before.origin, version: before.version, status: before.status, source: before.source, holidays: before.holidays, workdays: before.workdays },
        after: { version: saved.version, status: saved.status, source: saved.source, holidays: saved.holidays, workdays: saved.workdays },
      });
    });
    return this.year(y.year);
  }
}

function strip(e: EnteredYear): CalendarYear {
  return { year: e.year, status: e.status, source: e.source, holidays: e.holidays, workdays: e.workdays };
}

function byDate(days: readonly CalendarDay[]): CalendarDay[] {
  return [...days].map((d) => ({ date: d.date, name: d.name.trim() })).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
