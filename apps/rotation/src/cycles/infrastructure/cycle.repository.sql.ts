import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { CycleRepository } from '../application/cycle.repository';
import type { Cycle } from '../domain/cycle';

const COLUMNS = `id, county_code AS "countyCode", school_year AS "schoolYear", state, preference_deadline AS "preferenceDeadline", effective_date AS "effectiveDate",
  proposed_plan_id AS "proposedPlanId", version`;

@Injectable()
export class SqlCycleRepository extends CycleRepository {
  async insert(m: EntityManager, c: Omit<Cycle, 'id' | 'version'>): Promise<Cycle | null> {
    const [row] = await m.query(
      `INSERT INTO rotation.cycles (county_code, school_year, state, preference_deadline, effective_date) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (county_code, school_year) DO NOTHING RETURNING ${COLUMNS}`,
      [c.countyCode, c.schoolYear, c.state, c.preferenceDeadline, c.effectiveDate],
    );
    return row ?? null;
  }

  async findById(m: EntityManager, id: string): Promise<Cycle | null> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM rotation.cycles WHERE id = $1`, [id]);
    return row ?? null;
  }

  async list(m: EntityManager, countyCode: string | undefined): Promise<Cycle[]> {
    return m.query(`SELECT ${COLUMNS} FROM rotation.cycles WHERE ($1::text IS NULL OR county_code = $1) ORDER BY school_year DESC, county_code`, [countyCode ?? null]);
  }

  async save(m: EntityManager, c: Cycle, expectedVersion: number): Promise<Cycle | null> {
    const [row] = await updateReturning<Cycle>(
      m,
      `UPDATE rotation.cycles SET state = $3, preference_deadline = $4, proposed_plan_id = $5, version = version + 1 WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
      [c.id, expectedVersion, c.state, c.preferenceDeadline, c.proposedPlanId],
    );
    return row ?? null;
  }
}
