import type { EntityManager } from 'typeorm';
import type { Appointment, NewAppointment } from '../domain/appointment';

export interface AppointmentView extends Appointment {
  schoolName: string;
  countyCode: string;
  subjectCode: string | null;
  endReason: string | null;
  teacherName: string;
  staffNo: string;
  arrivalConfirmedAt: string | null;
}

export abstract class AppointmentRepository {
  /** The teacher's appointments that have not been superseded by a correction. */
  abstract forTeacher(m: EntityManager, teacherId: string): Promise<Appointment[]>;
  abstract findById(m: EntityManager, id: string): Promise<Appointment | null>;
  abstract insert(m: EntityManager, a: NewAppointment, id?: string): Promise<Appointment>;
  /** Sets the end date if the version still matches; null when someone else changed it first. */
  abstract end(m: EntityManager, id: string, endDate: string, reason: string, expectedVersion: number): Promise<Appointment | null>;
  abstract supersede(m: EntityManager, id: string, byId: string, expectedVersion: number): Promise<boolean>;
  abstract history(m: EntityManager, teacherId: string): Promise<AppointmentView[]>;
  abstract atSchool(m: EntityManager, schoolId: string, date: string): Promise<AppointmentView[]>;
  /** appointments at the school starting between the dates whose arrival nobody has confirmed yet */
  abstract arrivalsAt(m: EntityManager, schoolId: string, from: string, to: string): Promise<AppointmentView[]>;
}
