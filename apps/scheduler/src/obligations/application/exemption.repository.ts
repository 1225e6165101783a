import type { EntityManager } from 'typeorm';

export interface RecordedExemptionRow {
  id: string;
  teacherId: string;
  countyCode: string;
  reason: string;
  from: string;
  until: string;
  recordedBy: string;
  recordedAt: string;
}

/** Exemptions county HR recorded (health, maternity, secondment…), with their reason and dates. */
export abstract class ExemptionRepository {
  abstract insert(m: EntityManager, e: Omit<RecordedExemptionRow, 'id' | 'recordedAt'>): Promise<RecordedExemptionRow>;
  abstract list(m: EntityManager, countyCode: string | undefined, limit: number, offset: number): Promise<RecordedExemptionRow[]>;
  /** is the teacher one of the county's, in the scheduler's read model? */
  abstract teacherInCounty(m: EntityManager, teacherId: string, countyCode: string): Promise<boolean>;
}

export interface ObligationRow {
  id: string;
  rule: string;
  teacherId: string;
  countyCode: string;
  severity: string;
  dueBy: string;
  facts: unknown;
  status: string;
  raisedAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

export interface ObligationFilter {
  countyCode?: string;
  rule?: string;
  severity?: string;
  status: 'open' | 'resolved';
  limit: number;
  offset: number;
}

export abstract class ObligationRepository {
  abstract list(m: EntityManager, f: ObligationFilter): Promise<{ items: ObligationRow[]; total: number }>;
}
