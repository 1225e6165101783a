import type { EntityManager } from 'typeorm';
import type { AccruedLine } from '../domain/accrual';

export interface AccrualSummary {
  countyCode: string;
  month: string;
  teachers: number;
  paidTeachers: number;
  lines: number;
  totalFen: number;
  schemeVersions: number[];
  exceptions: number;
  trigger: string;
  accruedAt?: string;
}

export interface PostedAdjustment {
  id: string;
  teacherId: string;
  countyCode: string;
  month: string;
  schoolId: string;
  beforeFen: number;
  afterFen: number;
  amountFen: number;
  cause: string;
}

export interface NewAdjustment {
  countyCode: string;
  teacherId: string;
  month: string;
  schoolId: string;
  beforeFen: number;
  afterFen: number;
  /** the recomputed line (null when nothing is owed at that school any more: tier and band stay the last line's) */
  line: AccruedLine | null;
  cause: string;
}

/** Port: the monthly ledger. Lines are only ever inserted; a correction is a new line. */
export abstract class LedgerRepository {
  /**
   * Serialises a county's month closes against the facts arriving for its teachers: facts take the lock
   * shared, a close or a scheme change takes it exclusively, so a close sees every fact committed before it
   * and every fact after it sees the close (and is posted as an adjustment).
   */
  abstract lockCounty(m: EntityManager, countyCode: string, mode: 'shared' | 'exclusive'): Promise<void>;
  abstract accrual(m: EntityManager, countyCode: string, month: string): Promise<AccrualSummary | null>;
  /** Months of the county already accrued, from `fromMonth` on. */
  abstract accruedMonths(m: EntityManager, countyCode: string, fromMonth: string): Promise<string[]>;
  abstract insertAccrual(m: EntityManager, s: AccrualSummary): Promise<void>;
  /** Inserts accrual lines; a line that already exists (same teacher, month, school) is left alone. Returns the number written. */
  abstract insertLines(m: EntityManager, countyCode: string, lines: readonly AccruedLine[]): Promise<number>;
  /** What has been posted for a teacher's months so far: month → school → fen. */
  abstract posted(m: EntityManager, teacherIds: readonly string[], months: readonly string[]): Promise<Map<string, Map<string, Map<string, number>>>>;
  /** New adjustment lines (each the next revision of its teacher × month × school), in one statement. */
  abstract insertAdjustments(m: EntityManager, list: readonly NewAdjustment[]): Promise<PostedAdjustment[]>;
}
