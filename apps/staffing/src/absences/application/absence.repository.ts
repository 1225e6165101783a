import type { EntityManager } from 'typeorm';
import type { Absence, NewAbsence } from '../domain/absence';

/** Port: teachers' absences, inside the caller's transaction or reader. */
export abstract class AbsenceRepository {
  abstract forTeacher(m: EntityManager, teacherId: string): Promise<Absence[]>;
  abstract findById(m: EntityManager, id: string): Promise<Absence | null>;
  abstract insert(m: EntityManager, a: NewAbsence, recordedBy: string): Promise<Absence>;
  /** Writes the new state if the version still matches; null when someone else changed it first. */
  abstract update(m: EntityManager, a: Absence, expectedVersion: number): Promise<Absence | null>;
}
