/**
 * Importers' shared row checks: cell texts to typed values with zod, every problem reported with its
 * row and column, so a sheet is written all or nothing (staffing's and training's imports).
 */
import { z } from 'zod';
import { isoDate, workloadShare } from '@app/contracts';
import { DomainError } from '@app/errors';
import { formatOf, readRows, SpreadsheetError, CSV_MIME, XLSX_MIME, type ColumnSpec, type SheetRow } from './spreadsheet';

/** One problem in an uploaded sheet, where the officer can find it. */
export interface RowError {
  row: number;
  column: string | null;
  message: string;
}

/** A sheet with problems: nothing was written. Each service names it with its own code (STAFFING.IMPORT_REJECTED…). */
export class RowsRejected extends DomainError {
  constructor(
    code: string,
    readonly errors: RowError[],
    rows: number,
  ) {
    super(code, 'invalid', `${errors.length} problem(s) in ${rows} row(s); nothing was written`, { errors: errors.slice(0, 1000), total: errors.length });
  }
}

/** Cell texts to typed values. An empty cell is absent: wrap a type in required/optional/orDefault. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const toNumber = (v: unknown) => (typeof v === 'string' ? Number(v) : v);
export const cellType = {
  text: (max: number) => z.string().trim().min(1).max(max),
  date: () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-09-01').pipe(isoDate),
  int: (min: number, max: number) => z.preprocess(toNumber, z.number({ error: 'must be a number' }).int().min(min).max(max)),
  share: () => z.preprocess(toNumber, z.number({ error: 'must be a number' }).pipe(workloadShare)),
  bool: () =>
    z.preprocess((v) => {
      const t = String(v).trim().toLowerCase();
      if (['true', 'yes', 'y', '1', '是'].includes(t)) return true;
      if (['false', 'no', 'n', '0', '否'].includes(t)) return false;
      return v;
    }, z.boolean({ error: 'must be yes/no (是/否)' })),
  list: () => z.preprocess((v) => String(v).split(/[,，;；、\s]+/).filter(Boolean), z.array(z.string())),
};
export const cell = {
  required: <T extends z.ZodType>(t: T) => z.preprocess(blankToUndefined, t),
  optional: <T extends z.ZodType>(t: T) => z.preprocess(blankToUndefined, t.optional()),
  orDefault: <T extends z.ZodType>(t: T, fallback: z.util.NoUndefined<z.core.output<T>>) => z.preprocess(blankToUndefined, t.default(fallback)),
};

export function parseRow<S extends z.ZodType>(schema: S, row: SheetRow): { value: z.infer<S> } | { errors: RowError[] } {
  const nul = Object.entries(row.values).filter(([, v]) => v.includes('\u0000'));
  if (nul.length) return { errors: nul.map(([column]) => ({ row: row.row, column, message: 'may not contain NUL characters' })) };
  const result = schema.safeParse(row.values);
  if (result.success) return { value: result.data };
  return {
    errors: result.error.issues.map((i) => ({
      row: row.row,
      column: i.path.length ? String(i.path[0]) : null,
      message: i.code === 'invalid_type' && / received undefined$/.test(i.message) ? 'is required' : i.message,
    })),
  };
}

/** A domain rule broken by one row, reported against the column its details name (if any). */
export function ruleError(row: number, err: DomainError, columns: readonly string[]): RowError {
  const column = Object.keys(err.details ?? {}).find((k) => columns.includes(k)) ?? null;
  return { row, column, message: err.message };
}

/** An upload that is not a readable sheet (wrong content type, not .xlsx/.csv, unknown or missing columns). */
export class UnreadableUpload extends DomainError {
  constructor(code: string, message: string) {
    super(code, 'invalid', message);
  }
}

/** The rows of an uploaded sheet (the raw request body and its content type), or UnreadableUpload with the service's code. */
export async function uploadedRows(contentType: string | undefined, body: unknown, columns: readonly ColumnSpec[], code: string, maxRows?: number): Promise<SheetRow[]> {
  const format = formatOf(contentType);
  if (!format || !Buffer.isBuffer(body)) throw new UnreadableUpload(code, `send the file as the body with content-type ${XLSX_MIME} or ${CSV_MIME}`);
  try {
    return await readRows(body, format, columns, maxRows);
  } catch (err) {
    if (err instanceof SpreadsheetError) throw new UnreadableUpload(code, err.message);
    throw err;
  }
}
