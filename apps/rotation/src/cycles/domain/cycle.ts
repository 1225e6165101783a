import { DomainError } from '@app/errors';

/**
 * A rotation cycle: one county, one school year. HR opens it, teachers enter preferences until the
 * deadline, HR plans, proposes, approves, and the approved moves are executed by staffing.
 */
export const CYCLE_STATES = ['draft', 'collecting', 'planning', 'proposed', 'approved', 'executed'] as const;
export type CycleState = (typeof CYCLE_STATES)[number];

export interface Cycle {
  id: string;
  countyCode: string;
  schoolYear: number;
  state: CycleState;
  /** last day teachers may enter preferences (inclusive, Asia/Shanghai) */
  preferenceDeadline: string | null;
  /** moves take effect on this date (1 September of the school year by default) */
  effectiveDate: string;
  /** the plan proposed for approval (set by proposing, cleared by going back to planning) */
  proposedPlanId: string | null;
  version: number;
}

export interface TransitionOptions {
  /** opening preference collection: the last day teachers may enter preferences */
  preferenceDeadline?: string;
  /** proposing: the plan proposed; approving: the plan approved, which must be the one proposed */
  planId?: string;
}

/** Which step may follow which; going back from a proposal to planning is allowed (re-plan). */
const NEXT: Record<CycleState, readonly CycleState[]> = {
  draft: ['collecting'],
  collecting: ['planning'],
  planning: ['proposed'],
  proposed: ['planning', 'approved'],
  approved: ['executed'],
  executed: [],
};

export class CycleTransitionRefused extends DomainError {
  constructor(from: CycleState, to: CycleState, why?: string) {
    super('ROTATION.TRANSITION_REFUSED', 'conflict', why ?? `a cycle in ${from} cannot move to ${to}; next: ${NEXT[from].join(', ') || 'none'}`, { from, to });
  }
}

export class CycleNotFound extends DomainError {
  constructor(id: string) {
    super('ROTATION.CYCLE_NOT_FOUND', 'not_found', `no rotation cycle with id ${id}`, { id });
  }
}

export class CycleExists extends DomainError {
  constructor(countyCode: string, schoolYear: number) {
    super('ROTATION.CYCLE_EXISTS', 'conflict', `${countyCode} already has a rotation cycle for school year ${schoolYear}`, { countyCode, schoolYear });
  }
}

export class PreferencesClosed extends DomainError {
  constructor(cycle: Pick<Cycle, 'state' | 'preferenceDeadline'>, today: string) {
    super(
      'ROTATION.PREFERENCES_CLOSED',
      'conflict',
      cycle.state !== 'collecting'
        ? `preferences are not being collected (the cycle is ${cycle.state})`
        : `the deadline for preferences was ${cycle.preferenceDeadline}; today is ${today}`,
      { state: cycle.state, deadline: cycle.preferenceDeadline },
    );
  }
}

export class PreferencesInvalid extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ROTATION.PREFERENCES_INVALID', 'invalid', message, details);
  }
}

/** A new cycle starts as a draft; its moves take effect on 1 September of its school year. */
export function newCycle(countyCode: string, schoolYear: number): Omit<Cycle, 'id' | 'version'> {
  return { countyCode, schoolYear, state: 'draft', preferenceDeadline: null, effectiveDate: `${schoolYear}-09-01`, proposedPlanId: null };
}

/**
 * The checked next state of a cycle. Opening collection needs a deadline that is not in the past and comes
 * before the moves take effect; proposing names the plan; approving names the proposed plan (so a cycle is
 * approved only through the approval use case, which announces the plan's moves); going back from a
 * proposal to planning withdraws it.
 */
export function transition(cycle: Cycle, to: CycleState, today: string, options: TransitionOptions = {}): Cycle {
  if (!NEXT[cycle.state].includes(to)) throw new CycleTransitionRefused(cycle.state, to);
  if (to === 'proposed') {
    if (!options.planId) throw new CycleTransitionRefused(cycle.state, to, 'a cycle is proposed with a plan: POST /cycles/{id}/plans/{planId}/propose');
    return { ...cycle, state: to, proposedPlanId: options.planId };
  }
  if (to === 'approved') {
    if (!options.planId || options.planId !== cycle.proposedPlanId) throw new CycleTransitionRefused(cycle.state, to, 'a cycle is approved with its proposed plan: POST /cycles/{id}/approve');
    return { ...cycle, state: to };
  }
  if (to === 'planning' && cycle.state === 'proposed') return { ...cycle, state: to, proposedPlanId: null };
  const preferenceDeadline = options.preferenceDeadline;
  if (to === 'collecting') {
    if (!preferenceDeadline) throw new CycleTransitionRefused(cycle.state, to, 'opening preference collection needs a deadline');
    if (preferenceDeadline < today) throw new CycleTransitionRefused(cycle.state, to, `the deadline ${preferenceDeadline} is already past`);
    if (preferenceDeadline >= cycle.effectiveDate) throw new CycleTransitionRefused(cycle.state, to, `the deadline must come before the moves take effect on ${cycle.effectiveDate}`);
    return { ...cycle, state: to, preferenceDeadline };
  }
  return { ...cycle, state: to };
}

export const MAX_PREFERENCES = 10;

/** Up to 10 distinct schools, ranked, entered while the cycle collects and before its deadline. */
export function checkPreferences(cycle: Cycle, schoolIds: readonly string[], today: string, knownSchools: ReadonlySet<string>, currentSchoolId: string | null): string[] {
  if (cycle.state !== 'collecting' || (cycle.preferenceDeadline !== null && today > cycle.preferenceDeadline)) throw new PreferencesClosed(cycle, today);
  if (schoolIds.length > MAX_PREFERENCES) throw new PreferencesInvalid(`at most ${MAX_PREFERENCES} schools, ranked`, { count: schoolIds.length });
  const seen = new Set<string>();
  for (const id of schoolIds) {
    if (seen.has(id)) throw new PreferencesInvalid(`school ${id} is listed twice`, { schoolId: id });
    seen.add(id);
    if (!knownSchools.has(id)) throw new PreferencesInvalid(`school ${id} is not a school of this county`, { schoolId: id });
    if (id === currentSchoolId) throw new PreferencesInvalid('your current school cannot be a rotation preference', { schoolId: id });
  }
  return [...schoolIds];
}

export class CorrectionWindowClosed extends DomainError {
  constructor(state: CycleState) {
    super('ROTATION.CORRECTION_WINDOW_CLOSED', 'conflict', `corrections to points are taken until planning starts; the cycle is ${state}`, { state });
  }
}

/** Teachers may ask for a correction of the facts behind their points until planning starts. */
export function checkCorrectionWindow(cycle: Pick<Cycle, 'state'>): void {
  if (cycle.state !== 'draft' && cycle.state !== 'collecting') throw new CorrectionWindowClosed(cycle.state);
}
