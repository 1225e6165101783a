import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { SheetRow } from '@app/spreadsheet';
import { parseRow, type RowError } from './import-rows';
import type { Teacher } from '../../teachers/domain/teacher';
import { TEACHER_COLUMNS } from '../../teachers/infrastructure/teacher.repository.sql';

/**
 * The county's teachers named in a sheet, by staff number, locked for the import's transaction (in id
 * order, so two imports cannot deadlock) so that their records change one writer at a time.
 */
export async function lockTeachersByStaffNo(m: EntityManager, countyCode: string, staffNos: readonly string[]): Promise<Map<string, Teacher>> {
  const rows: Teacher[] = await m.query(
    `SELECT ${TEACHER_COLUMNS} FROM staffing.teachers t WHERE t.county_code = $1 AND t.staff_no = ANY($2) ORDER BY t.id FOR UPDATE`,
    [countyCode, [...new Set(staffNos)]],
  );
  return new Map(rows.map((t) => [t.staffNo, t]));
}

/** A cell naming one of `values` by its code or its Chinese name (plus a few synonyms officers use). */
export function namedValue<const V extends readonly [string, ...string[]]>(values: V, names: Record<V[number], string>, synonyms: Record<string, V[number]> = {}) {
  const byName = new Map<string, string>([...Object.entries(names).map(([code, name]) => [name as string, code] as [string, string]), ...Object.entries(synonyms)]);
  return z.preprocess(
    (v) => (typeof v === 'string' ? (byName.get(v.trim()) ?? v.trim()) : v),
    z.enum(values, { error: `must be one of ${values.map((v) => `${v} (${names[v as V[number]]})`).join(', ')}` }),
  );
}

/**
 * A sheet of rows about the county's teachers (keyed by 工号): each row parsed, its teacher found and locked;
 * rows that do not parse or name no teacher of the county come back as errors with their row and column.
 */
export async function teacherRows<S extends z.ZodType<{ staffNo: string }>>(
  m: EntityManager,
  countyCode: string,
  schema: S,
  rows: readonly SheetRow[],
): Promise<{ errors: RowError[]; rows: { row: number; value: z.infer<S>; teacher: Teacher }[]; teachers: Map<string, Teacher> }> {
  const errors: RowError[] = [];
  const parsed: { row: number; value: z.infer<S> }[] = [];
  for (const row of rows) {
    const r = parseRow(schema, row);
    if ('errors' in r) errors.push(...r.errors);
    else parsed.push({ row: row.row, value: r.value });
  }
  const teachers = await lockTeachersByStaffNo(m, countyCode, parsed.map((p) => p.value.staffNo));
  const found: { row: number; value: z.infer<S>; teacher: Teacher }[] = [];
  for (const p of parsed) {
    const teacher = teachers.get(p.value.staffNo);
    if (teacher) found.push({ ...p, teacher });
    else errors.push({ row: p.row, column: 'staffNo', message: `no teacher with staff number ${p.value.staffNo} in ${countyCode}` });
  }
  return { errors, rows: found, teachers };
}
