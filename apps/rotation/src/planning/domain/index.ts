/**
 * The rotation planner (pure TypeScript; HiGHS through the npm `highs` WebAssembly package):
 * planRotation (LP/MIP optimizer with explained infeasibility), the greedy and deferred-acceptance
 * baselines, an independent constraint checker and plan metrics.
 */
export * from './plan-input';
export * from './plan';
export * from './planner-parameters';
export { moveScore, preferenceRank } from './objective';
export { buildCandidates, DEFAULT_CANDIDATES_PER_TEACHER, type Candidate, type CandidateOptions } from './candidates';
export { arrivalKind, CountyIndex } from './county-index';
export { planRotation, PlannerFailed, type PlannerOptions } from './planner';
export { highsRuntime, SolveCancelled, type SolveHooks, type SolveOptions } from './highs-solver';
export { PlanningSession } from './planning-session';
export { placementOdds, type PlacementOdds, type PlacementOddsOptions, type CandidateOdds, type PostRoom } from './placement-odds';
export { greedyPlan, deferredAcceptancePlan } from './baselines';
export { checkPlan, type Violation, type CheckedMove } from './checker';
export { planMetrics, type PlanMetrics } from './metrics';
