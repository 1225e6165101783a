import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Cycle } from '../../cycles/domain/cycle';
import { PlannerFactsRepository } from '../application/planner-facts.repository';
import { teacherLabel, type CountyPlanningFacts } from '../domain/planner-input';

@Injectable()
export class SqlPlannerFactsRepository extends PlannerFactsRepository {
  /** Every list in a fixed order: the solver's worker re-uses its warm planner when the facts are the same. */
  async countyFacts(m: EntityManager, cycle: Cycle): Promise<CountyPlanningFacts> {
    const county = cycle.countyCode;
    const asOf = cycle.effectiveDate;
    const teachers = await m.query(
      `SELECT teacher_id AS "teacherId", name, staff_no AS "staffNo", birth_date AS "birthDate", gender, subjects, backbone_level AS "backboneLevel", category
         FROM rotation.teachers WHERE county_code = $1 ORDER BY teacher_id`,
      [county],
    );
    const stints = await m.query(
      `SELECT a.teacher_id AS "teacherId", a.appointment_id AS "appointmentId", a.school_id AS "schoolId", coalesce(s.type, 'unknown') AS "schoolType",
              coalesce(s.rural, false) AS rural, a.kind, a.role, a.subject, a.start_date AS "startDate", a.end_date AS "endDate",
              a.post_id AS "postId", a.workload_share IS NOT NULL AS "postKnown", a.move_id AS "moveId"
         FROM rotation.appointments a JOIN rotation.teachers t ON t.teacher_id = a.teacher_id AND t.county_code = $1
         LEFT JOIN rotation.schools s ON s.school_id = a.school_id
        WHERE NOT a.superseded ORDER BY a.teacher_id, a.start_date, a.appointment_id`,
      [county],
    );
    const obligations = await m.query(`SELECT teacher_id AS "teacherId", rule, severity, due_by AS "dueBy" FROM rotation.obligations WHERE county_code = $1 AND open ORDER BY teacher_id, rule, obligation_id`, [county]);
    const preferences = await m.query(`SELECT teacher_id AS "teacherId", school_ids AS "schoolIds" FROM rotation.preferences WHERE cycle_id = $1 ORDER BY teacher_id`, [cycle.id]);
    const exemptions = await m.query(
      `SELECT e.teacher_id AS "teacherId", e.reason, e.from_date AS "from", e.until_date AS "until" FROM rotation.exemptions e
         JOIN rotation.teachers t ON t.teacher_id = e.teacher_id AND t.county_code = $1 WHERE e.from_date <= $2 AND e.until_date >= $2 ORDER BY e.teacher_id, e.exemption_id`,
      [county, asOf],
    );
    const schools = await m.query(`SELECT school_id AS id, name, type, district_code AS "districtCode", rural, weak FROM rotation.schools WHERE county_code = $1 ORDER BY school_id`, [county]);
    const quotas = await m.query(
      `SELECT school_id AS "schoolId", subject_code AS subject, category, sum(approved_headcount)::int AS quota
         FROM rotation.post_quotas WHERE county_code = $1 AND school_year = $2 GROUP BY school_id, subject_code, category ORDER BY school_id, subject_code NULLS FIRST, category`,
      [county, cycle.schoolYear],
    );
    const posts = await m.query(
      `SELECT post_id AS "postId", school_id AS "schoolId", subject_code AS subject, category FROM rotation.post_quotas WHERE county_code = $1 AND school_year = $2 ORDER BY post_id`,
      [county, cycle.schoolYear],
    );
    const [{ latest }] = await m.query(`SELECT max(school_year) AS latest FROM rotation.post_quotas WHERE county_code = $1 AND school_year < $2`, [county, cycle.schoolYear]);
    return { teachers, stints, obligations, preferences, exemptions, schools, quotas, posts, latestQuotaYear: latest ?? null };
  }

  async names(m: EntityManager, teacherIds: readonly string[], schoolIds: readonly string[]) {
    const t: { id: string; name: string; staffNo: string | null }[] = await m.query(`SELECT teacher_id AS id, name, staff_no AS "staffNo" FROM rotation.teachers WHERE teacher_id = ANY($1)`, [teacherIds]);
    const s: { id: string; name: string }[] = await m.query(`SELECT school_id AS id, coalesce(name, school_id::text) AS name FROM rotation.schools WHERE school_id = ANY($1)`, [schoolIds]);
    return { teachers: new Map(t.map((r) => [r.id, teacherLabel(r.name, r.staffNo)])), schools: new Map(s.map((r) => [r.id, r.name])) };
  }
}
