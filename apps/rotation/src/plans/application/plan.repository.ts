import type { EntityManager } from 'typeorm';
import type { Infeasibility, Pin, PlannedMove } from '../../planning/domain';
import type { MoverAppointmentRow, PostRow } from '../domain/approved-moves';

export interface StoredPlan {
  id: string;
  number: number;
  method: string;
  status: string;
  objective: number;
  moves: PlannedMove[];
  metrics: unknown;
  infeasibilities: Infeasibility[];
  pins: Pin[];
  createdBy: string;
  createdAt: string;
}

export type NewPlan = Pick<StoredPlan, 'method' | 'status' | 'objective' | 'moves' | 'metrics' | 'infeasibilities' | 'pins' | 'createdBy'>;

export interface MoveRejection {
  teacherId: string;
  code: string;
  reason: string;
}

/** A cycle's plans, numbered 1, 2, … in the order they were solved. */
export abstract class PlanRepository {
  abstract insert(m: EntityManager, cycleId: string, plan: NewPlan): Promise<StoredPlan>;
  abstract find(m: EntityManager, cycleId: string, planId: string): Promise<StoredPlan | null>;
  /** moves staffing refused to apply (staffing.MoveRejected), by move id */
  abstract rejections(m: EntityManager, moveIds: readonly string[]): Promise<MoveRejection[]>;
  /** the same, with the move id: what staffing said of each of these moves */
  abstract rejectionsById(m: EntityManager, moveIds: readonly string[]): Promise<(MoveRejection & { moveId: string })[]>;
  /** the movers' appointments (not superseded), with shares and posts: what an approved move ends */
  abstract moverAppointments(m: EntityManager, teacherIds: readonly string[]): Promise<MoverAppointmentRow[]>;
  /** the county's posts with a headcount in the school year */
  abstract posts(m: EntityManager, countyCode: string, schoolYear: number): Promise<PostRow[]>;
  /** of these move ids, the ones staffing applied (its appointment carries the move id and was not withdrawn) */
  abstract appliedMoves(m: EntityManager, moveIds: readonly string[]): Promise<string[]>;
  /** the cycle's plans, newest first, without their moves */
  abstract list(m: EntityManager, cycleId: string): Promise<PlanSummary[]>;
  /** names of teachers and schools, for showing a plan's moves */
  abstract names(m: EntityManager, teacherIds: readonly string[], schoolIds: readonly string[]): Promise<PlanNames>;
  /** per cycle (of one county, or all), the plan that was approved or is proposed, or else the latest one, with its metrics */
  abstract chosenPlans(m: EntityManager, countyCode: string | undefined): Promise<ChosenPlan[]>;
}

export interface PlanSummary {
  id: string;
  number: number;
  method: string;
  status: string;
  objective: number;
  movers: number;
  createdBy: string;
  createdAt: string;
}

export interface PlanNames {
  teachers: Record<string, string>;
  schools: Record<string, string>;
}

export interface ChosenPlan {
  cycleId: string;
  countyCode: string;
  schoolYear: number;
  state: string;
  planNumber: number;
  planStatus: string;
  metrics: unknown;
  chosen: boolean;
}

/** The HR officer's pins of a cycle: every solve honours them until they are changed. */
export abstract class PinRepository {
  abstract list(m: EntityManager, cycleId: string): Promise<Pin[]>;
  /** Replaces the cycle's pins; returns the pins there were. */
  abstract replace(m: EntityManager, cycleId: string, pins: readonly Pin[], setBy: string): Promise<Pin[]>;
}
