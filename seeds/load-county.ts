import { performance } from 'node:perf_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { AppointmentEnded, PostQuotaSet, SchoolRegistered, TeacherAppointed } from '@app/contracts';
import { Outbox, type PendingEvent } from '@app/messaging';
import { currentCorrelationId, runWithCorrelation } from '@app/platform';
import { teacherRegisteredEvent } from '../apps/staffing/src/teachers/application/teacher.events';
import { ENDED_REASON, type GeneratedCounty } from './county-generator';

/** PostgreSQL's limit on bind parameters in one statement. */
export const MAX_BIND_PARAMETERS = 65535;

export interface LoadCountyResult {
  countyCode: string;
  /** false when the county already had schools or teachers and nothing was written */
  loaded: boolean;
  existingSchools: number;
  existingTeachers: number;
  districts: number;
  schools: number;
  posts: number;
  quotas: number;
  teachers: number;
  appointments: number;
  events: number;
  seconds: number;
}

/** The correlation id on every outbox row a seeded county writes (unless the caller already has one). */
export function seedCorrelationId(data: Pick<GeneratedCounty, 'countyCode' | 'seed'>): string {
  const id = `seed:${data.countyCode}:${data.seed}`;
  return /^[A-Za-z0-9._:-]{1,128}$/.test(id) ? id : `seed:${data.countyCode}`;
}

/**
 * The events that announce a generated county, in the order they are written: every SchoolRegistered,
 * every TeacherRegistered, then teacher by teacher that teacher's history in date order — TeacherAppointed
 * on each start date, AppointmentEnded the day after each end that lies before asOf.
 *
 * TeacherAppointed carries the end date that was known when the appointment was made: none for a regular
 * appointment (its end comes with AppointmentEnded), the planned end for a fixed-term rotation, support,
 * placement or walking appointment. Consumers that apply both end up with the table's end dates.
 */
export function buildCountyEvents(data: GeneratedCounty): PendingEvent[] {
  const events: PendingEvent[] = [];
  for (const s of data.schools) {
    events.push({
      contract: SchoolRegistered,
      data: {
        schoolId: s.id,
        countyCode: s.countyCode,
        code: s.code,
        name: s.name,
        type: s.type,
        districtCode: s.districtCode,
        weak: s.weak,
        smallScale: s.smallScale,
        rural: s.rural,
        remoteTier: s.remoteTier,
      },
    });
  }
  const schoolOfPost = new Map(data.posts.map((p) => [p.id, p]));
  const countyOfSchool = new Map(data.schools.map((s) => [s.id, s.countyCode]));
  for (const q of data.quotas) {
    const p = schoolOfPost.get(q.postId)!;
    events.push({
      contract: PostQuotaSet,
      data: { postId: q.postId, schoolId: p.schoolId, countyCode: countyOfSchool.get(p.schoolId)!, subjectCode: p.subjectCode, category: p.category, schoolYear: q.schoolYear, approvedHeadcount: q.approvedHeadcount },
    });
  }
  // The same mapping staffing uses when an officer registers a teacher.
  for (const t of data.teachers) events.push(teacherRegisteredEvent({ ...t, version: 1 }));
  const byTeacher = new Map<string, GeneratedCounty['appointments']>();
  for (const a of data.appointments) {
    const list = byTeacher.get(a.teacherId);
    if (list) list.push(a);
    else byTeacher.set(a.teacherId, [a]);
  }
  for (const t of data.teachers) {
    // [date, order within the day (ends first), tie-break, event]; dates compare as text (YYYY-MM-DD)
    const timeline: Array<[string, number, number, PendingEvent]> = [];
    (byTeacher.get(t.id) ?? []).forEach((a, i) => {
      timeline.push([
        a.startDate,
        1,
        i,
        {
          contract: TeacherAppointed,
          data: {
            appointmentId: a.id,
            teacherId: a.teacherId,
            schoolId: a.schoolId,
            countyCode: data.countyCode,
            postId: a.postId,
            subject: a.subject,
            kind: a.kind,
            role: a.role,
            workloadShare: Number(a.workloadShare),
            startDate: a.startDate,
            endDate: a.kind === 'regular' ? null : a.endDate,
            moveId: null,
          },
        },
      ]);
      if (a.endDate !== null && a.endDate < data.asOf) {
        timeline.push([
          dayAfter(a.endDate),
          0,
          i,
          {
            contract: AppointmentEnded,
            data: { appointmentId: a.id, teacherId: a.teacherId, schoolId: a.schoolId, endDate: a.endDate, reason: ENDED_REASON, moveId: null },
          },
        ]);
      }
    });
    timeline.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1] || x[2] - y[2]));
    for (const [, , , e] of timeline) events.push(e);
  }
  return events;
}

function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
}

/**
 * Multi-row INSERTs, as many rows per statement as PostgreSQL's bind-parameter limit allows
 * (capped at `maxRows`). Returns the number of statements.
 */
export async function insertRows(m: EntityManager, table: string, columns: string[], rows: unknown[][], suffix = '', maxRows = 5000): Promise<number> {
  const perStatement = Math.max(1, Math.min(maxRows, Math.floor(MAX_BIND_PARAMETERS / columns.length)));
  let statements = 0;
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      if (row.length !== columns.length) throw new Error(`${table}: row has ${row.length} values for ${columns.length} columns`);
      const p = values.length;
      tuples.push(`(${row.map((_, i) => `$${p + i + 1}`).join(', ')})`);
      values.push(...row);
    }
    await m.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${suffix}`, values);
    statements++;
  }
  return statements;
}

async function existing(m: EntityManager, countyCode: string): Promise<{ schools: number; teachers: number }> {
  const [row] = await m.query(
    `SELECT (SELECT count(*)::int FROM staffing.schools WHERE county_code = $1) AS schools,
            (SELECT count(*)::int FROM staffing.teachers WHERE county_code = $1) AS teachers`,
    [countyCode],
  );
  return row;
}

/** Whether the county already has schools or teachers (then loadCounty would skip it). */
export async function countyHasData(ds: DataSource, countyCode: string): Promise<{ schools: number; teachers: number }> {
  return existing(ds.manager, countyCode);
}

/**
 * Inserts a generated county into the staffing schema and its events into staffing's outbox, all in one
 * transaction. Idempotent: a county that already has schools (or teachers) is left alone and the result
 * says so. Concurrent loads of one county serialise on an advisory lock, so only one of them writes.
 */
export async function loadCounty(ds: DataSource, data: GeneratedCounty): Promise<LoadCountyResult> {
  const t0 = performance.now();
  const result: LoadCountyResult = {
    countyCode: data.countyCode,
    loaded: false,
    existingSchools: 0,
    existingTeachers: 0,
    districts: 0,
    schools: 0,
    posts: 0,
    quotas: 0,
    teachers: 0,
    appointments: 0,
    events: 0,
    seconds: 0,
  };
  await runWithCorrelation(currentCorrelationId() ?? seedCorrelationId(data), () =>
    ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`staffing.seed-county:${data.countyCode}`]);
      const county = await m.query(`SELECT 1 FROM staffing.counties WHERE code = $1`, [data.countyCode]);
      if (county.length === 0) throw new Error(`county ${data.countyCode} is not in staffing.counties (seed the counties first)`);
      const before = await existing(m, data.countyCode);
      result.existingSchools = before.schools;
      result.existingTeachers = before.teachers;
      if (before.schools > 0 || before.teachers > 0) return;

      await insertRows(m, 'staffing.districts', ['county_code', 'code', 'name'], data.districts.map((d) => [d.countyCode, d.code, d.name]), 'ON CONFLICT (county_code, code) DO NOTHING');
      await insertRows(
        m,
        'staffing.schools',
        ['id', 'county_code', 'code', 'name', 'type', 'district_code', 'weak', 'small_scale', 'rural', 'remote_tier'],
        data.schools.map((s) => [s.id, s.countyCode, s.code, s.name, s.type, s.districtCode, s.weak, s.smallScale, s.rural, s.remoteTier]),
      );
      await insertRows(m, 'staffing.posts', ['id', 'school_id', 'subject_code', 'category'], data.posts.map((p) => [p.id, p.schoolId, p.subjectCode, p.category]));
      await insertRows(m, 'staffing.post_quotas', ['post_id', 'school_year', 'approved_headcount'], data.quotas.map((q) => [q.postId, q.schoolYear, q.approvedHeadcount]));
      await insertRows(
        m,
        'staffing.teachers',
        ['id', 'county_code', 'staff_no', 'name', 'gender', 'birth_date', 'first_service_date', 'subjects', 'title', 'backbone_level', 'category'],
        data.teachers.map((t) => [t.id, t.countyCode, t.staffNo, t.name, t.gender, t.birthDate, t.firstServiceDate, t.subjects, t.title, t.backboneLevel, t.category]),
      );
      await insertRows(
        m,
        'staffing.appointments',
        ['id', 'teacher_id', 'school_id', 'post_id', 'kind', 'role', 'workload_share', 'start_date', 'end_date', 'reason', 'end_reason'],
        data.appointments.map((a) => [a.id, a.teacherId, a.schoolId, a.postId, a.kind, a.role, a.workloadShare, a.startDate, a.endDate, a.reason, a.endReason]),
      );
      const events = buildCountyEvents(data);
      await new Outbox('staffing').addAll(m, events);

      Object.assign(result, {
        loaded: true,
        districts: data.districts.length,
        schools: data.schools.length,
        posts: data.posts.length,
        quotas: data.quotas.length,
        teachers: data.teachers.length,
        appointments: data.appointments.length,
        events: events.length,
      });
    }),
  );
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}
