import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ESTABLISHMENT_TYPES } from '@app/contracts';
import type { Actor } from '@app/audit';
import { DomainError } from '@app/platform';
import { UnitOfWork } from '@app/runtime';
import type { ColumnSpec, SheetRow } from '@app/spreadsheet';
import { EstablishmentRepository } from '../../establishment/application/establishment.repository';
import { RecordEstablishment } from '../../establishment/application/record-establishment.use-case';
import { ESTABLISHMENT_TYPE_NAMES, planEstablishmentEntry, type EstablishmentEntry } from '../../establishment/domain/establishment';
import type { Teacher } from '../../teachers/domain/teacher';
import { cell, cellType as t, ImportRejected, ruleError } from './import-rows';
import type { ImportSummary } from './import-teachers.use-case';
import { namedValue, teacherRows } from './import-support';

export const ESTABLISHMENT_IMPORT_COLUMNS: ColumnSpec[] = [
  { key: 'staffNo', headers: ['staffNo', '工号'], required: true },
  { key: 'type', headers: ['establishmentType', '编制类型'], required: true },
  { key: 'effectiveFrom', headers: ['effectiveFrom', '生效日期'], required: true },
  { key: 'reason', headers: ['reason', '原因'], required: false },
];

const rowSchema = z.object({
  staffNo: cell.required(t.text(32)),
  type: cell.required(namedValue(ESTABLISHMENT_TYPES, ESTABLISHMENT_TYPE_NAMES, { 合同: 'contract' })),
  effectiveFrom: cell.required(t.date()),
  reason: cell.orDefault(t.text(500), 'spreadsheet import'),
});

/**
 * Establishment types from a sheet (工号, 编制类型, 生效日期), all or nothing: each row is checked against the
 * teacher's history and the sheet's earlier rows before anything is written; a row from the same date as an
 * existing entry corrects it. Emits staffing.EstablishmentTypeRecorded.v1 per row.
 */
@Injectable()
export class ImportEstablishment {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly establishment: EstablishmentRepository,
    private readonly recorder: RecordEstablishment,
  ) {}

  async execute(actor: Actor, countyCode: string, rows: SheetRow[], dryRun: boolean): Promise<ImportSummary> {
    return this.uow.run(async (m) => {
      const { errors, rows: found } = await teacherRows(m, countyCode, rowSchema, rows);
      const histories = new Map<string, EstablishmentEntry[]>();
      const planned: { teacher: Teacher; value: z.infer<typeof rowSchema> }[] = [];
      const columns = ESTABLISHMENT_IMPORT_COLUMNS.map((c) => c.key);
      for (const { row, value, teacher } of found) {
        if (!histories.has(teacher.id)) histories.set(teacher.id, await this.establishment.history(m, teacher.id));
        const history = histories.get(teacher.id)!;
        try {
          const { supersedes } = planEstablishmentEntry(history, value, teacher);
          // The sheet's later rows see this one, as they will once it is written.
          const entry: EstablishmentEntry = { id: `row-${row}`, teacherId: teacher.id, ...value, supersededBy: null, recordedBy: actor.subject, recordedAt: '' };
          histories.set(teacher.id, [...history.map((e) => (e === supersedes ? { ...e, supersededBy: entry.id } : e)), entry]);
          planned.push({ teacher, value });
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          errors.push(ruleError(row, err, columns));
        }
      }
      if (errors.length) throw new ImportRejected(errors.sort((a, b) => a.row - b.row), rows.length);
      if (!dryRun) {
        for (const p of planned) await this.recorder.record(m, actor, p.teacher, p.value);
        const touched = [...new Set(planned.map((p) => p.teacher.id))];
        await m.query(`UPDATE staffing.teachers SET establishment_version = establishment_version + 1 WHERE id = ANY($1)`, [touched]);
      }
      return { rows: rows.length, dryRun, written: { establishmentEntries: planned.length } };
    });
  }
}
