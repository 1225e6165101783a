import type { EntityManager } from 'typeorm';
import type { NewSchool, School } from '../domain/school';

/** Port: purpose-named operations on schools, always inside the caller's transaction. */
export abstract class SchoolRepository {
  abstract countyExists(manager: EntityManager, countyCode: string): Promise<boolean>;
  abstract codeTaken(manager: EntityManager, countyCode: string, code: string): Promise<boolean>;
  abstract insert(manager: EntityManager, school: NewSchool): Promise<School>;
  /** A district (学区) is created the first time a school names it. */
  abstract ensureDistrict(manager: EntityManager, countyCode: string, districtCode: string): Promise<void>;
  abstract findById(manager: EntityManager, id: string): Promise<School | null>;
  /** Writes the new state if the version still matches; null when someone else changed it first. */
  abstract update(manager: EntityManager, id: string, s: NewSchool, expectedVersion: number): Promise<School | null>;
  abstract list(manager: EntityManager, filter: { countyCode?: string; type?: string; limit: number; offset: number }): Promise<{ items: School[]; total: number }>;
}
