import type { EntityManager } from 'typeorm';

export interface SavedPreferences {
  schoolIds: string[];
  submittedAt: string;
  version: number;
}

export interface PointCorrection {
  id: string;
  teacherId: string;
  message: string;
  createdAt: string;
}

/** Teachers' ranked preferences and their requests to correct their points, per cycle. */
export abstract class PreferenceRepository {
  /** Replaces the teacher's preferences in the cycle. */
  abstract save(m: EntityManager, cycleId: string, teacherId: string, schoolIds: string[]): Promise<SavedPreferences>;
  abstract find(m: EntityManager, cycleId: string, teacherId: string): Promise<SavedPreferences | null>;
  abstract addCorrection(m: EntityManager, cycleId: string, teacherId: string, message: string): Promise<{ id: string; createdAt: string }>;
  abstract corrections(m: EntityManager, cycleId: string): Promise<PointCorrection[]>;
}
