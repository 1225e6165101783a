import type { EntityManager } from 'typeorm';

export interface MonthTotals {
  countyCode: string;
  month: string;
  accruedAt: string | null;
  teachers: number;
  paidTeachers: number;
  totalFen: number;
  byTier: { tier: number; paidTeachers: number; totalFen: number }[];
}

export interface TeacherMonth {
  teacherId: string;
  staffNo: string | null;
  name: string;
  totalFen: number;
  lines: { schoolId: string; schoolName: string; tier: number; band: string; daysCounted: number; amountFen: number; kind: string }[];
}

export interface StatementLine {
  lineId: string;
  month: string;
  kind: 'accrual' | 'adjustment';
  schoolId: string;
  schoolName: string;
  amountFen: number;
  beforeFen: number | null;
  afterFen: number | null;
  tier: number;
  band: string;
  daysCounted: number;
  trace: unknown;
  cause: string | null;
  createdAt: string;
  batchId: string | null;
  batchStatus: string | null;
  batchPeriod: string | null;
  paidAt: string | null;
  payrollReference: string | null;
}

/** Port: read-side queries of the ledger (totals including adjustments, live). */
export abstract class LedgerReports {
  abstract monthTotals(m: EntityManager, countyCode: string | undefined, from: string, to: string): Promise<MonthTotals[]>;
  abstract teachersOfMonth(m: EntityManager, countyCode: string, month: string, page: { limit: number; offset: number }): Promise<{ items: TeacherMonth[]; total: number }>;
  abstract statementLines(m: EntityManager, teacherId: string, year: number): Promise<StatementLine[]>;
}
