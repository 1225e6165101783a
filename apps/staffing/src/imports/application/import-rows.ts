import { DomainError } from '@app/errors';
import { RowsRejected, type RowError } from '@app/spreadsheet';

export { cell, cellType, parseRow, ruleError, type RowError } from '@app/spreadsheet';

export class ImportRejected extends RowsRejected {
  constructor(errors: RowError[], rows: number) {
    super('STAFFING.IMPORT_REJECTED', errors, rows);
  }
}

export class ImportEmpty extends DomainError {
  constructor(what: string) {
    super(
      'STAFFING.IMPORT_EMPTY',
      'invalid',
      `the file has its header row but no ${what} under it, so nothing was imported: add one row per ${what.replace(/s$/, '')} below the headers and upload it again / 文件只有表头，没有数据行，未导入任何内容`,
      { rows: 0 },
    );
  }
}

/** A sheet must have at least one data row: an upload of headers alone is a mistake worth a sentence, not `{rows: 0}`. */
export function assertRows(rows: readonly unknown[], what: string): void {
  if (rows.length === 0) throw new ImportEmpty(what);
}
