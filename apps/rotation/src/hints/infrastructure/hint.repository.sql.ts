import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { HintRepository, type HintRun, type HintRunStatus, type StoredTeacherHints } from '../application/hint.repository';
import type { TeacherHints } from '../domain/hints';

const RUN = `id, cycle_id AS "cycleId", trigger, requested_by AS "requestedBy", status, computed_at AS "computedAt", stats, error,
  created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

/**
 * rows per INSERT … SELECT FROM unnest(…): large enough to be quick, small enough that encoding one
 * statement's arrays never holds the event loop for long (a county's run writes ~40,000 rows)
 */
const CHUNK = 2_000;

@Injectable()
export class SqlHintRepository extends HintRepository {
  async insertRun(m: EntityManager, r: Pick<HintRun, 'id' | 'cycleId' | 'trigger' | 'requestedBy'>): Promise<boolean> {
    const rows = await m.query(`INSERT INTO rotation.hint_runs (id, cycle_id, trigger, requested_by, status) VALUES ($1, $2, $3, $4, 'queued') ON CONFLICT (id) DO NOTHING RETURNING id`, [
      r.id,
      r.cycleId,
      r.trigger,
      r.requestedBy,
    ]);
    return rows.length === 1;
  }

  async findRun(m: EntityManager, id: string): Promise<HintRun | null> {
    const [row] = await m.query(`SELECT ${RUN} FROM rotation.hint_runs WHERE id = $1`, [id]);
    return row ?? null;
  }

  async runs(m: EntityManager, cycleId: string, limit: number): Promise<HintRun[]> {
    return m.query(`SELECT ${RUN} FROM rotation.hint_runs WHERE cycle_id = $1 ORDER BY created_at DESC, id LIMIT $2`, [cycleId, limit]);
  }

  async markRunning(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE rotation.hint_runs SET status = 'running', started_at = now(), error = NULL WHERE id = $1 AND status NOT IN ('done', 'superseded')`, [id]);
  }

  async finishRun(m: EntityManager, id: string, status: Exclude<HintRunStatus, 'queued' | 'running'>, f: { computedAt?: string; stats?: unknown; error?: { message: string; code?: string } }): Promise<void> {
    await m.query(`UPDATE rotation.hint_runs SET status = $2, computed_at = coalesce($3, computed_at), stats = coalesce($4::jsonb, stats), error = $5::jsonb, finished_at = now() WHERE id = $1`, [
      id,
      status,
      f.computedAt ?? null,
      f.stats === undefined ? null : JSON.stringify(f.stats),
      f.error ? JSON.stringify(f.error) : null,
    ]);
  }

  async lockAndCheckNewer(m: EntityManager, cycleId: string, computedAt: string): Promise<boolean> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('rotation.hints:' || $1::text))`, [cycleId]);
    const [row] = await m.query(`SELECT EXISTS (SELECT 1 FROM rotation.hint_runs WHERE cycle_id = $1 AND status = 'done' AND computed_at > $2) AS newer`, [cycleId, computedAt]);
    return row.newer === true;
  }

  async replace(m: EntityManager, cycleId: string, runId: string, teachers: readonly TeacherHints[]): Promise<{ teachers: number; hints: number }> {
    await m.query(`DELETE FROM rotation.hints WHERE cycle_id = $1`, [cycleId]);
    await m.query(`DELETE FROM rotation.hint_teachers WHERE cycle_id = $1`, [cycleId]);
    for (let i = 0; i < teachers.length; i += CHUNK) {
      const part = teachers.slice(i, i + CHUNK);
      await m.query(
        `INSERT INTO rotation.hint_teachers (cycle_id, teacher_id, run_id, kind, placed_school_id, placed_rank)
         SELECT $1, t, $2, k, p, r FROM unnest($3::uuid[], $4::text[], $5::uuid[], $6::int[]) AS u(t, k, p, r)`,
        [cycleId, runId, part.map((t) => t.teacherId), part.map((t) => t.kind), part.map((t) => t.placedSchoolId), part.map((t) => t.placedRank)],
      );
    }
    const rows = teachers.flatMap((t) => t.hints.map((h, position) => ({ t: t.teacherId, h, position })));
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK);
      await m.query(
        `INSERT INTO rotation.hints (cycle_id, teacher_id, school_id, position, level, reason, listed_rank, suggested, facts)
         SELECT $1, t, s, p, l, r, k, g, f FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::int[], $8::boolean[], $9::jsonb[]) AS u(t, s, p, l, r, k, g, f)`,
        [
          cycleId,
          part.map((x) => x.t),
          part.map((x) => x.h.schoolId),
          part.map((x) => x.position),
          part.map((x) => x.h.level),
          part.map((x) => x.h.reason),
          part.map((x) => x.h.listedRank),
          part.map((x) => x.h.suggested),
          part.map((x) => JSON.stringify(x.h.facts)),
        ],
      );
    }
    return { teachers: teachers.length, hints: rows.length };
  }

  async teacherHints(m: EntityManager, cycleId: string, teacherId: string): Promise<StoredTeacherHints | null> {
    const [t] = await m.query(
      `SELECT ht.run_id AS "runId", r.computed_at AS "computedAt", ht.kind, ht.placed_school_id AS "placedSchoolId", s.name AS "placedSchoolName", ht.placed_rank AS "placedRank",
              coalesce(r.stats->'plan'->>'status' = 'infeasible', false) AS unsettled
         FROM rotation.hint_teachers ht JOIN rotation.hint_runs r ON r.id = ht.run_id LEFT JOIN rotation.schools s ON s.school_id = ht.placed_school_id
        WHERE ht.cycle_id = $1 AND ht.teacher_id = $2`,
      [cycleId, teacherId],
    );
    if (!t) return null;
    const hints = await m.query(
      `SELECT h.school_id AS "schoolId", s.name AS "schoolName", s.type AS "schoolType", h.level, h.reason, h.listed_rank AS "listedRank", h.suggested, h.facts
         FROM rotation.hints h LEFT JOIN rotation.schools s ON s.school_id = h.school_id
        WHERE h.cycle_id = $1 AND h.teacher_id = $2 ORDER BY h.position`,
      [cycleId, teacherId],
    );
    return { ...t, computedAt: new Date(t.computedAt).toISOString(), hints };
  }

  async latestDone(m: EntityManager, cycleId: string): Promise<HintRun | null> {
    const [row] = await m.query(`SELECT ${RUN} FROM rotation.hint_runs WHERE cycle_id = $1 AND status = 'done' ORDER BY computed_at DESC LIMIT 1`, [cycleId]);
    return row ?? null;
  }
}
