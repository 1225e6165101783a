import type { EntityManager } from 'typeorm';
import type { GeneratedCounty } from './county-generator';
import { generateAbsences, generateEstablishment } from './staffing-extras';

/**
 * Fills the subsidies service's read model (schools with their facts, teachers, appointments, establishment
 * types, absences) straight from a generated county, as if every staffing event had been consumed: for
 * benchmarks and tests that need a big county without pushing tens of thousands of events through Kafka.
 * Set-based: one INSERT … SELECT FROM unnest per table (and per 20,000 rows).
 */
export async function loadSubsidiesReadModel(m: EntityManager, data: GeneratedCounty): Promise<{ schools: number; teachers: number; appointments: number; establishment: number; absences: number }> {
  const s = data.schools;
  await m.query(
    `INSERT INTO subsidies.schools (school_id, county_code, name, remote_tier, rural, eligible, code, type)
     SELECT x.id, x.county, x.name, x.tier, x.rural, x.rural AND x.tier >= 1, x.code, x.type
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::smallint[], $5::boolean[], $6::text[], $7::text[]) AS x(id, county, name, tier, rural, code, type)`,
    [s.map((x) => x.id), s.map((x) => x.countyCode), s.map((x) => x.name), s.map((x) => x.remoteTier), s.map((x) => x.rural), s.map((x) => x.code), s.map((x) => x.type)],
  );
  await m.query(
    `INSERT INTO subsidies.school_facts (school_id, effective_from, remote_tier, rural, type)
     SELECT x.id, DATE '1900-01-01', x.tier, x.rural, x.type FROM unnest($1::uuid[], $2::smallint[], $3::boolean[], $4::text[]) AS x(id, tier, rural, type)`,
    [s.map((x) => x.id), s.map((x) => x.remoteTier), s.map((x) => x.rural), s.map((x) => x.type)],
  );
  for (let i = 0; i < data.teachers.length; i += 20000) {
    const t = data.teachers.slice(i, i + 20000);
    await m.query(
      `INSERT INTO subsidies.teachers (teacher_id, county_code, staff_no, name) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])`,
      [t.map((x) => x.id), t.map((x) => x.countyCode), t.map((x) => x.staffNo), t.map((x) => x.name)],
    );
  }
  for (let i = 0; i < data.appointments.length; i += 20000) {
    const a = data.appointments.slice(i, i + 20000);
    await m.query(
      `INSERT INTO subsidies.appointments (appointment_id, teacher_id, school_id, county_code, kind, workload_share, start_date, end_date)
       SELECT x.id, x.teacher_id, x.school_id, $1, x.kind, x.share, x.start_date, x.end_date
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::numeric[], $7::date[], $8::date[]) AS x(id, teacher_id, school_id, kind, share, start_date, end_date)`,
      [data.countyCode, a.map((x) => x.id), a.map((x) => x.teacherId), a.map((x) => x.schoolId), a.map((x) => x.kind), a.map((x) => x.workloadShare), a.map((x) => x.startDate), a.map((x) => x.endDate)],
    );
  }
  const entries = generateEstablishment(data);
  await m.query(
    `INSERT INTO subsidies.establishments (entry_id, teacher_id, county_code, type, effective_from)
     SELECT x.id, x.teacher_id, $1, x.type, x.effective_from FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::date[]) AS x(id, teacher_id, type, effective_from)`,
    [data.countyCode, entries.map((e) => e.id), entries.map((e) => e.teacherId), entries.map((e) => e.type), entries.map((e) => e.effectiveFrom)],
  );
  const absences = generateAbsences(data);
  await m.query(
    `INSERT INTO subsidies.absences (absence_id, teacher_id, county_code, kind, start_date, end_date, status)
     SELECT x.id, x.teacher_id, $1, x.kind, x.start_date, x.end_date, 'active' FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::date[], $6::date[]) AS x(id, teacher_id, kind, start_date, end_date)`,
    [data.countyCode, absences.map((a) => a.id), absences.map((a) => a.teacherId), absences.map((a) => a.kind), absences.map((a) => a.startDate), absences.map((a) => a.endDate)],
  );
  return { schools: s.length, teachers: data.teachers.length, appointments: data.appointments.length, establishment: entries.length, absences: absences.length };
}

/** Removes one county from the subsidies schema (read model, ledger, accruals, batches, their outbox rows and audit), so it can be loaded again. */
export async function clearSubsidiesCounty(m: EntityManager, countyCode: string): Promise<void> {
  for (const sql of [
    `DELETE FROM subsidies.outbox WHERE payload->>'countyCode' = $1`,
    `DELETE FROM subsidies.ledger_lines WHERE county_code = $1`,
    `DELETE FROM subsidies.batches WHERE county_code = $1`,
    `DELETE FROM subsidies.accruals WHERE county_code = $1`,
    `DELETE FROM subsidies.absences WHERE county_code = $1`,
    `DELETE FROM subsidies.establishments WHERE county_code = $1`,
    `DELETE FROM subsidies.appointments WHERE county_code = $1`,
    `DELETE FROM subsidies.teachers WHERE county_code = $1`,
    `DELETE FROM subsidies.school_facts WHERE school_id IN (SELECT school_id FROM subsidies.schools WHERE county_code = $1)`,
    `DELETE FROM subsidies.schools WHERE county_code = $1`,
  ]) {
    await m.query(sql, [countyCode]);
  }
}
