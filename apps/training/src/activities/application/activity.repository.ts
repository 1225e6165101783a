import type { EntityManager } from 'typeorm';
import type { ActivityFacts } from '../../compliance/domain/evaluate';
import type { Activity, NewActivity } from '../domain/activity';

export interface ActivityFilter {
  countyCode?: string;
  kind?: string;
  from?: string;
  to?: string;
  researcherId?: string;
  limit: number;
  offset: number;
}

/** Port: activities, by purpose. */
export abstract class ActivityRepository {
  /** null when the county already has an activity with the code */
  abstract insertMany(m: EntityManager, activities: (NewActivity & { creditHours: number })[]): Promise<Activity[] | null>;
  abstract findById(m: EntityManager, id: string): Promise<Activity | null>;
  abstract lock(m: EntityManager, id: string): Promise<Activity | null>;
  /** writes the new state if the version still matches; null when someone changed it first */
  abstract update(m: EntityManager, a: Activity, expectedVersion: number): Promise<Activity | null>;
  abstract confirm(m: EntityManager, id: string, by: string): Promise<Activity>;
  abstract byCodes(m: EntityManager, countyCode: string, codes: string[]): Promise<Map<string, Activity>>;
  abstract list(m: EntityManager, f: ActivityFilter): Promise<{ items: Activity[]; total: number }>;
  /** activities of a county starting in [from, to], and every visit and stationing of its researchers */
  abstract facts(m: EntityManager, countyCode: string, from: string, to: string): Promise<ActivityFacts[]>;
}
