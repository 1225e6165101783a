import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CalendarYear } from '@app/policy';
import { WorkingCalendarRepository, type EnteredYear } from '../application/working-calendar.repository';

const COLUMNS = `year, version, status, source, holidays, workdays, entered_by AS "enteredBy", entered_at AS "enteredAt"`;

@Injectable()
export class SqlWorkingCalendarRepository extends WorkingCalendarRepository {
  async latest(m: EntityManager): Promise<EnteredYear[]> {
    return m.query(`SELECT DISTINCT ON (year) ${COLUMNS} FROM rotation.calendar_years ORDER BY year, version DESC`);
  }

  async history(m: EntityManager, year: number): Promise<EnteredYear[]> {
    return m.query(`SELECT ${COLUMNS} FROM rotation.calendar_years WHERE year = $1 ORDER BY version DESC`, [year]);
  }

  async insert(m: EntityManager, y: CalendarYear, version: number, enteredBy: string): Promise<EnteredYear | null> {
    const [row] = await m.query(
      `INSERT INTO rotation.calendar_years (year, version, status, source, holidays, workdays, entered_by) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)
       ON CONFLICT (year, version) DO NOTHING RETURNING ${COLUMNS}`,
      [y.year, version, y.status, y.source, JSON.stringify(y.holidays), JSON.stringify(y.workdays), enteredBy],
    );
    return row ?? null;
  }
}
