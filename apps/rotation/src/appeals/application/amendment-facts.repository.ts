import type { EntityManager } from 'typeorm';

/** What an amendment needs of the read model besides the planner's facts. */
export abstract class AmendmentFactsRepository {
  /** corrections among these teachers' appointments: superseded record → the record that replaced it */
  abstract successors(m: EntityManager, teacherIds: readonly string[]): Promise<Map<string, string>>;
}
