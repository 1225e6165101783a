import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppointmentFacts, Exemption, ObligationFinding, TeacherFacts } from '../domain/facts';

export interface NewObligation {
  id: string;
  rule: string;
  teacherId: string;
  f: ObligationFinding;
}

export interface ChangedObligation {
  id: string;
  f: ObligationFinding;
}

export interface OpenObligation {
  id: string;
  rule: 'R2' | 'R3';
  teacherId: string;
  severity: 'warning' | 'due' | 'overdue';
  dueBy: string;
}

/** Everything a county's review reads (in a few set-based queries from the read model) and writes. */
@Injectable()
export class CountyFactsQuery {
  async teachers(m: EntityManager, countyCode: string): Promise<TeacherFacts[]> {
    return m.query(
      `SELECT teacher_id AS "teacherId", county_code AS "countyCode", gender, birth_date AS "birthDate", first_service_date AS "firstServiceDate",
              category, backbone_level AS "backboneLevel"
         FROM scheduler.teachers WHERE county_code = $1 ORDER BY teacher_id`,
      [countyCode],
    );
  }

  /** Appointments by teacher; a school the read model has not heard of yet has no type (neither village nor central). */
  async appointments(m: EntityManager, countyCode: string): Promise<Map<string, AppointmentFacts[]>> {
    const rows: (AppointmentFacts & { teacherId: string })[] = await m.query(
      `SELECT a.teacher_id AS "teacherId", a.appointment_id AS "appointmentId", a.school_id AS "schoolId", coalesce(s.type, 'unknown') AS "schoolType",
              a.kind, a.role, a.workload_share::float8 AS "workloadShare", a.start_date AS "startDate", a.end_date AS "endDate"
         FROM scheduler.appointments a LEFT JOIN scheduler.schools s ON s.school_id = a.school_id
        WHERE a.county_code = $1 AND NOT a.superseded ORDER BY a.teacher_id, a.start_date`,
      [countyCode],
    );
    const byTeacher = new Map<string, AppointmentFacts[]>();
    for (const { teacherId, ...a } of rows) {
      const list = byTeacher.get(teacherId);
      if (list) list.push(a);
      else byTeacher.set(teacherId, [a]);
    }
    return byTeacher;
  }

  async exemptions(m: EntityManager, countyCode: string, asOf: string): Promise<Map<string, Exemption[]>> {
    const rows: Exemption[] = await m.query(
      `SELECT teacher_id AS "teacherId", reason, from_date AS "from", until_date AS "until" FROM scheduler.exemptions
        WHERE county_code = $1 AND from_date <= $2 AND until_date >= $2`,
      [countyCode, asOf],
    );
    const byTeacher = new Map<string, Exemption[]>();
    for (const e of rows) byTeacher.set(e.teacherId, [...(byTeacher.get(e.teacherId) ?? []), e]);
    return byTeacher;
  }

  async openObligations(m: EntityManager, countyCode: string): Promise<OpenObligation[]> {
    return m.query(
      `SELECT id, rule, teacher_id AS "teacherId", severity, due_by AS "dueBy" FROM scheduler.obligations WHERE county_code = $1 AND status = 'open' FOR UPDATE`,
      [countyCode],
    );
  }

  /**
   * R1 counts what happened: distinct teachers of the county moved by approved moves effective in
   * [from, to] that staffing applied (the appointment it made carries the move's id). A move staffing
   * rejected (staffing.MoveRejected), or has not applied, does not count; those are reported beside. A move
   * an amendment cancelled (issue #13) counts only while staffing could not undo it (its appointment stands:
   * a refused cancellation's MoveRejected does not make it unapplied); once undone it is not reported at all.
   */
  async moves(m: EntityManager, countyCode: string, from: string, to: string): Promise<{ movedTeacherIds: string[]; rejected: number; notApplied: number }> {
    const rows: { id: string; outcome: 'applied' | 'cancelled' | 'rejected' | 'pending' }[] = await m.query(
      `SELECT mv.teacher_id AS id,
              CASE WHEN EXISTS (SELECT 1 FROM scheduler.appointments a WHERE a.move_id = mv.move_id AND NOT a.superseded) THEN 'applied'
                   WHEN mv.cancelled THEN 'cancelled'
                   WHEN EXISTS (SELECT 1 FROM scheduler.move_rejections r WHERE r.move_id = mv.move_id) THEN 'rejected'
                   ELSE 'pending' END AS outcome
         FROM scheduler.moves mv JOIN scheduler.teachers t ON t.teacher_id = mv.teacher_id
        WHERE t.county_code = $1 AND mv.effective_date BETWEEN $2 AND $3`,
      [countyCode, from, to],
    );
    return {
      movedTeacherIds: [...new Set(rows.filter((r) => r.outcome === 'applied').map((r) => r.id))],
      rejected: rows.filter((r) => r.outcome === 'rejected').length,
      notApplied: rows.filter((r) => r.outcome === 'pending').length,
    };
  }

  /** One review of a county at a time (the transaction's advisory lock). */
  async lockCounty(m: EntityManager, countyCode: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`scheduler:county:${countyCode}`]);
  }

  async isClosed(m: EntityManager, kind: string, countyCode: string, period: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM scheduler.closings WHERE kind = $1 AND county_code = $2 AND period = $3`, [kind, countyCode, period])).length > 0;
  }

  /** Records a period closed; false when it was already (so its event goes out once). */
  async close(m: EntityManager, kind: string, countyCode: string, period: string): Promise<boolean> {
    const rows = await m.query(`INSERT INTO scheduler.closings (kind, county_code, period) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING period`, [kind, countyCode, period]);
    return rows.length === 1;
  }

  async writeObligations(m: EntityManager, countyCode: string, inserts: NewObligation[], updates: ChangedObligation[], resolved: { id: string; reason: string }[]): Promise<void> {
    for (let i = 0; i < inserts.length; i += 5000) {
      const c = inserts.slice(i, i + 5000);
      await m.query(
        `INSERT INTO scheduler.obligations (id, rule, teacher_id, county_code, severity, due_by, facts)
         SELECT x.id, x.rule, x.teacher_id, $1, x.severity, x.due_by, x.facts FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::date[], $7::jsonb[])
           AS x(id, rule, teacher_id, severity, due_by, facts)`,
        [countyCode, c.map((x) => x.id), c.map((x) => x.rule), c.map((x) => x.teacherId), c.map((x) => x.f.severity), c.map((x) => x.f.dueBy), c.map((x) => JSON.stringify(x.f.facts))],
      );
    }
    if (updates.length) {
      await m.query(
        `UPDATE scheduler.obligations o SET severity = x.severity, due_by = x.due_by, facts = x.facts, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::date[], $4::jsonb[]) AS x(id, severity, due_by, facts) WHERE o.id = x.id`,
        [updates.map((x) => x.id), updates.map((x) => x.f.severity), updates.map((x) => x.f.dueBy), updates.map((x) => JSON.stringify(x.f.facts))],
      );
    }
    if (resolved.length) {
      await m.query(
        `UPDATE scheduler.obligations o SET status = 'resolved', resolved_at = now(), resolution = x.reason, updated_at = now()
           FROM unnest($1::uuid[], $2::text[]) AS x(id, reason) WHERE o.id = x.id`,
        [resolved.map((x) => x.id), resolved.map((x) => x.reason)],
      );
    }
  }

  /** Teachers of the county with an appointment on the date (R1's census on 1 September). */
  async teachersOnDate(m: EntityManager, countyCode: string, date: string): Promise<number> {
    const [row] = await m.query(
      `SELECT count(DISTINCT a.teacher_id)::int AS n FROM scheduler.appointments a JOIN scheduler.teachers t ON t.teacher_id = a.teacher_id
        WHERE t.county_code = $1 AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2)`,
      [countyCode, date],
    );
    return row.n;
  }

  /** Open obligations of the county by rule and severity. */
  async openObligationCounts(m: EntityManager, countyCode: string): Promise<{ rule: string; severity: string; n: number }[]> {
    return m.query(`SELECT rule, severity, count(*)::int AS n FROM scheduler.obligations WHERE county_code = $1 AND status = 'open' GROUP BY rule, severity`, [countyCode]);
  }

  /** Counties the read model has teachers of. */
  async countiesWithTeachers(m: EntityManager): Promise<string[]> {
    return (await m.query(`SELECT DISTINCT county_code AS c FROM scheduler.teachers ORDER BY 1`)).map((r: { c: string }) => r.c);
  }
}
