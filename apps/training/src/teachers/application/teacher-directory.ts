import type { EntityManager } from 'typeorm';
import type { TeacherFacts } from '../../compliance/domain/evaluate';

/** A teacher as training knows them (from staffing's events) and where they work on a date. */
export interface TeacherView extends TeacherFacts {
  staffNo: string | null;
  name: string;
  title: string | null;
  schoolName: string | null;
  schoolCode: string | null;
}

export interface TeacherState {
  teacherId: string;
  countyCode: string;
  staffNo?: string;
  name: string;
  firstServiceDate: string;
  title: string | null;
  category: string;
  backboneLevel: string;
}

export interface AppointmentState {
  appointmentId: string;
  teacherId: string;
  schoolId: string;
  role: string;
  workloadShare: number;
  startDate: string;
  endDate: string | null;
}

/** Port: training's read model of teachers and their appointments, built from staffing's events. */
export abstract class TeacherDirectory {
  abstract recordTeacher(m: EntityManager, t: TeacherState): Promise<void>;
  abstract recordAppointment(m: EntityManager, a: AppointmentState): Promise<void>;
  abstract endAppointment(m: EntityManager, appointmentId: string, endDate: string): Promise<void>;
  /** the same writes for many events at once; rows with distinct keys (the handler cuts runs with distinctRuns) */
  abstract recordTeachers(m: EntityManager, ts: TeacherState[]): Promise<void>;
  abstract recordAppointments(m: EntityManager, as: AppointmentState[]): Promise<void>;
  abstract endAppointments(m: EntityManager, ends: { appointmentId: string; endDate: string }[]): Promise<void>;
  abstract supersede(m: EntityManager, appointmentId: string): Promise<void>;
  abstract find(m: EntityManager, teacherId: string, asOf: string): Promise<TeacherView | null>;
  /** teachers of a county by staff number (工号), with their school on the date */
  abstract byStaffNo(m: EntityManager, countyCode: string, staffNos: string[], asOf: string): Promise<Map<string, TeacherView>>;
  /** every teacher of a county with their school on the date: what the evaluation works from */
  abstract county(m: EntityManager, countyCode: string, asOf: string): Promise<TeacherView[]>;
  /** schools the teacher works at on the date (a school administrator's scope) */
  abstract schoolIds(m: EntityManager, teacherId: string, asOf: string): Promise<string[]>;
}
