import type { EntityManager } from 'typeorm';
import type { Post } from '../../posts/domain/post';
import type { Appointment, NewAppointment } from '../domain/appointment';
import type { PlanFacts, PlanMove } from '../domain/approved-plan';

/** An end an applied move set, as it was before: what undoing the move restores. */
export interface PriorEnd {
  appointmentId: string;
  endDate: string | null;
}

/** Bulk reads and writes of applying an approved plan: one round trip per kind of fact, whatever the plan's size. */
export abstract class PlanApplicationRepository {
  /** Gathers one move of a plan; answers how many of the plan's moves are now gathered. */
  abstract gather(m: EntityManager, move: PlanMove): Promise<number>;
  abstract isApplied(m: EntityManager, planId: string): Promise<boolean>;
  /** the plan's gathered moves that have no outcome yet, by move id */
  abstract pendingMoves(m: EntityManager, planId: string): Promise<PlanMove[]>;
  /** everything decideApprovedPlan needs for these moves on the date; the movers' rows are locked */
  abstract facts(m: EntityManager, moves: readonly PlanMove[], date: string, schoolYear: number): Promise<PlanFacts>;
  /** ends the appointments the day before the date if their versions still match; the ended rows (fewer: someone changed one first) */
  abstract endAll(m: EntityManager, ends: readonly { appointment: Appointment; reason: string }[], endDate: string): Promise<Appointment[]>;
  abstract insertAll(m: EntityManager, appointments: readonly NewAppointment[]): Promise<Appointment[]>;
  /** bumps the posts' versions if they still match what was read; false when another write committed first */
  abstract claimPosts(m: EntityManager, posts: readonly Post[]): Promise<boolean>;
  abstract recordOutcomes(
    m: EntityManager,
    planId: string,
    outcomes: readonly (
      | { moveId: string; teacherId: string; status: 'applied'; appointmentId: string; priorEnds: PriorEnd[] }
      | { moveId: string; teacherId: string; status: 'rejected'; code: string; reason: string }
    )[],
  ): Promise<void>;
  abstract markApplied(m: EntityManager, planId: string, countyCode: string | null, moves: number, applied: number, rejected: number): Promise<void>;
}
