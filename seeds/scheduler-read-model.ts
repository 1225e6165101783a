import type { EntityManager } from 'typeorm';
import { startsPlacementWindow } from '../apps/scheduler/src/schools/domain/school-kind';
import type { GeneratedCounty } from './county-generator';

/**
 * Fills the scheduler's read model (scheduler.schools, teachers, appointments) straight from a generated
 * county, as if every staffing event had been consumed: for benchmarks and tests that need a big county
 * without pushing tens of thousands of events through Kafka. Set-based: one INSERT … SELECT FROM unnest
 * per table (and per 20,000 rows).
 */
export async function loadSchedulerReadModel(m: EntityManager, data: Pick<GeneratedCounty, 'countyCode' | 'schools' | 'teachers' | 'appointments'>): Promise<{ schools: number; teachers: number; appointments: number }> {
  const s = data.schools;
  await m.query(
    `INSERT INTO scheduler.schools (school_id, county_code, type, placement_origin)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::boolean[])
     ON CONFLICT (school_id) DO UPDATE SET county_code = EXCLUDED.county_code, type = EXCLUDED.type, placement_origin = EXCLUDED.placement_origin`,
    [s.map((x) => x.id), s.map((x) => x.countyCode), s.map((x) => x.type), s.map((x) => startsPlacementWindow(x.type))],
  );
  for (let i = 0; i < data.teachers.length; i += 20000) {
    const t = data.teachers.slice(i, i + 20000);
    await m.query(
      `INSERT INTO scheduler.teachers (teacher_id, county_code, gender, birth_date, first_service_date, category, backbone_level)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::date[], $6::text[], $7::text[])`,
      [t.map((x) => x.id), t.map((x) => x.countyCode), t.map((x) => x.gender), t.map((x) => x.birthDate), t.map((x) => x.firstServiceDate), t.map((x) => x.category), t.map((x) => x.backboneLevel)],
    );
  }
  for (let i = 0; i < data.appointments.length; i += 20000) {
    const a = data.appointments.slice(i, i + 20000);
    await m.query(
      `INSERT INTO scheduler.appointments (appointment_id, teacher_id, school_id, county_code, kind, role, workload_share, start_date, end_date)
       SELECT x.id, x.teacher_id, x.school_id, $1, x.kind, x.role, x.share, x.start_date, x.end_date
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::numeric[], $8::date[], $9::date[])
           AS x(id, teacher_id, school_id, kind, role, share, start_date, end_date)`,
      [
        data.countyCode,
        a.map((x) => x.id),
        a.map((x) => x.teacherId),
        a.map((x) => x.schoolId),
        a.map((x) => x.kind),
        a.map((x) => x.role),
        a.map((x) => x.workloadShare),
        a.map((x) => x.startDate),
        a.map((x) => x.endDate),
      ],
    );
  }
  return { schools: s.length, teachers: data.teachers.length, appointments: data.appointments.length };
}

/**
 * Removes one county from the scheduler's schema: its read model, exemptions, obligations, closings,
 * runs and the outbox rows announcing them, so a benchmark or test can load it again and start over.
 */
export async function clearSchedulerCounty(m: EntityManager, countyCode: string): Promise<void> {
  for (const sql of [
    `DELETE FROM scheduler.outbox WHERE payload->>'countyCode' = $1`,
    `DELETE FROM scheduler.obligations WHERE county_code = $1`,
    `DELETE FROM scheduler.exemptions WHERE county_code = $1`,
    `DELETE FROM scheduler.closings WHERE county_code = $1`,
    `DELETE FROM scheduler.runs WHERE county_code = $1`,
    `DELETE FROM scheduler.moves WHERE teacher_id IN (SELECT teacher_id FROM scheduler.teachers WHERE county_code = $1)`,
    `DELETE FROM scheduler.appointments WHERE county_code = $1`,
    `DELETE FROM scheduler.teachers WHERE county_code = $1`,
    `DELETE FROM scheduler.schools WHERE county_code = $1`,
  ]) {
    await m.query(sql, [countyCode]);
  }
}
