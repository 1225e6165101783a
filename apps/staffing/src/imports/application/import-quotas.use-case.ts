import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { PostQuotaSet } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import type { ColumnSpec, SheetRow } from '@app/spreadsheet';
import { POST_CATEGORIES } from '../../posts/domain/post';
import { cell, cellType as t, ImportRejected, parseRow, assertRows, type RowError } from './import-rows';
import type { ImportSummary } from './import-teachers.use-case';

export const QUOTA_IMPORT_COLUMNS: ColumnSpec[] = [
  { key: 'schoolCode', headers: ['schoolCode', '学校代码'], required: true },
  { key: 'subjectCode', headers: ['subjectCode', '学科'], required: false },
  { key: 'category', headers: ['category', '岗位类别'], required: true },
  { key: 'schoolYear', headers: ['schoolYear', '学年'], required: true },
  { key: 'approvedHeadcount', headers: ['approvedHeadcount', '核定人数'], required: true },
];

const rowSchema = z
  .object({
    schoolCode: cell.required(t.text(32)),
    subjectCode: cell.optional(t.text(32)),
    category: cell.required(z.enum(POST_CATEGORIES)),
    schoolYear: cell.required(t.int(2000, 2100)),
    approvedHeadcount: cell.required(t.int(0, 10000)),
  })
  .refine((r) => r.category !== 'teacher' || !!r.subjectCode, { path: ['subjectCode'], message: 'a teacher post has a subject' });

/**
 * Sets approved headcounts from a sheet (creating posts that do not exist yet), all or nothing.
 * A quota below the teachers already holding the post is allowed — the county may shrink a post —
 * but reported in the summary so the officer sees the over-staffed posts.
 */
@Injectable()
export class ImportQuotas {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
  ) {}

  async execute(actor: Actor, countyCode: string, rows: SheetRow[], dryRun: boolean): Promise<ImportSummary> {
    assertRows(rows, 'quotas');
    return this.uow.run(async (m) => {
      const errors: RowError[] = [];
      const schools = new Map<string, string>((await m.query(`SELECT code, id FROM staffing.schools WHERE county_code = $1`, [countyCode])).map((s: { code: string; id: string }) => [s.code, s.id]));
      const subjects = new Set<string>((await m.query(`SELECT code FROM staffing.subjects`)).map((r: { code: string }) => r.code));
      const seen = new Map<string, number>();
      const lines: { schoolId: string; subjectCode: string | null; category: string; schoolYear: number; approvedHeadcount: number }[] = [];
      for (const row of rows) {
        const r = parseRow(rowSchema, row);
        if ('errors' in r) {
          errors.push(...r.errors);
          continue;
        }
        const v = r.value;
        const schoolId = schools.get(v.schoolCode);
        if (!schoolId) errors.push({ row: row.row, column: 'schoolCode', message: `no school with code ${v.schoolCode} in ${countyCode}` });
        const subjectCode = v.subjectCode ?? null;
        if (subjectCode && !subjects.has(subjectCode)) errors.push({ row: row.row, column: 'subjectCode', message: `unknown subject ${subjectCode}` });
        const key = `${v.schoolCode}|${subjectCode}|${v.category}|${v.schoolYear}`;
        if (seen.has(key)) errors.push({ row: row.row, column: 'schoolYear', message: `the same post and year is also on row ${seen.get(key)}` });
        else seen.set(key, row.row);
        if (schoolId) lines.push({ schoolId, subjectCode, category: v.category, schoolYear: v.schoolYear, approvedHeadcount: v.approvedHeadcount });
      }
      if (errors.length) throw new ImportRejected(errors.sort((a, b) => a.row - b.row), rows.length);
      const newPosts = dryRun ? 0 : await this.write(m, actor, countyCode, lines);
      const written: Record<string, number> = dryRun ? { quotas: lines.length } : { quotas: lines.length, newPosts };
      return { rows: rows.length, dryRun, written };
    });
  }

  private async write(m: EntityManager, actor: Actor, countyCode: string, lines: { schoolId: string; subjectCode: string | null; category: string; schoolYear: number; approvedHeadcount: number }[]): Promise<number> {
    const created: { id: string }[] = await m.query(
      `INSERT INTO staffing.posts (school_id, subject_code, category)
       SELECT DISTINCT * FROM unnest($1::uuid[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING RETURNING id`,
      [lines.map((l) => l.schoolId), lines.map((l) => l.subjectCode), lines.map((l) => l.category)],
    );
    const changed: { post_id: string; school_year: number; before: number | null; after: number }[] = await m.query(
      `WITH input AS (
         SELECT p.id AS post_id, x.school_year, x.headcount FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::int[]) AS x(school_id, subject_code, category, school_year, headcount)
           JOIN staffing.posts p ON p.school_id = x.school_id AND p.subject_code IS NOT DISTINCT FROM x.subject_code AND p.category = x.category
       ), old AS (
         SELECT q.post_id, q.school_year, q.approved_headcount FROM staffing.post_quotas q JOIN input i USING (post_id, school_year) FOR UPDATE OF q
       ), up AS (
         INSERT INTO staffing.post_quotas (post_id, school_year, approved_headcount) SELECT post_id, school_year, headcount FROM input
         ON CONFLICT (post_id, school_year) DO UPDATE SET approved_headcount = EXCLUDED.approved_headcount RETURNING post_id, school_year, approved_headcount
       )
       SELECT up.post_id, up.school_year, old.approved_headcount AS before, up.approved_headcount AS after FROM up LEFT JOIN old USING (post_id, school_year)`,
      [lines.map((l) => l.schoolId), lines.map((l) => l.subjectCode), lines.map((l) => l.category), lines.map((l) => l.schoolYear), lines.map((l) => l.approvedHeadcount)],
    );
    const posts: { id: string; school_id: string; subject_code: string | null; category: 'teacher' | 'leader' | 'researcher' }[] = await m.query(
      `SELECT id, school_id, subject_code, category FROM staffing.posts WHERE id = ANY($1)`,
      [[...new Set(changed.map((c) => c.post_id))]],
    );
    const postById = new Map(posts.map((p) => [p.id, p]));
    await this.outbox.addAll(
      m,
      changed.map((c) => {
        const p = postById.get(c.post_id)!;
        return {
          contract: PostQuotaSet,
          data: { postId: c.post_id, schoolId: p.school_id, countyCode, subjectCode: p.subject_code, category: p.category, schoolYear: c.school_year, approvedHeadcount: c.after },
        };
      }),
    );
    // Quota changes invalidate any hire in flight that read the old numbers.
    await m.query(`UPDATE staffing.posts SET version = version + 1 WHERE id = ANY($1)`, [[...new Set(changed.map((c) => c.post_id))]]);
    await this.audit.recordMany(
      m,
      changed.map((c) => ({
        actor,
        countyCode,
        action: 'quota.import',
        entityType: 'post',
        entityId: c.post_id,
        before: c.before === null ? null : { schoolYear: c.school_year, approvedHeadcount: c.before },
        after: { schoolYear: c.school_year, approvedHeadcount: c.after },
      })),
    );
    return created.length;
  }
}
