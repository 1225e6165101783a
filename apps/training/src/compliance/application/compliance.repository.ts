import type { EntityManager } from 'typeorm';
import type { ComplianceRule } from '../domain/outcome';
import type { Outcome, Stored } from '../domain/outcome';

export interface ResultFilter {
  countyCode?: string;
  rule?: ComplianceRule;
  period?: string;
  status?: string;
  schoolId?: string;
  subjectId?: string;
  limit: number;
  offset: number;
}

export interface StoredOutcome extends Outcome {
  evaluatedOn: string;
  changedAt: string;
}

/** A stored result as listed: with the teacher's name and staff number and the school's name, where known. */
export interface ListedOutcome extends StoredOutcome {
  name: string | null;
  staffNo: string | null;
  schoolName: string | null;
}

export interface SummaryRow {
  level: string;
  key: string | null;
  rule: ComplianceRule;
  period: string;
  met: number;
  shortfall: number;
  inProgress: number;
  /** the school's name when grouped by school */
  name: string | null;
}

/** Port: compliance results per rule, period and subject, and the evaluations that wrote them. */
export abstract class ComplianceRepository {
  abstract stored(m: EntityManager, countyCode: string, rules: readonly ComplianceRule[], periods: readonly string[]): Promise<Map<string, Stored>>;
  abstract write(m: EntityManager, outcomes: readonly Outcome[], evaluatedOn: string): Promise<void>;
  abstract recordRun(m: EntityManager, run: { countyCode: string; kind: string; period: string; asOf: string; trigger: string; results: number; written: number; shortfalls: number; restored: number }): Promise<void>;
  abstract list(m: EntityManager, f: ResultFilter): Promise<{ items: ListedOutcome[]; total: number }>;
  abstract summary(m: EntityManager, countyCode: string | undefined, period: string | undefined, groupBy: 'county' | 'district' | 'school'): Promise<SummaryRow[]>;
  abstract forTeacher(m: EntityManager, teacherId: string): Promise<StoredOutcome[]>;
}
