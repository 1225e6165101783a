import { z } from 'zod';
import { isoDate, workloadShare } from '@app/contracts';
import { DomainError } from '@app/platform';
import type { SheetRow } from '@app/spreadsheet';

/** One problem in an uploaded sheet, where the officer can find it. */
export interface RowError {
  row: number;
  column: string | null;
  message: string;
}

export class ImportRejected extends DomainError {
  constructor(readonly errors: RowError[], rows: number) {
    super('STAFFING.IMPORT_REJECTED', 'invalid', `${errors.length} problem(s) in ${rows} row(s); nothing was written`, { errors: errors.slice(0, 1000), total: errors.length });
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
