import type { EntityManager } from 'typeorm';
import type { SchoolHistory, TeacherFacts } from '../domain/accrual';
import type { Month } from '../domain/calendar';

export interface SchoolInfo {
  schoolId: string;
  code: string | null;
  name: string;
  countyCode: string;
}

export interface TeacherInfo {
  teacherId: string;
  countyCode: string;
  staffNo: string | null;
  name: string;
}

/** Port: the facts a month's accrual reads from the read model (staffing's facts as subsidies keeps them). */
export abstract class LedgerFacts {
  /** Every teacher with an appointment in the county during the month, with their history up to its end. */
  abstract countyTeachers(m: EntityManager, countyCode: string, month: Month): Promise<TeacherFacts[]>;
  abstract teacher(m: EntityManager, teacherId: string): Promise<TeacherFacts>;
  abstract schools(m: EntityManager, countyCode: string): Promise<SchoolHistory[]>;
  abstract schoolInfo(m: EntityManager, schoolIds: readonly string[]): Promise<Map<string, SchoolInfo>>;
  abstract teacherInfo(m: EntityManager, teacherId: string): Promise<TeacherInfo | null>;
}
