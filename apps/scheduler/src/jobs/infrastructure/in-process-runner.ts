import { Outbox, type ReadModelFreshness } from '@app/messaging';
import { PolicyValuesStore, type UnitOfWork } from '@app/runtime';
import { DispatchPlanner } from '../application/dispatch-planner';
import { RunCounty } from '../application/run-county.service';
import { ReviewCounty } from '../../obligations/application/review-county.service';
import { CountyFactsQuery } from '../../obligations/infrastructure/county-facts.query';
import { SqlRunRepository, SqlTermRepository } from './run.repository.sql';

/** The same code the queue's workers run, wired by hand for the operators' CLI and the benchmark (no Nest). */
export function inProcessRunner(uow: UnitOfWork, freshness?: ReadModelFreshness): { runner: RunCounty; planner: DispatchPlanner } {
  const terms = new SqlTermRepository();
  const review = new ReviewCounty(uow, new CountyFactsQuery(), new Outbox('scheduler'), new PolicyValuesStore('scheduler'));
  return { runner: new RunCounty(review, uow, new SqlRunRepository(), terms, freshness), planner: new DispatchPlanner(uow, terms) };
}
