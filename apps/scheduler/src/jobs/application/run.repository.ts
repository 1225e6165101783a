import type { EntityManager } from 'typeorm';

export interface RunRow {
  id: string;
  job: string;
  countyCode: string | null;
  asOf: string;
  dryRun: boolean;
  status: 'running' | 'completed' | 'failed';
  attempts: number;
  startedAt: string;
  finishedAt: string | null;
  summary?: unknown;
  error: string | null;
}

/** Job runs as operators see them: a run and each of its counties (deterministic ids: a rerun is the same run). */
export abstract class RunRepository {
  abstract start(m: EntityManager, id: string, job: string, countyCode: string | null, asOf: string, dryRun: boolean): Promise<void>;
  abstract finish(m: EntityManager, id: string, status: 'completed' | 'failed', summary: unknown, error: string | null): Promise<void>;
  abstract find(m: EntityManager, id: string): Promise<RunRow | null>;
  abstract list(m: EntityManager, f: { job?: string; countyCode?: string; limit: number; offset: number }): Promise<RunRow[]>;
  /** the counties and errors of county runs, by id */
  abstract counties(m: EntityManager, ids: readonly string[]): Promise<{ id: string; countyCode: string; error: string | null }[]>;
}

export interface TermRow {
  countyCode: string;
  schoolYear: number;
  term: 'autumn' | 'spring';
  endsOn: string;
}

/** Each county's term calendar (editable data). */
export abstract class TermRepository {
  abstract list(m: EntityManager, countyCode: string): Promise<TermRow[]>;
  /** sets a term's end; returns the term before (null when it was not set) and after */
  abstract set(m: EntityManager, t: TermRow): Promise<{ before: TermRow | null; after: TermRow }>;
  /** the term of the county that ends on the date, if any */
  abstract endingOn(m: EntityManager, countyCode: string, date: string): Promise<Pick<TermRow, 'schoolYear' | 'term'> | null>;
  /** counties whose term ends on the date (one county, or all) */
  abstract countiesEndingOn(m: EntityManager, date: string, countyCode: string | undefined): Promise<string[]>;
}
