import type { EntityManager } from 'typeorm';
import type { Batch, BatchStatus, BatchTotals } from '../domain/batch';

export interface BatchLine {
  lineId: string;
  teacherId: string;
  staffNo: string | null;
  name: string;
  schoolId: string;
  schoolCode: string | null;
  schoolName: string;
  month: string;
  kind: 'accrual' | 'adjustment';
  tier: number;
  band: string;
  daysCounted: number;
  amountFen: number;
}

export interface PayrollRow {
  staffNo: string | null;
  name: string;
  schoolCode: string | null;
  schoolName: string;
  months: string;
  amountFen: number;
}

/** Port: payment batches and the lines they carry. */
export abstract class BatchRepository {
  /** Creates a draft holding every unpaid line (amount ≠ 0) of the county up to the period; null when there is none. */
  abstract draft(m: EntityManager, countyCode: string, period: string, draftedBy: string, note: string | null): Promise<Batch | null>;
  abstract findById(m: EntityManager, id: string): Promise<Batch | null>;
  /** Whether the county has a batch for the period that was not withdrawn. */
  abstract liveFor(m: EntityManager, countyCode: string, period: string): Promise<boolean>;
  abstract list(m: EntityManager, f: { countyCode?: string; status?: BatchStatus; limit: number; offset: number }): Promise<{ items: Batch[]; total: number }>;
  /** Moves the batch to `status` with who did it, if the version still matches; null when someone else changed it first. */
  abstract step(m: EntityManager, id: string, expectedVersion: number, status: BatchStatus, actor: string, extra?: { payrollReference?: string }): Promise<Batch | null>;
  /** A withdrawn batch's lines go back to the pool for the next batch. */
  abstract release(m: EntityManager, id: string): Promise<number>;
  abstract totals(m: EntityManager, id: string): Promise<BatchTotals>;
  abstract lines(m: EntityManager, id: string, f: { schoolId?: string; limit: number; offset: number }): Promise<{ items: BatchLine[]; total: number }>;
  /** Every line, per school (for the review rosters). */
  abstract allLines(m: EntityManager, id: string, schoolId?: string): Promise<BatchLine[]>;
  /** One row per teacher and school: what payroll pays. */
  abstract payroll(m: EntityManager, id: string): Promise<PayrollRow[]>;
}
