import type { EntityManager } from 'typeorm';
import type { Cycle } from '../../cycles/domain/cycle';
import type { CountyPlanningFacts } from '../domain/planner-input';

export abstract class PlannerFactsRepository {
  /** what the cycle's planner input is made of (see assemblePlannerInput) */
  abstract countyFacts(m: EntityManager, cycle: Cycle): Promise<CountyPlanningFacts>;
  /** teachers' names (with staff numbers) and schools' names, for exports and explanations */
  abstract names(m: EntityManager, teacherIds: readonly string[], schoolIds: readonly string[]): Promise<{ teachers: Map<string, string>; schools: Map<string, string> }>;
}
