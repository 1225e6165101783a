import type { EntityManager } from 'typeorm';
import type { Appointment } from '../domain/appointment';
import type { CancelledMoveFacts } from '../domain/plan-amendment';

export type Cancellation = 'undone' | 'refused' | 'not_applied';

/** Reads and writes of applying an amended plan (rotation.PlanAmended), besides those of applying its new moves. */
export abstract class AmendmentApplicationRepository {
  abstract isApplied(m: EntityManager, amendmentId: string): Promise<boolean>;
  /** locks the teachers (in id order, as the plan's application does) */
  abstract lockTeachers(m: EntityManager, teacherIds: readonly string[]): Promise<void>;
  /** what staffing knows of each cancelled move, the appointments involved as they are now */
  abstract cancelledMoves(m: EntityManager, planId: string, moveIds: readonly string[]): Promise<CancelledMoveFacts[]>;
  /** withdraws an appointment that has not started, if its version still matches */
  abstract withdraw(m: EntityManager, a: Appointment, reason: string): Promise<boolean>;
  /** supersedes the appointment with a record that has this end (a correction); null when someone changed it first */
  abstract restore(m: EntityManager, a: Appointment, endDate: string | null, reason: string): Promise<Appointment | null>;
  abstract markCancellation(m: EntityManager, moveId: string, amendmentId: string, cancellation: Cancellation, reason: string): Promise<void>;
  /** a move of a plan not yet applied, cancelled: it never will be */
  abstract recordSkipped(m: EntityManager, moveId: string, teacherId: string, planId: string, amendmentId: string, reason: string): Promise<void>;
  /** the moves the amendment added (applied or rejected) carry its id */
  abstract markAdded(m: EntityManager, moveIds: readonly string[], amendmentId: string): Promise<void>;
  abstract markApplied(m: EntityManager, r: { amendmentId: string; planId: string; countyCode: string; cancelled: number; undone: number; refused: number; applied: number; rejected: number }): Promise<void>;
  /** the teachers' counties and the posts' subjects, for the events */
  abstract labels(m: EntityManager, teacherIds: readonly string[], postIds: readonly string[]): Promise<{ counties: Map<string, string>; subjects: Map<string, string | null> }>;
}
