import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Read-only figures for the county dashboard, computed in SQL over the county's current state. */
@Injectable()
export class OverviewQuery {
  async teachersBySchoolType(m: EntityManager, countyCode: string, date: string): Promise<{ schoolType: string; teachers: number; schools: number }[]> {
    return m.query(
      `SELECT s.type AS "schoolType", count(DISTINCT a.teacher_id)::int AS teachers, count(DISTINCT s.id)::int AS schools
         FROM staffing.schools s
         LEFT JOIN staffing.appointments a ON a.school_id = s.id AND a.superseded_by IS NULL AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2)
        WHERE s.county_code = $1 GROUP BY s.type ORDER BY s.type`,
      [countyCode, date],
    );
  }

  async counts(m: EntityManager, countyCode: string, date: string, schoolYear: number): Promise<{ teachers: number; pool: number; vacancies: number; quota: number }> {
    const [row] = await m.query(
      `SELECT
         (SELECT count(*)::int FROM staffing.teachers t WHERE t.county_code = $1) AS teachers,
         (SELECT count(*)::int FROM staffing.teachers t WHERE t.county_code = $1 AND NOT EXISTS (
            SELECT 1 FROM staffing.appointments a WHERE a.teacher_id = t.id AND a.superseded_by IS NULL
               AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2))) AS pool,
         (SELECT coalesce(sum(greatest(q.approved_headcount - coalesce(f.n, 0), 0)), 0)::int
            FROM staffing.posts p JOIN staffing.schools s ON s.id = p.school_id AND s.county_code = $1
            JOIN staffing.post_quotas q ON q.post_id = p.id AND q.school_year = $3
            LEFT JOIN (SELECT post_id, count(DISTINCT teacher_id) AS n FROM staffing.appointments
                        WHERE superseded_by IS NULL AND start_date <= $2 AND (end_date IS NULL OR end_date >= $2) GROUP BY post_id) f ON f.post_id = p.id) AS vacancies,
         (SELECT coalesce(sum(q.approved_headcount), 0)::int FROM staffing.posts p JOIN staffing.schools s ON s.id = p.school_id AND s.county_code = $1
            JOIN staffing.post_quotas q ON q.post_id = p.id AND q.school_year = $3) AS quota`,
      [countyCode, date, schoolYear],
    );
    return row;
  }

  /** Birth dates of the principals currently in post at the county's rural schools. */
  async ruralPrincipalBirthDates(m: EntityManager, countyCode: string, date: string): Promise<string[]> {
    const rows = await m.query(
      `SELECT DISTINCT t.id, t.birth_date AS "birthDate" FROM staffing.appointments a
         JOIN staffing.schools s ON s.id = a.school_id AND s.rural AND s.county_code = $1
         JOIN staffing.teachers t ON t.id = a.teacher_id
        WHERE a.role = 'principal' AND a.superseded_by IS NULL AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2)`,
      [countyCode, date],
    );
    return rows.map((r: { birthDate: string }) => r.birthDate);
  }

  async counties(m: EntityManager): Promise<{ code: string; nameZh: string; nameEn: string; western: boolean }[]> {
    return m.query(`SELECT code, name_zh AS "nameZh", name_en AS "nameEn", western FROM staffing.counties ORDER BY code`);
  }
}
