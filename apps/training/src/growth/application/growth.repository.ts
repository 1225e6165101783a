import type { EntityManager } from 'typeorm';
import type { StageRecord } from '../domain/growth';

export interface CurrentStage extends StageRecord {
  teacherId: string;
  countyCode: string;
  version: number;
}

export interface HistoryItem extends StageRecord {
  evidence: string;
  recordedBy: string;
  recordedAt: string;
}

export interface Award {
  id: string;
  title: string;
  level: string;
  awardedOn: string;
}

/** Port: the growth path (R12): current stage with its version, its history and awards. */
export abstract class GrowthRepository {
  abstract lock(m: EntityManager, teacherId: string): Promise<CurrentStage | null>;
  abstract current(m: EntityManager, teacherId: string): Promise<CurrentStage | null>;
  /** sets the stage if the version still matches (0: none yet); null when someone changed it first */
  abstract save(m: EntityManager, s: Omit<CurrentStage, 'version'>, expectedVersion: number, evidence: string, recordedBy: string): Promise<CurrentStage | null>;
  abstract history(m: EntityManager, teacherId: string): Promise<HistoryItem[]>;
  abstract addAward(m: EntityManager, teacherId: string, a: Omit<Award, 'id'>, recordedBy: string): Promise<Award>;
  abstract awards(m: EntityManager, teacherId: string): Promise<Award[]>;
  abstract county(m: EntityManager, countyCode: string): Promise<(CurrentStage & { awardDates: string[] })[]>;
}
