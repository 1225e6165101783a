import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import type { Pin } from '../../planning/domain';
import type { MoverAppointmentRow, PostRow } from '../domain/approved-moves';
import { PinRepository, PlanRepository, type ChosenPlan, type MoveRejection, type NewPlan, type PlanNames, type PlanSummary, type StoredPlan } from '../application/plan.repository';

const PLAN_COLUMNS = `id, number, method, status, objective, moves, metrics, infeasibilities, pins, created_by AS "createdBy", created_at AS "createdAt"`;

@Injectable()
export class SqlPlanRepository extends PlanRepository {
  async insert(m: EntityManager, cycleId: string, p: NewPlan): Promise<StoredPlan> {
    const [row] = await m.query(
      `INSERT INTO rotation.plans (cycle_id, number, method, status, objective, moves, metrics, infeasibilities, pins, created_by)
       SELECT $1, coalesce(max(number), 0) + 1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb, $9 FROM rotation.plans WHERE cycle_id = $1
       RETURNING ${PLAN_COLUMNS}`,
      [cycleId, p.method, p.status, p.objective, JSON.stringify(p.moves), JSON.stringify(p.metrics), JSON.stringify(p.infeasibilities), JSON.stringify(p.pins), p.createdBy],
    );
    return row;
  }

  async find(m: EntityManager, cycleId: string, planId: string): Promise<StoredPlan | null> {
    const [row] = await m.query(`SELECT ${PLAN_COLUMNS} FROM rotation.plans WHERE id = $1 AND cycle_id = $2`, [planId, cycleId]);
    return row ?? null;
  }

  async rejections(m: EntityManager, moveIds: readonly string[]): Promise<MoveRejection[]> {
    return m.query(`SELECT teacher_id AS "teacherId", code, reason FROM rotation.move_rejections WHERE move_id = ANY($1)`, [moveIds]);
  }

  async rejectionsById(m: EntityManager, moveIds: readonly string[]): Promise<(MoveRejection & { moveId: string })[]> {
    if (moveIds.length === 0) return [];
    return m.query(`SELECT move_id AS "moveId", teacher_id AS "teacherId", code, reason FROM rotation.move_rejections WHERE move_id = ANY($1)`, [moveIds]);
  }

  async moverAppointments(m: EntityManager, teacherIds: readonly string[]): Promise<MoverAppointmentRow[]> {
    return m.query(
      `SELECT appointment_id AS id, teacher_id AS "teacherId", kind, role, post_id AS "postId", coalesce(workload_share, 1)::float8 AS "workloadShare",
              start_date AS "startDate", end_date AS "endDate", move_id AS "moveId"
         FROM rotation.appointments WHERE teacher_id = ANY($1::uuid[]) AND NOT superseded ORDER BY teacher_id, start_date, appointment_id`,
      [teacherIds],
    );
  }

  async posts(m: EntityManager, countyCode: string, schoolYear: number): Promise<PostRow[]> {
    return m.query(
      `SELECT post_id AS "postId", school_id AS "schoolId", subject_code AS subject, category FROM rotation.post_quotas WHERE county_code = $1 AND school_year = $2 ORDER BY post_id`,
      [countyCode, schoolYear],
    );
  }

  async appliedMoves(m: EntityManager, moveIds: readonly string[]): Promise<string[]> {
    const rows: { id: string }[] = await m.query(`SELECT DISTINCT move_id AS id FROM rotation.appointments WHERE move_id = ANY($1::uuid[]) AND NOT withdrawn`, [moveIds]);
    return rows.map((r) => r.id);
  }

  async list(m: EntityManager, cycleId: string): Promise<PlanSummary[]> {
    return m.query(
      `SELECT id, number, method, status, objective, jsonb_array_length(moves) AS movers, created_by AS "createdBy", created_at AS "createdAt" FROM rotation.plans WHERE cycle_id = $1 ORDER BY number DESC`,
      [cycleId],
    );
  }

  async names(m: EntityManager, teacherIds: readonly string[], schoolIds: readonly string[]): Promise<PlanNames> {
    const teachers: { id: string; name: string }[] = await m.query(`SELECT teacher_id AS id, name FROM rotation.teachers WHERE teacher_id = ANY($1)`, [[...new Set(teacherIds)]]);
    const schools: { id: string; name: string | null }[] = await m.query(`SELECT school_id AS id, name FROM rotation.schools WHERE school_id = ANY($1)`, [[...new Set(schoolIds)]]);
    return { teachers: Object.fromEntries(teachers.map((t) => [t.id, t.name])), schools: Object.fromEntries(schools.filter((x) => x.name).map((x) => [x.id, x.name as string])) };
  }

  async chosenPlans(m: EntityManager, countyCode: string | undefined): Promise<ChosenPlan[]> {
    return m.query(
      `SELECT c.id AS "cycleId", c.county_code AS "countyCode", c.school_year AS "schoolYear", c.state, p.number AS "planNumber", p.status AS "planStatus",
              p.metrics, coalesce(c.proposed_plan_id = p.id, false) AS "chosen"
         FROM rotation.cycles c
         JOIN LATERAL (SELECT * FROM rotation.plans x WHERE x.cycle_id = c.id ORDER BY coalesce(x.id = c.proposed_plan_id, false) DESC, x.number DESC LIMIT 1) p ON true
        WHERE ($1::text IS NULL OR c.county_code = $1) ORDER BY c.school_year, c.county_code`,
      [countyCode ?? null],
    );
  }
}

@Injectable()
export class SqlPinRepository extends PinRepository {
  async list(m: EntityManager, cycleId: string): Promise<Pin[]> {
    return m.query(`SELECT teacher_id AS "teacherId", school_id AS "schoolId", kind FROM rotation.pins WHERE cycle_id = $1 ORDER BY created_at, teacher_id, school_id`, [cycleId]);
  }

  async replace(m: EntityManager, cycleId: string, pins: readonly Pin[], setBy: string): Promise<Pin[]> {
    const before = await updateReturning<Pin>(m, `DELETE FROM rotation.pins WHERE cycle_id = $1 RETURNING teacher_id AS "teacherId", school_id AS "schoolId", kind`, [cycleId]);
    if (pins.length) {
      await m.query(
        `INSERT INTO rotation.pins (cycle_id, teacher_id, school_id, kind, created_by) SELECT $1, *, $5 FROM unnest($2::uuid[], $3::uuid[], $4::text[]) ON CONFLICT DO NOTHING`,
        [cycleId, pins.map((p) => p.teacherId), pins.map((p) => p.schoolId), pins.map((p) => p.kind), setBy],
      );
    }
    return before;
  }
}
