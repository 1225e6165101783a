import type { DataSource } from 'typeorm';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox, type OutboxRelay } from '@app/messaging';
import { PolicyValuesStore, UnitOfWork } from '@app/runtime';
import { readRows } from '@app/spreadsheet';
import { ACTIVITY_IMPORT_COLUMNS, ImportActivities } from '../apps/training/src/activities/application/import-activities.use-case';
import { SqlActivityRepository } from '../apps/training/src/activities/infrastructure/activity.repository.sql';
import { ATTENDANCE_IMPORT_COLUMNS, ImportAttendance } from '../apps/training/src/attendance/application/import-attendance.use-case';
import { SqlAttendanceRepository } from '../apps/training/src/attendance/infrastructure/attendance.repository.sql';
import { EvaluateCompliance } from '../apps/training/src/compliance/application/evaluate-compliance.use-case';
import { SqlComplianceRepository } from '../apps/training/src/compliance/infrastructure/compliance.repository.sql';
import { SqlCreditLedger } from '../apps/training/src/credits/infrastructure/credit-ledger.sql';
import { TrainingSchoolStore } from '../apps/training/src/schools/infrastructure/training-school.store';
import { SqlTeacherDirectory } from '../apps/training/src/teachers/infrastructure/teacher-directory.sql';
import type { GeneratedCounty } from './county-generator';
import { generateTrainingYear, loadTrainingReadModel } from './training-year';

/** The seeds' and benchmark's officer: what they import is audited under this name. */
export const SEED_ACTOR: Actor = { subject: 'seed', role: 'county_hr' };

/** Training's use cases wired by hand (no Nest, no relay: the events stay in the outbox for the service's relay). */
export function trainingUseCases(ds: DataSource) {
  const uow = new UnitOfWork(ds, { poke: () => undefined } as unknown as OutboxRelay);
  const activities = new SqlActivityRepository();
  const attendance = new SqlAttendanceRepository();
  const directory = new SqlTeacherDirectory();
  const ledger = new SqlCreditLedger();
  const schools = new TrainingSchoolStore();
  const outbox = new Outbox('training');
  const audit = new AuditTrail('training');
  const policy = new PolicyValuesStore('training');
  return {
    uow,
    importActivities: new ImportActivities(uow, policy, activities, directory, schools, audit),
    importAttendance: new ImportAttendance(uow, policy, activities, attendance, directory, ledger, outbox, audit),
    evaluate: new EvaluateCompliance(uow, policy, directory, activities, attendance, ledger, schools, new SqlComplianceRepository(), outbox, audit),
  };
}

/**
 * A school year of training for a generated county, loaded the way HR would: training's read model as
 * staffing's events will make it, then the activities sheet, the attendance sheet (through the imports,
 * so the ledger, CreditPosted events and audit rows are real) and the schools' confirmations of visits.
 * Skipped when the county already has activities.
 */
export async function loadTrainingYear(ds: DataSource, data: GeneratedCounty, schoolYear: number): Promise<{ loaded: boolean; activities: number; attendance: number; postings: number; seconds: number }> {
  const t0 = Date.now();
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM training.activities WHERE county_code = $1`, [data.countyCode]);
  if (n > 0) return { loaded: false, activities: n, attendance: 0, postings: 0, seconds: 0 };
  await ds.transaction((m) => loadTrainingReadModel(m, data));
  const year = generateTrainingYear(data, schoolYear);
  const u = trainingUseCases(ds);
  await u.importActivities.execute(SEED_ACTOR, data.countyCode, await readRows(Buffer.from(year.activitiesCsv), 'csv', ACTIVITY_IMPORT_COLUMNS, 250_000), false);
  const att = await u.importAttendance.execute(SEED_ACTOR, data.countyCode, await readRows(Buffer.from(year.attendanceCsv), 'csv', ATTENDANCE_IMPORT_COLUMNS, 250_000), false);
  await ds.query(`UPDATE training.activities SET confirmed_at = end_date::timestamptz + interval '18 hours', confirmed_by = 'seed:school' WHERE county_code = $1 AND code = ANY($2)`, [data.countyCode, year.confirmedCodes]);
  return { loaded: true, activities: year.activities, attendance: year.attendance, postings: att.written.postings, seconds: (Date.now() - t0) / 1000 };
}
