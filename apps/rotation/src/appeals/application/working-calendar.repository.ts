import type { EntityManager } from 'typeorm';
import type { CalendarYear } from '@app/policy';

/** A year of the holiday calendar as the city administrator entered it (each change a new version). */
export interface EnteredYear extends CalendarYear {
  version: number;
  enteredBy: string;
  enteredAt: string;
}

export abstract class WorkingCalendarRepository {
  /** the latest version of every entered year */
  abstract latest(m: EntityManager): Promise<EnteredYear[]>;
  /** every version of a year, newest first */
  abstract history(m: EntityManager, year: number): Promise<EnteredYear[]>;
  /** null when that version of the year exists already (someone else entered it first) */
  abstract insert(m: EntityManager, y: CalendarYear, version: number, enteredBy: string): Promise<EnteredYear | null>;
}
