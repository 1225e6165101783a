import type { EntityManager } from 'typeorm';
import type { SchemeVersion } from '../domain/scheme';

/** Port: a county's dated scheme versions; a change is a new version, never an edit. */
export abstract class SchemeRepository {
  abstract versions(m: EntityManager, countyCode: string): Promise<SchemeVersion[]>;
  /** The latest version number (0 when the county has none yet). */
  abstract latestVersion(m: EntityManager, countyCode: string): Promise<number>;
  abstract insert(m: EntityManager, v: Omit<SchemeVersion, 'createdAt'>): Promise<SchemeVersion>;
}
