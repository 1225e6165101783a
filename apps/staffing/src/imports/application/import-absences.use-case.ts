import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ABSENCE_KINDS } from '@app/contracts';
import type { Actor } from '@app/audit';
import { DomainError } from '@app/platform';
import { UnitOfWork } from '@app/runtime';
import type { ColumnSpec, SheetRow } from '@app/spreadsheet';
import { AbsenceRepository } from '../../absences/application/absence.repository';
import { ManageAbsences } from '../../absences/application/manage-absences.use-case';
import { ABSENCE_KIND_NAMES, checkAbsence, type Absence } from '../../absences/domain/absence';
import type { Teacher } from '../../teachers/domain/teacher';
import { cell, cellType as t, ImportRejected, ruleError } from './import-rows';
import type { ImportSummary } from './import-teachers.use-case';
import { namedValue, teacherRows } from './import-support';

export const ABSENCE_IMPORT_COLUMNS: ColumnSpec[] = [
  { key: 'staffNo', headers: ['staffNo', '工号'], required: true },
  { key: 'kind', headers: ['kind', '缺勤类型'], required: true },
  { key: 'startDate', headers: ['startDate', '开始日期'], required: true },
  { key: 'endDate', headers: ['endDate', '结束日期'], required: false },
  { key: 'reason', headers: ['reason', '原因'], required: false },
];

const rowSchema = z
  .object({
    staffNo: cell.required(t.text(32)),
    kind: cell.required(namedValue(ABSENCE_KINDS, ABSENCE_KIND_NAMES, { 事假: 'unpaid_leave', 病假: 'paid_leave', 停薪留职: 'unpaid_leave', 进修: 'study_leave' })),
    startDate: cell.required(t.date()),
    endDate: cell.optional(t.date()),
    reason: cell.orDefault(t.text(500), 'spreadsheet import'),
  })
  .refine((r) => !r.endDate || r.endDate >= r.startDate, { path: ['endDate'], message: 'must not be before the start date' });

/**
 * Absences from a sheet (工号, 缺勤类型, 开始日期, 结束日期), all or nothing: each row is checked against the
 * teacher's recorded absences and the sheet's earlier rows. Emits staffing.AbsenceRecorded.v1 per row.
 */
@Injectable()
export class ImportAbsences {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly absences: AbsenceRepository,
    private readonly manage: ManageAbsences,
  ) {}

  async execute(actor: Actor, countyCode: string, rows: SheetRow[], dryRun: boolean): Promise<ImportSummary> {
    return this.uow.run(async (m) => {
      const { errors, rows: found } = await teacherRows(m, countyCode, rowSchema, rows);
      const known = new Map<string, Absence[]>();
      const planned: { teacher: Teacher; absence: Omit<Absence, 'id' | 'version' | 'status'> }[] = [];
      const columns = ABSENCE_IMPORT_COLUMNS.map((c) => c.key);
      for (const { row, value, teacher } of found) {
        if (!known.has(teacher.id)) known.set(teacher.id, await this.absences.forTeacher(m, teacher.id));
        const absence = { teacherId: teacher.id, kind: value.kind, startDate: value.startDate, endDate: value.endDate ?? null, reason: value.reason };
        try {
          checkAbsence(absence, known.get(teacher.id)!, teacher);
          known.get(teacher.id)!.push({ ...absence, id: `row-${row}`, status: 'active', version: 1 });
          planned.push({ teacher, absence });
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          errors.push(ruleError(row, err, columns));
        }
      }
      if (errors.length) throw new ImportRejected(errors.sort((a, b) => a.row - b.row), rows.length);
      if (!dryRun) for (const p of planned) await this.manage.record(m, actor, p.teacher, p.absence);
      return { rows: rows.length, dryRun, written: { absences: planned.length } };
    });
  }
}
