import type { EntityManager } from 'typeorm';
import type { EstablishmentEntry, NewEstablishmentEntry } from '../domain/establishment';

/** Port: a teacher's establishment history (编制类型), inside the caller's transaction or reader. */
export abstract class EstablishmentRepository {
  /** Every entry, superseded ones included, in date order. */
  abstract history(m: EntityManager, teacherId: string): Promise<EstablishmentEntry[]>;
  /** The optimistic-lock version of the teacher's establishment history (1 before any entry). */
  abstract version(m: EntityManager, teacherId: string): Promise<number | null>;
  /** Moves the version on if it still matches; false when someone else changed the history first. */
  abstract bumpVersion(m: EntityManager, teacherId: string, expectedVersion: number): Promise<boolean>;
  abstract supersede(m: EntityManager, entryId: string, byId: string): Promise<void>;
  abstract insert(m: EntityManager, teacherId: string, e: NewEstablishmentEntry, recordedBy: string, id: string): Promise<EstablishmentEntry>;
}
