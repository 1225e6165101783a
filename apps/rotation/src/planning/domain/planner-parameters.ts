import { DEFAULT_POLICY, policyValue, type PolicyValue } from '@app/policy';
import type { PlannerParameters } from './plan-input';

/**
 * The planner's parameters in force on `date` (a cycle's effective date, e.g. its 1 September): every
 * number comes from the dated policy, so a past plan can be re-checked against the rules of its day.
 * Throws PolicyNotInForce for a date before a parameter took effect.
 */
export function plannerParameters(date: string, policy: readonly PolicyValue[] = DEFAULT_POLICY): PlannerParameters {
  const v = (key: Parameters<typeof policyValue>[0]) => policyValue(key, date, policy);
  return {
    minMoverShare: v('R1.min_exchange_share'),
    backboneMoverShare: v('R1.backbone_mover_share'),
    maxLeadershipMoveShare: v('planner.max_leadership_move_share'),
    minLeadersAllowedToMove: v('planner.min_leaders_allowed_to_move'),
    subjectFloor: v('planner.subject_floor'),
    weights: {
      towardRural: v('planner.weight.toward_rural'),
      towardWeak: v('planner.weight.toward_weak'),
      backboneTowardWeak: v('planner.weight.backbone_toward_weak'),
      preferenceRank: v('planner.weight.preference_rank'),
      sameDistrict: v('planner.weight.same_district'),
      disruption: v('planner.weight.disruption'),
    },
  };
}
