import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AuditTrail, type Actor } from '@app/audit';
import { DomainError } from '@app/platform';
import { UnitOfWork } from '@app/runtime';
import type { ColumnSpec, SheetRow } from '@app/spreadsheet';
import { assertRows, cell, cellType as t, ImportRejected, parseRow, ruleError, type RowError } from '../../imports/application/import-rows';
import type { ImportSummary } from '../../imports/application/import-teachers.use-case';
import { KindergartenRepository } from './kindergarten.repository';
import { ManageKindergartens } from './manage-kindergartens.use-case';

export const PAIRING_IMPORT_COLUMNS: ColumnSpec[] = [
  { key: 'urbanSchoolCode', headers: ['urbanSchoolCode', '城市幼儿园代码'], required: true },
  { key: 'villageSchoolCode', headers: ['villageSchoolCode', '村级幼儿园代码'], required: true },
  { key: 'from', headers: ['from', '开始日期'], required: true },
  { key: 'until', headers: ['until', '结束日期'], required: false },
];

const rowSchema = z.object({
  urbanSchoolCode: cell.required(t.text(32)),
  villageSchoolCode: cell.required(t.text(32)),
  from: cell.required(t.date()),
  until: cell.optional(t.date()),
});

/**
 * R10 pairings from a sheet, all or nothing: every row goes through the same rules as one pairing
 * entered by hand (inside one transaction, so later rows see earlier ones); on any problem nothing is
 * written and every problem comes back with its row and column.
 */
@Injectable()
export class ImportPairings {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: KindergartenRepository,
    private readonly manage: ManageKindergartens,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, countyCode: string, rows: SheetRow[], dryRun: boolean): Promise<ImportSummary> {
    assertRows(rows, 'pairings');
    const errors: RowError[] = [];
    let written = 0;
    const rollback = new Error('dry run or rejected');
    try {
      await this.uow.run(async (m) => {
        for (const row of rows) {
          const r = parseRow(rowSchema, row);
          if ('errors' in r) {
            errors.push(...r.errors);
            continue;
          }
          const v = r.value;
          const urban = await this.repo.schoolByCode(m, countyCode, v.urbanSchoolCode);
          const village = await this.repo.schoolByCode(m, countyCode, v.villageSchoolCode);
          if (!urban) errors.push({ row: row.row, column: 'urbanSchoolCode', message: `no school with code ${v.urbanSchoolCode} in ${countyCode}` });
          if (!village) errors.push({ row: row.row, column: 'villageSchoolCode', message: `no school with code ${v.villageSchoolCode} in ${countyCode}` });
          if (!urban || !village) continue;
          try {
            await m.query('SAVEPOINT pairing_row');
            const saved = await this.manage.pairIn(m, actor, { urbanSchoolId: urban.id, villageSchoolId: village.id, from: v.from, until: v.until ?? null }, () => undefined);
            await this.audit.record(m, { actor, countyCode, action: 'kindergarten.pair_import', entityType: 'pairing', entityId: saved.id, before: null, after: saved });
            await m.query('RELEASE SAVEPOINT pairing_row');
            written++;
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
            await m.query('ROLLBACK TO SAVEPOINT pairing_row');
            const column = /village/i.test(Object.keys(err.details ?? {}).join()) ? 'villageSchoolCode' : /until|from/.test(Object.keys(err.details ?? {}).join()) ? 'from' : 'urbanSchoolCode';
            errors.push({ ...ruleError(row.row, err, []), column });
          }
        }
        // Nothing stays written unless every row is valid, and a dry run writes nothing at all.
        if (errors.length || dryRun) throw rollback;
      });
    } catch (err) {
      if (err !== rollback) throw err;
      if (errors.length) throw new ImportRejected(errors.sort((a, b) => a.row - b.row), rows.length);
    }
    return { rows: rows.length, dryRun, written: { pairings: written } };
  }
}
