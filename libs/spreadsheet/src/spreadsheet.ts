import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * Reading and writing the spreadsheets HR officers keep their rosters in (.xlsx and .csv), through
 * exceljs. Cells come back as trimmed strings keyed by column; turning them into typed values is the
 * importer's job, so every problem can be reported with its row and column.
 */
export type SpreadsheetFormat = 'xlsx' | 'csv';

export interface SheetRow {
  /** 1-based row number as the officer sees it in Excel (the header is row 1) */
  row: number;
  values: Record<string, string>;
}

export interface ColumnSpec {
  key: string;
  /** accepted header texts, e.g. ['staffNo', '工号'] */
  headers: string[];
  required: boolean;
}

export class SpreadsheetError extends Error {}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv';

export function formatOf(contentType: string | undefined): SpreadsheetFormat | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === XLSX_MIME) return 'xlsx';
  if (type === CSV_MIME || type === 'application/csv') return 'csv';
  return null;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value && value.result !== undefined) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value).trim();
}

/** Reads the first worksheet: row 1 names the columns, every non-empty row after it is data. */
export async function readRows(data: Buffer, format: SpreadsheetFormat, columns: readonly ColumnSpec[], maxRows = 50000): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    if (format === 'xlsx') {
      await workbook.xlsx.load(data as unknown as ArrayBuffer);
      sheet = workbook.worksheets[0];
    } else {
      // Excel saves CSV with a BOM; exceljs would keep it in the first header.
      const text = data.toString('utf8').replace(/^\uFEFF/, '');
      // Refuse an oversized file before parsing it (lines are an upper bound on rows).
      const lines = text.split('\n').filter((l) => l.trim() !== '').length;
      if (lines - 1 > maxRows) throw new SpreadsheetError(`the file has ${lines - 1} data rows; at most ${maxRows} at a time`);
      sheet = await workbook.csv.read(Readable.from([text]), { parserOptions: { trim: true } } as never);
    }
  } catch (err) {
    throw new SpreadsheetError(`cannot read the file as ${format}: ${(err as Error).message}`);
  }
  if (!sheet || sheet.rowCount === 0) throw new SpreadsheetError('the file has no rows');
  if (sheet.rowCount - 1 > maxRows) throw new SpreadsheetError(`the file has ${sheet.rowCount - 1} data rows; at most ${maxRows} at a time`);

  const header = sheet.getRow(1);
  const byColumn = new Map<number, string>();
  const unknown: string[] = [];
  header.eachCell({ includeEmpty: false }, (cell, col) => {
    const text = cellText(cell.value);
    const spec = columns.find((c) => c.headers.some((h) => h.toLowerCase() === text.toLowerCase()));
    if (spec) byColumn.set(col, spec.key);
    else if (text) unknown.push(text);
  });
  if (unknown.length) throw new SpreadsheetError(`unknown column(s): ${unknown.join(', ')}; expected ${columns.map((c) => c.headers.join('/')).join(', ')}`);
  const missing = columns.filter((c) => c.required && ![...byColumn.values()].includes(c.key));
  if (missing.length) throw new SpreadsheetError(`missing column(s): ${missing.map((c) => c.headers.join('/')).join(', ')}`);

  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Record<string, string> = {};
    for (const [col, key] of byColumn) values[key] = cellText(row.getCell(col).value);
    if (Object.values(values).some((v) => v !== '')) rows.push({ row: rowNumber, values });
  });
  return rows;
}

export interface SheetSpec {
  name: string;
  columns: { header: string; key: string; width?: number }[];
  rows: Record<string, unknown>[];
}

export async function writeWorkbook(sheets: readonly SheetSpec[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Jiangmen teacher staffing';
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = spec.columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? Math.max(12, c.header.length + 4) }));
    sheet.getRow(1).font = { bold: true };
    sheet.addRows(spec.rows);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
