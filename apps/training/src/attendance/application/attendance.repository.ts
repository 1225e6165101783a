import type { EntityManager } from 'typeorm';
import type { AttendanceStatus } from '../domain/attendance';

export interface AttendanceRow {
  activityId: string;
  teacherId: string;
  status: AttendanceStatus;
  hours: number;
  result: string | null;
  certificateNo: string | null;
  confirmedAt?: string | null;
}

export interface AttendanceListItem extends AttendanceRow {
  staffNo: string | null;
  name: string | null;
  schoolId: string | null;
  confirmedBy: string | null;
}

/** Port: attendance per teacher per activity. */
export abstract class AttendanceRepository {
  /** rows of these activities, keyed `activityId|teacherId` */
  abstract forActivities(m: EntityManager, activityIds: string[]): Promise<Map<string, AttendanceRow>>;
  abstract upsert(m: EntityManager, rows: AttendanceRow[]): Promise<void>;
  abstract list(m: EntityManager, activityId: string, limit: number, offset: number): Promise<{ items: AttendanceListItem[]; total: number }>;
  /** marks the rows of these teachers confirmed; returns how many were not confirmed yet */
  abstract confirm(m: EntityManager, activityId: string, teacherIds: string[], by: string): Promise<string[]>;
  /** teachers with a row at the activity who work at the school on the date */
  abstract teachersAtSchool(m: EntityManager, activityId: string, schoolId: string, asOf: string): Promise<string[]>;
  /** status per teacher per activity for these activities */
  abstract statusIndex(m: EntityManager, activityIds: string[]): Promise<Map<string, Map<string, AttendanceStatus>>>;
}
