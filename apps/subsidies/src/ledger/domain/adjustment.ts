import type { AccruedLine } from './accrual';

export interface Adjustment {
  schoolId: string;
  month: string;
  beforeFen: number;
  afterFen: number;
  amountFen: number;
  /** the recomputed line (null when nothing is owed at that school any more) */
  line: AccruedLine | null;
}

/**
 * Corrections by reversal: what was posted for a teacher's month (accrual plus earlier adjustments, per
 * school) against what is owed now; every difference becomes a new line, none is edited.
 */
export function adjustmentsFor(month: string, posted: ReadonlyMap<string, number>, recomputed: readonly AccruedLine[]): Adjustment[] {
  const now = new Map(recomputed.filter((l) => l.month === month).map((l) => [l.schoolId, l]));
  const schools = [...new Set([...posted.keys(), ...now.keys()])].sort();
  const out: Adjustment[] = [];
  for (const schoolId of schools) {
    const beforeFen = posted.get(schoolId) ?? 0;
    const line = now.get(schoolId) ?? null;
    const afterFen = line?.amountFen ?? 0;
    if (afterFen !== beforeFen) out.push({ schoolId, month, beforeFen, afterFen, amountFen: afterFen - beforeFen, line });
  }
  return out;
}
