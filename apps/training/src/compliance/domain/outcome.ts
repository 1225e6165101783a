import type { COMPLIANCE_RULES } from '@app/contracts';

export type ComplianceRule = (typeof COMPLIANCE_RULES)[number];
/** in_progress: not met yet, but the period is still open and it can be; not_applicable: nothing was owed. */
export type ComplianceStatus = 'met' | 'shortfall' | 'in_progress';

/** One rule's result for one county or teacher and one period, as stored and announced. */
export interface Outcome {
  rule: ComplianceRule;
  period: string;
  countyCode: string;
  subjectType: 'county' | 'teacher';
  subjectId: string;
  schoolId: string | null;
  districtCode: string | null;
  status: ComplianceStatus;
  required: number;
  actual: number;
  /** the numbers behind it, for people (counts, shares, dates) */
  facts: Record<string, string | number | boolean | null>;
  /** one sentence, Chinese and English */
  message: string;
}

export const outcomeKey = (o: Pick<Outcome, 'rule' | 'period' | 'subjectType' | 'subjectId'>) => `${o.rule}|${o.period}|${o.subjectType}|${o.subjectId}`;

export interface Stored {
  status: ComplianceStatus;
  required: number;
  actual: number;
}

/**
 * Against what was stored for the same rule, period and subject: what to write (new or changed) and
 * what to announce — a shortfall when a result becomes short, a restoration when a short one is not
 * any more. A re-run with the same results writes and announces nothing.
 */
export function compareOutcomes(previous: ReadonlyMap<string, Stored>, outcomes: readonly Outcome[]): { write: Outcome[]; shortfalls: Outcome[]; restored: Outcome[] } {
  const write: Outcome[] = [];
  const shortfalls: Outcome[] = [];
  const restored: Outcome[] = [];
  for (const o of outcomes) {
    const before = previous.get(outcomeKey(o));
    if (before && before.status === o.status && before.required === o.required && before.actual === o.actual) continue;
    write.push(o);
    if (o.status === 'shortfall' && before?.status !== 'shortfall') shortfalls.push(o);
    if (o.status !== 'shortfall' && before?.status === 'shortfall') restored.push(o);
  }
  return { write, shortfalls, restored };
}
