import { DEFAULT_POLICY, policyValueOrNull as paramOrNull, type PolicyValue } from '@app/policy';
import { anniversary, assertIsoDate, displayYears, leaderTenure, nextCycleDate, reachesYears, yearsBetween, type IsoDate, type LeaderTenure } from '@app/rules';
import type { AppointmentFacts, ObligationFinding, TeacherFacts } from './facts';

type Policy = readonly PolicyValue[];

/**
 * R2 (seed 二.11): leaders stay in the same post at most `R2.max_leader_tenure_years` (12) consecutive years.
 *
 * Leaders are moved by rotation cycles, which take effect on 1 September, so the rule is judged at cycle
 * dates. With C = nextCycleDate(asOf) (the first 1 September strictly after asOf) and the tenure from
 * leaderTenure:
 * - 'overdue' when at some cycle date C' ≤ asOf, during the current tenure, the tenure had already reached
 *   the maximum in force at C' (anniversary ≤ C'): the teacher should have been moved at that cycle and is
 *   still in the post. dueBy = the first such C'. This is the brief's "≥ 12 at asOf and the anniversary
 *   before the last cycle date", with one deliberate difference: an anniversary falling ON the cycle date
 *   counts (≤, not <). A tenure from 2014-09-01 is 'due' by 2026-09-01 on 2026-08-31; on 2026-09-01 the
 *   teacher is still in post on the day the move was due, so it is 'overdue' — with "<" it would silently
 *   become 'due' for 2027-09-01 and the leader would gain a year.
 * - 'due' when at C the tenure will have reached the maximum in force at C; dueBy = C. This is raised a
 *   whole school year ahead, so the plan for cycle C must move the leader.
 * - 'warning' when at C the tenure will have reached `R2.warning_tenure_years` (11) but not the maximum;
 *   dueBy = the date the tenure reaches the maximum (its anniversary).
 * - nothing when the tenure is already known to end before C (the leader's appointment ends by 31 August
 *   and no continuation is recorded: a move is already in place), or when R2 is not in force at C.
 * Each threshold is read on the cycle date it is applied to, so a change of the maximum (say 10 from
 * 2027-09-01) applies from the first cycle on or after its effective date and never retroactively;
 * cycles before R2 took effect (2023-09-01) never make a tenure overdue.
 *
 * Facts: schoolId, schoolType, role, since (tenure start), years (at asOf, truncated to 2 decimals — see
 * displayYears), yearsAtCycle, cycleDate, maxYears, reachesMaxOn.
 */
export function evaluateR2(teacher: TeacherFacts, appointments: readonly AppointmentFacts[], asOf: IsoDate, policy: Policy = DEFAULT_POLICY): ObligationFinding | null {
  void teacher; // R2 is decided by the leadership appointments, whatever the teacher's category
  assertIsoDate(asOf, 'asOf');
  const tenure = leaderTenure(appointments, asOf, policy);
  if (!tenure) return null;
  const cycleDate = nextCycleDate(asOf);

  const missed = firstMissedCycle(tenure, asOf, policy);
  if (missed) return finding('overdue', missed.cycle, tenure, asOf, cycleDate, missed.maxYears);

  const maxYears = paramOrNull('R2.max_leader_tenure_years', cycleDate, policy);
  if (maxYears === null) return null;
  if (tenure.plannedEnd !== null && tenure.plannedEnd < cycleDate) return null;
  if (reachesYears(tenure.since, maxYears, cycleDate)) return finding('due', cycleDate, tenure, asOf, cycleDate, maxYears);

  const warningYears = paramOrNull('R2.warning_tenure_years', cycleDate, policy);
  if (warningYears !== null && reachesYears(tenure.since, warningYears, cycleDate)) {
    return finding('warning', anniversary(tenure.since, maxYears), tenure, asOf, cycleDate, maxYears);
  }
  return null;
}

/** The first cycle date in (since, asOf] at which the tenure had reached the maximum then in force. */
function firstMissedCycle(tenure: LeaderTenure, asOf: IsoDate, policy: Policy): { cycle: IsoDate; maxYears: number } | null {
  for (let cycle = nextCycleDate(tenure.since); cycle <= asOf; cycle = nextCycleDate(cycle)) {
    const maxYears = paramOrNull('R2.max_leader_tenure_years', cycle, policy);
    if (maxYears !== null && reachesYears(tenure.since, maxYears, cycle)) return { cycle, maxYears };
  }
  return null;
}

function finding(severity: ObligationFinding['severity'], dueBy: IsoDate, tenure: LeaderTenure, asOf: IsoDate, cycleDate: IsoDate, maxYears: number): ObligationFinding {
  return {
    rule: 'R2',
    severity,
    dueBy,
    facts: {
      schoolId: tenure.schoolId,
      schoolType: tenure.schoolType,
      role: tenure.role,
      since: tenure.since,
      years: displayYears(yearsBetween(tenure.since, asOf)),
      yearsAtCycle: displayYears(yearsBetween(tenure.since, cycleDate)),
      cycleDate,
      maxYears,
      reachesMaxOn: anniversary(tenure.since, maxYears),
    },
  };
}
