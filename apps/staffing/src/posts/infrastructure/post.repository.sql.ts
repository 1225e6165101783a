import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { PostRepository, type SchoolVacancies } from '../application/post.repository';
import type { Post, PostCategory, QuotaToCarry, Vacancy } from '../domain/post';

const POST_COLUMNS = `id, school_id AS "schoolId", subject_code AS "subjectCode", category, version`;

/** quota − filled per post, for one school year and date; the CTE is shared by both vacancy queries. */
const VACANCY_CTE = `
  WITH filled AS (
    SELECT a.post_id, count(DISTINCT a.teacher_id)::int AS n FROM staffing.appointments a
     WHERE a.superseded_by IS NULL AND a.post_id IS NOT NULL AND a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1)
     GROUP BY a.post_id
  ), v AS (
    SELECT p.id AS "postId", p.school_id, p.subject_code AS "subjectCode", p.category, q.approved_headcount AS quota,
           coalesce(f.n, 0) AS filled, greatest(q.approved_headcount - coalesce(f.n, 0), 0) AS vacancies
      FROM staffing.posts p
      JOIN staffing.post_quotas q ON q.post_id = p.id AND q.school_year = $2
      LEFT JOIN filled f ON f.post_id = p.id
  )`;

@Injectable()
export class SqlPostRepository extends PostRepository {
  async insert(m: EntityManager, schoolId: string, subjectCode: string | null, category: PostCategory): Promise<Post> {
    const [row] = await m.query(`INSERT INTO staffing.posts (school_id, subject_code, category) VALUES ($1, $2, $3) RETURNING ${POST_COLUMNS}`, [schoolId, subjectCode, category]);
    return row;
  }

  async findById(m: EntityManager, id: string): Promise<Post | null> {
    const [row] = await m.query(`SELECT ${POST_COLUMNS} FROM staffing.posts WHERE id = $1`, [id]);
    return row ?? null;
  }

  async findAtSchool(m: EntityManager, schoolId: string, subjectCode: string | null, category: PostCategory): Promise<Post | null> {
    const [row] = await m.query(`SELECT ${POST_COLUMNS} FROM staffing.posts WHERE school_id = $1 AND subject_code IS NOT DISTINCT FROM $2 AND category = $3`, [
      schoolId,
      subjectCode,
      category,
    ]);
    return row ?? null;
  }

  async subjectExists(m: EntityManager, code: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM staffing.subjects WHERE code = $1`, [code])).length > 0;
  }

  async quota(m: EntityManager, postId: string, schoolYear: number): Promise<number | null> {
    const [row] = await m.query(`SELECT approved_headcount AS n FROM staffing.post_quotas WHERE post_id = $1 AND school_year = $2`, [postId, schoolYear]);
    return row ? row.n : null;
  }

  async setQuota(m: EntityManager, postId: string, schoolYear: number, headcount: number): Promise<number | null> {
    const [before] = await m.query(`SELECT approved_headcount AS n FROM staffing.post_quotas WHERE post_id = $1 AND school_year = $2 FOR UPDATE`, [postId, schoolYear]);
    await m.query(
      `INSERT INTO staffing.post_quotas (post_id, school_year, approved_headcount) VALUES ($1, $2, $3)
       ON CONFLICT (post_id, school_year) DO UPDATE SET approved_headcount = EXCLUDED.approved_headcount`,
      [postId, schoolYear, headcount],
    );
    return before ? before.n : null;
  }

  async filledOn(m: EntityManager, postId: string, date: string): Promise<number> {
    const [{ n }] = await m.query(
      `SELECT count(DISTINCT teacher_id)::int AS n FROM staffing.appointments
        WHERE post_id = $1 AND superseded_by IS NULL AND start_date <= $2 AND (end_date IS NULL OR end_date >= $2)`,
      [postId, date],
    );
    return n;
  }

  async bumpVersion(m: EntityManager, postId: string, expectedVersion: number): Promise<boolean> {
    const rows = await updateReturning(m, `UPDATE staffing.posts SET version = version + 1 WHERE id = $1 AND version = $2 RETURNING id`, [postId, expectedVersion]);
    return rows.length === 1;
  }

  async schoolVacancies(m: EntityManager, schoolId: string, date: string, schoolYear: number) {
    // Per post, so each count uses the (post_id, start_date) index instead of grouping the whole county.
    const [row] = await m.query(
      `SELECT s.id, s.name, s.county_code AS "countyCode", coalesce(
                (SELECT json_agg(v ORDER BY v.category, v."subjectCode" NULLS FIRST) FROM (
                   SELECT p.id AS "postId", p.subject_code AS "subjectCode", p.category, q.approved_headcount AS quota, f.n AS filled,
                          greatest(q.approved_headcount - f.n, 0) AS vacancies
                     FROM staffing.posts p JOIN staffing.post_quotas q ON q.post_id = p.id AND q.school_year = $2,
                     LATERAL (SELECT count(DISTINCT a.teacher_id)::int AS n FROM staffing.appointments a
                               WHERE a.post_id = p.id AND a.superseded_by IS NULL AND a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1)) f
                    WHERE p.school_id = s.id) v), '[]') AS posts
         FROM staffing.schools s WHERE s.id = $3`,
      [date, schoolYear, schoolId],
    );
    return row ? { school: { id: row.id, name: row.name, countyCode: row.countyCode }, posts: row.posts as Vacancy[] } : null;
  }

  async countyQuotas(m: EntityManager, countyCode: string, schoolYear: number): Promise<QuotaToCarry[]> {
    return m.query(
      `SELECT p.id AS "postId", p.school_id AS "schoolId", s.code AS "schoolCode", p.subject_code AS "subjectCode", p.category, q.approved_headcount AS "approvedHeadcount"
         FROM staffing.post_quotas q JOIN staffing.posts p ON p.id = q.post_id JOIN staffing.schools s ON s.id = p.school_id
        WHERE s.county_code = $1 AND q.school_year = $2 ORDER BY s.code, p.category, p.subject_code NULLS FIRST`,
      [countyCode, schoolYear],
    );
  }

  async setQuotas(m: EntityManager, schoolYear: number, quotas: readonly { postId: string; approvedHeadcount: number }[]): Promise<void> {
    if (quotas.length === 0) return;
    const ids = quotas.map((q) => q.postId);
    await m.query(
      `INSERT INTO staffing.post_quotas (post_id, school_year, approved_headcount) SELECT x.post_id, $1, x.n FROM unnest($2::uuid[], $3::int[]) AS x(post_id, n)
       ON CONFLICT (post_id, school_year) DO UPDATE SET approved_headcount = EXCLUDED.approved_headcount`,
      [schoolYear, ids, quotas.map((q) => q.approvedHeadcount)],
    );
    // quota changes invalidate any hire in flight that read the old numbers
    await m.query(`UPDATE staffing.posts SET version = version + 1 WHERE id = ANY($1)`, [ids]);
  }

  async schoolsWithVacancies(
    m: EntityManager,
    f: { countyCode?: string; subject?: string; category?: string; date: string; schoolYear: number; limit: number; offset: number },
  ): Promise<{ items: SchoolVacancies[]; total: number }> {
    const where = `v.vacancies > 0 AND ($3::text IS NULL OR s.county_code = $3) AND ($4::text IS NULL OR v."subjectCode" = $4) AND ($5::text IS NULL OR v.category = $5)`;
    const params = [f.date, f.schoolYear, f.countyCode ?? null, f.subject ?? null, f.category ?? null];
    const items = await m.query(
      `${VACANCY_CTE}
       SELECT s.id AS "schoolId", s.code AS "schoolCode", s.name AS "schoolName", s.type AS "schoolType", s.district_code AS "districtCode",
              json_agg(json_build_object('postId', v."postId", 'subjectCode', v."subjectCode", 'category', v.category, 'quota', v.quota,
                                         'filled', v.filled, 'vacancies', v.vacancies) ORDER BY v.category, v."subjectCode") AS posts
         FROM v JOIN staffing.schools s ON s.id = v.school_id
        WHERE ${where}
        GROUP BY s.id ORDER BY s.county_code, s.code LIMIT $6 OFFSET $7`,
      [...params, f.limit, f.offset],
    );
    const [{ total }] = await m.query(`${VACANCY_CTE} SELECT count(DISTINCT s.id)::int AS total FROM v JOIN staffing.schools s ON s.id = v.school_id WHERE ${where}`, params);
    return { items, total };
  }
}
