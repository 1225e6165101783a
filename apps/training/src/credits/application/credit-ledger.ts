import type { EntityManager } from 'typeorm';
import type { CreditCategory } from '../../activities/domain/activity';
import type { LedgerEntry } from '../domain/ledger';

export interface NewEntry {
  teacherId: string;
  countyCode: string;
  activityId: string;
  earnedOn: string;
  creditYear: number;
  category: CreditCategory;
  hours: number;
  reversesId: string | null;
}

export interface StatementLine extends LedgerEntry {
  code: string;
  title: string;
  kind: string;
  certificateNo: string | null;
  result: string | null;
}

/** Port: the append-only credit ledger. */
export abstract class CreditLedger {
  /** entries of these teachers at these activities, keyed `teacherId|activityId` */
  abstract entriesFor(m: EntityManager, pairs: { teacherId: string; activityId: string }[]): Promise<Map<string, LedgerEntry[]>>;
  /** appends in the given order; returns the new ids */
  abstract append(m: EntityManager, entries: NewEntry[]): Promise<string[]>;
  abstract teacherEntries(m: EntityManager, teacherId: string): Promise<StatementLine[]>;
  /** hours per teacher, year and category of a county's teachers in [fromYear, toYear] */
  abstract countyTotals(m: EntityManager, countyCode: string, fromYear: number, toYear: number): Promise<{ teacherId: string; creditYear: number; category: CreditCategory; hours: number; earnedOn?: string }[]>;
  /** entries earned in [from, to] per teacher (probation years) */
  abstract countyEntriesBetween(m: EntityManager, countyCode: string, from: string, to: string): Promise<(LedgerEntry & { teacherId: string })[]>;
}
