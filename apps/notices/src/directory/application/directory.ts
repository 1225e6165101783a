import type { EntityManager } from 'typeorm';
import type { MoveFacts } from '../../notices/domain/amendments';
import type { Language } from '../../notices/domain/wording';

export interface SchoolFacts {
  schoolId: string;
  countyCode: string;
  code: string;
  name: string;
}

export interface TeacherFacts {
  teacherId: string;
  countyCode: string;
  staffNo?: string;
  name: string;
}

export interface AppointmentFacts {
  appointmentId: string;
  teacherId: string;
  schoolId: string;
  workloadShare: number;
  startDate: string;
  endDate: string | null;
}

export interface ContactFacts {
  teacherId: string;
  countyCode: string;
  email: string | null;
  phone: string | null;
  language: Language;
}

/** A teacher as a notice needs them: name, county, language, and the school of their main appointment today. */
export interface TeacherCard {
  teacherId: string;
  countyCode: string;
  staffNo: string | null;
  name: string;
  language: Language;
  schoolId: string | null;
  schoolName: string | null;
}

/**
 * The notices service's copy of staffing's facts (schools, teachers, their appointments, contacts), built
 * from events only with idempotent upserts, so replaying the topics rebuilds the same tables.
 */
export abstract class Directory {
  abstract recordSchool(m: EntityManager, s: SchoolFacts): Promise<void>;
  abstract recordTeacher(m: EntityManager, t: TeacherFacts): Promise<void>;
  abstract recordAppointment(m: EntityManager, a: AppointmentFacts): Promise<void>;
  abstract endAppointment(m: EntityManager, appointmentId: string, endDate: string): Promise<void>;
  /** the same writes for many events at once; rows with distinct keys (the handler cuts runs with distinctRuns) */
  abstract recordTeachers(m: EntityManager, ts: TeacherFacts[]): Promise<void>;
  abstract recordAppointments(m: EntityManager, as: AppointmentFacts[]): Promise<void>;
  abstract endAppointments(m: EntityManager, ends: { appointmentId: string; endDate: string }[]): Promise<void>;
  abstract supersede(m: EntityManager, appointmentId: string): Promise<void>;
  abstract recordContact(m: EntityManager, c: ContactFacts): Promise<void>;
  abstract teacher(m: EntityManager, teacherId: string, asOf: string): Promise<TeacherCard | null>;
  abstract schoolNames(m: EntityManager, schoolIds: string[]): Promise<Map<string, string>>;
  /** a teacher and the names of some schools, in one query (what a move's notices need) */
  abstract teacherAndSchools(m: EntityManager, teacherId: string, schoolIds: string[], asOf: string): Promise<{ teacher: TeacherCard | null; schools: Map<string, string> }>;

  // rotation's cycles and who submitted preferences; the obligations seen (for "raised" or "changed")
  abstract recordCycle(m: EntityManager, c: CycleFacts, eventId: string): Promise<void>;
  abstract markCycleApproved(m: EntityManager, cycleId: string): Promise<void>;
  /** keeps the latest submission of a teacher in a cycle */
  abstract recordSubmission(m: EntityManager, s: { cycleId: string; teacherId: string; schools: number; submittedAt: string }): Promise<void>;
  abstract collectingCycles(m: EntityManager, from: string): Promise<CycleFacts[]>;
  /** the obligation as known before, and the new state recorded */
  abstract swapObligation(m: EntityManager, o: { obligationId: string; severity: string; dueBy: string }): Promise<{ severity: string; dueBy: string } | null>;

  // approved moves (a plan's and its amendments') and appeals: what an amendment changes, and for whom
  /** records moves as approved (idempotent: a move already known is kept as it is) */
  abstract recordMoves(m: EntityManager, planId: string, amendmentId: string | null, moves: readonly MoveFacts[]): Promise<void>;
  /** the moves known of these ids, cancelled or not */
  abstract moves(m: EntityManager, moveIds: readonly string[]): Promise<MoveFacts[]>;
  abstract markCancelled(m: EntityManager, moveIds: readonly string[], amendmentId: string): Promise<void>;
  abstract recordAppeal(m: EntityManager, a: { appealId: string; teacherId: string; moveId: string }): Promise<void>;
  abstract appeal(m: EntityManager, appealId: string): Promise<{ teacherId: string; moveId: string } | null>;
}

export interface CycleFacts {
  cycleId: string;
  countyCode: string;
  schoolYear: number;
  deadline: string;
  effectiveDate: string;
}
