import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RunRepository, TermRepository, type RunRow, type TermRow } from '../application/run.repository';

const RUN = `id, job, county_code AS "countyCode", as_of AS "asOf", dry_run AS "dryRun", status, attempts, started_at AS "startedAt", finished_at AS "finishedAt", error`;
const TERM = `county_code AS "countyCode", school_year AS "schoolYear", term, ends_on AS "endsOn"`;

@Injectable()
export class SqlRunRepository extends RunRepository {
  async start(m: EntityManager, id: string, job: string, countyCode: string | null, asOf: string, dryRun: boolean): Promise<void> {
    await m.query(
      `INSERT INTO scheduler.runs (id, job, county_code, as_of, dry_run, status) VALUES ($1, $2, $3, $4, $5, 'running')
       ON CONFLICT (id) DO UPDATE SET status = 'running', attempts = scheduler.runs.attempts + 1, started_at = now(), finished_at = NULL, error = NULL`,
      [id, job, countyCode, asOf, dryRun],
    );
  }

  async finish(m: EntityManager, id: string, status: 'completed' | 'failed', summary: unknown, error: string | null): Promise<void> {
    await m.query(`UPDATE scheduler.runs SET status = $2, summary = $3::jsonb, error = $4, finished_at = now() WHERE id = $1`, [id, status, summary === null ? null : JSON.stringify(summary), error]);
  }

  async find(m: EntityManager, id: string): Promise<RunRow | null> {
    const [row] = await m.query(`SELECT ${RUN}, summary FROM scheduler.runs WHERE id = $1`, [id]);
    return row ?? null;
  }

  async list(m: EntityManager, f: { job?: string; countyCode?: string; limit: number; offset: number }): Promise<RunRow[]> {
    return m.query(`SELECT ${RUN} FROM scheduler.runs WHERE ($1::text IS NULL OR job = $1) AND ($2::text IS NULL OR county_code = $2) ORDER BY started_at DESC, id LIMIT $3 OFFSET $4`, [
      f.job ?? null,
      f.countyCode ?? null,
      f.limit,
      f.offset,
    ]);
  }

  async counties(m: EntityManager, ids: readonly string[]): Promise<{ id: string; countyCode: string; error: string | null }[]> {
    return m.query(`SELECT id, county_code AS "countyCode", error FROM scheduler.runs WHERE id = ANY($1)`, [ids]);
  }
}

@Injectable()
export class SqlTermRepository extends TermRepository {
  async list(m: EntityManager, countyCode: string): Promise<TermRow[]> {
    return m.query(`SELECT ${TERM} FROM scheduler.terms WHERE county_code = $1 ORDER BY ends_on`, [countyCode]);
  }

  async set(m: EntityManager, t: TermRow): Promise<{ before: TermRow | null; after: TermRow }> {
    const [before] = await m.query(`SELECT ${TERM} FROM scheduler.terms WHERE county_code = $1 AND school_year = $2 AND term = $3 FOR UPDATE`, [t.countyCode, t.schoolYear, t.term]);
    const [after] = await m.query(
      `INSERT INTO scheduler.terms (county_code, school_year, term, ends_on) VALUES ($1, $2, $3, $4)
       ON CONFLICT (county_code, school_year, term) DO UPDATE SET ends_on = EXCLUDED.ends_on RETURNING ${TERM}`,
      [t.countyCode, t.schoolYear, t.term, t.endsOn],
    );
    return { before: before ?? null, after };
  }

  async endingOn(m: EntityManager, countyCode: string, date: string): Promise<Pick<TermRow, 'schoolYear' | 'term'> | null> {
    const [row] = await m.query(`SELECT school_year AS "schoolYear", term FROM scheduler.terms WHERE county_code = $1 AND ends_on = $2`, [countyCode, date]);
    return row ?? null;
  }

  async countiesEndingOn(m: EntityManager, date: string, countyCode: string | undefined): Promise<string[]> {
    const rows = await m.query(`SELECT DISTINCT county_code AS c FROM scheduler.terms WHERE ends_on = $1 AND ($2::text IS NULL OR county_code = $2)`, [date, countyCode ?? null]);
    return rows.map((r: { c: string }) => r.c);
  }
}
