import { parse as parseCsv } from 'csv-parse/sync';
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

/** Maps a header row to column keys, refusing unknown and missing columns. */
function headerKeys(headers: string[], columns: readonly ColumnSpec[]): Map<number, string> {
  const byColumn = new Map<number, string>();
  const unknown: string[] = [];
  headers.forEach((text, col) => {
    const spec = columns.find((c) => c.headers.some((h) => h.toLowerCase() === text.toLowerCase()));
    if (spec) byColumn.set(col, spec.key);
    else if (text) unknown.push(text);
  });
  if (unknown.length) throw new SpreadsheetError(`unknown column(s): ${unknown.join(', ')}; expected ${columns.map((c) => c.headers.join('/')).join(', ')}`);
  const missing = columns.filter((c) => c.required && ![...byColumn.values()].includes(c.key));
  if (missing.length) throw new SpreadsheetError(`missing column(s): ${missing.map((c) => c.headers.join('/')).join(', ')}`);
  return byColumn;
}

/**
 * CSV through csv-parse (exceljs builds a worksheet of cell objects first: ~100 s for 150,000 rows on
 * this machine, against ~2 s); the row number is the line the record ends on, as Excel shows it.
 */
function readCsv(data: Buffer, columns: readonly ColumnSpec[], maxRows: number): SheetRow[] {
  let byColumn: Map<number, string> | null = null;
  const rows: SheetRow[] = [];
  let records = 0;
  try {
    // Each record becomes its SheetRow as it is read, so the raw records are not all kept at once.
    parseCsv(data, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (record: string[], context: { lines: number }) => {
        if (!byColumn) {
          byColumn = headerKeys(record, columns);
          return null;
        }
        if (++records > maxRows) throw new SpreadsheetError(`the file has more than ${maxRows} data rows; at most ${maxRows} at a time`);
        const values: Record<string, string> = {};
        for (const [col, key] of byColumn) values[key] = (record[col] ?? '').trim();
        if (Object.values(values).some((v) => v !== '')) rows.push({ row: context.lines, values });
        return null;
      },
    });
  } catch (err) {
    if (err instanceof SpreadsheetError) throw err;
    throw new SpreadsheetError(`cannot read the file as csv: ${(err as Error).message}`);
  }
  if (!byColumn) throw new SpreadsheetError('the file has no rows');
  return rows;
}

/** Reads the first worksheet: row 1 names the columns, every non-empty row after it is data. */
export async function readRows(data: Buffer, format: SpreadsheetFormat, columns: readonly ColumnSpec[], maxRows = 50000): Promise<SheetRow[]> {
  if (format === 'csv') return readCsv(data, columns, maxRows);
  const workbook = new ExcelJS.Workbook();
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
    sheet = workbook.worksheets[0];
  } catch (err) {
    throw new SpreadsheetError(`cannot read the file as ${format}: ${(err as Error).message}`);
  }
  if (!sheet || sheet.rowCount === 0) throw new SpreadsheetError('the file has no rows');
  if (sheet.rowCount - 1 > maxRows) throw new SpreadsheetError(`the file has ${sheet.rowCount - 1} data rows; at most ${maxRows} at a time`);

  const headers: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: false }, (cell, col) => (headers[col - 1] = cellText(cell.value)));
  const byColumn = headerKeys(Array.from(headers, (h) => h ?? ''), columns);

  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Record<string, string> = {};
    for (const [col, key] of byColumn) values[key] = cellText(row.getCell(col + 1).value);
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

/** One sheet as CSV (UTF-8 with a BOM, so Excel shows Chinese headers and names as they are). */
export async function writeCsv(spec: SheetSpec): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(spec.name);
  sheet.columns = spec.columns.map((c) => ({ header: c.header, key: c.key }));
  sheet.addRows(spec.rows);
  const body = Buffer.from(await workbook.csv.writeBuffer());
  return Buffer.concat([Buffer.from('\uFEFF', 'utf8'), body]);
}
