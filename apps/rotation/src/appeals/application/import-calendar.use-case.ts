import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { Actor } from '@app/audit';
import type { CalendarDay, CalendarYearStatus } from '@app/policy';
import { cell, cellType, parseRow, RowsRejected, type ColumnSpec, type RowError, type SheetRow } from '@app/spreadsheet';
import { WorkingCalendarService, type CalendarYearView } from './working-calendar.use-case';

/** A year's calendar as a sheet: one row per day listed in the State Council's notice. */
export const CALENDAR_IMPORT_COLUMNS: ColumnSpec[] = [
  { key: 'date', headers: ['date', '日期'], required: true },
  { key: 'kind', headers: ['kind', '类型'], required: true },
  { key: 'name', headers: ['name', '名称', '节日'], required: true },
];

const KINDS: Record<string, 'holiday' | 'workday'> = {
  holiday: 'holiday',
  放假: 'holiday',
  休: 'holiday',
  假: 'holiday',
  workday: 'workday',
  上班: 'workday',
  调休上班: 'workday',
  班: 'workday',
};

const rowSchema = z.object({
  date: cell.required(cellType.date()),
  kind: cell.required(z.preprocess((v) => KINDS[String(v).trim().toLowerCase()] ?? v, z.enum(['holiday', 'workday'], { error: 'must be holiday (放假) or workday (上班)' }))),
  name: cell.required(cellType.text(100)),
});

/**
 * The city administrator's import of a year's holidays and adjusted working days (日期, 类型 放假/上班, 名称),
 * with the notice as the source: every row checked, then the year's checks (calendarYearProblems), all or
 * nothing; a dry run shows what would be saved.
 */
@Injectable()
export class ImportCalendar {
  constructor(private readonly calendar: WorkingCalendarService) {}

  async execute(actor: Actor, o: { year: number; status: CalendarYearStatus; source: string; version: number; dryRun: boolean }, rows: SheetRow[]): Promise<{ rows: number; dryRun: boolean; year: CalendarYearView }> {
    const errors: RowError[] = [];
    const holidays: CalendarDay[] = [];
    const workdays: CalendarDay[] = [];
    for (const row of rows) {
      const parsed = parseRow(rowSchema, row);
      if ('errors' in parsed) {
        errors.push(...parsed.errors);
        continue;
      }
      const v = parsed.value;
      if (Number(v.date.slice(0, 4)) !== o.year) {
        errors.push({ row: row.row, column: 'date', message: `is not in ${o.year}` });
        continue;
      }
      (v.kind === 'holiday' ? holidays : workdays).push({ date: v.date, name: v.name });
    }
    if (errors.length) throw new RowsRejected('ROTATION.IMPORT_REJECTED', errors, rows.length);
    const year = await this.calendar.setYear(actor, { year: o.year, status: o.status, source: o.source, holidays, workdays }, o.version, o.dryRun);
    return { rows: rows.length, dryRun: o.dryRun, year };
  }
}
