import type { APPOINTMENT_KINDS, BACKBONE_LEVELS, ROLES, SCHOOL_TYPES } from '@app/contracts';
import type { IsoDate } from './calendar-date';

/**
 * The facts the shared rules read, as every service's read model holds them (built from staffing's events).
 * Only types come from @app/contracts: the rules stay plain functions of their inputs.
 */
export type SchoolType = (typeof SCHOOL_TYPES)[number];
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];
export type Role = (typeof ROLES)[number];
export type BackboneLevel = (typeof BACKBONE_LEVELS)[number];
export type Gender = 'female' | 'male';

/** What the retirement and exemption rules need of a person. */
export interface PersonFacts {
  /** when given, recorded exemptions naming another teacher are ignored */
  teacherId?: string;
  gender: Gender;
  birthDate: IsoDate;
}

/**
 * One of a teacher's appointments, as far as tenure needs it. `endDate` is inclusive (the last day
 * served); null = open-ended. `schoolType` may be 'unknown' while a read model has not heard of the school.
 */
export interface TenureAppointment {
  appointmentId: string;
  schoolId: string;
  schoolType: SchoolType | 'unknown';
  kind: AppointmentKind;
  role: Role;
  startDate: IsoDate;
  endDate: IsoDate | null;
}

/** An exemption county HR recorded (illness, secondment, maternity…); both ends inclusive. */
export interface RecordedExemption {
  teacherId?: string;
  reason: string;
  from: IsoDate;
  until: IsoDate;
}
