import { DomainError } from '@app/errors';
import type { Pin, PlanBaseline, PlannedMove } from '../../planning/domain';
import type { PriorEnd } from '../../plans/domain/approved-moves';
import { diffPlans, type PlanDiff } from '../../plans/domain/plan-diff';

/**
 * An amendment answers an appeal by re-solving the cycle (issue #13): every other approved move is kept (the
 * planner's baseline: changing one costs more than any plan could gain), the appealing teacher's move is
 * forbidden (they stay, unless a rule such as a due R2/R3 obligation moves them elsewhere) or pinned to a
 * school HR chooses, and the planner changes only the moves it must (a move into the post the appealing
 * teacher no longer frees, say). The re-solve runs on the county as it stood before the plan: the moves
 * staffing applied are taken back out of the facts. It is approved like a plan (the cycle's version), and
 * announces the moves it cancels and the moves it adds.
 */
export type AmendmentAction = { kind: 'forbid' } | { kind: 'pin'; schoolId: string };

export const AMENDMENT_STATUSES = ['solving', 'ready', 'infeasible', 'failed', 'approved'] as const;
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number];

/** A move of the approved plan as it stands, as the amendment sees it. */
export interface StandingMove {
  moveId: string;
  teacherId: string;
  planned: PlannedMove;
}

export class AmendmentInvalid extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ROTATION.AMENDMENT_INVALID', 'invalid', message, details);
  }
}

export class AmendmentNotFound extends DomainError {
  constructor(id: string) {
    super('ROTATION.AMENDMENT_NOT_FOUND', 'not_found', `no amendment with id ${id} for this appeal`, { id });
  }
}

export class AmendmentNotApprovable extends DomainError {
  constructor(status: AmendmentStatus, why?: string) {
    super(
      'ROTATION.AMENDMENT_NOT_APPROVABLE',
      'conflict',
      why ??
        (status === 'solving'
          ? 'the amendment is still being solved; approve it once its diff is shown'
          : status === 'approved'
            ? 'the amendment was already approved'
            : `the amendment ${status === 'infeasible' ? 'breaks hard constraints (see its infeasibilities): choose another school or uphold the decision' : 'failed to solve: start another'}`),
      { status },
    );
  }
}

export class AmendmentStale extends DomainError {
  constructor(solvedAgainst: number, now: number) {
    super('ROTATION.AMENDMENT_STALE', 'conflict', `the approved plan changed after this amendment was solved (cycle version ${solvedAgainst}, now ${now}): re-solve the amendment on the plan as it stands`, {
      solvedAgainst,
      now,
    });
  }
}

/**
 * Checks HR's choice for the appealed move. A pin names another school than the teacher's own and than the
 * one the plan sends them to (keeping that is upholding the decision), and a school of the county.
 */
export function checkAction(action: AmendmentAction, move: Pick<PlannedMove, 'fromSchoolId' | 'toSchoolId'>, countySchools: ReadonlySet<string>): void {
  if (action.kind === 'forbid') return;
  if (!countySchools.has(action.schoolId)) throw new AmendmentInvalid(`school ${action.schoolId} is not a school of this county`, { schoolId: action.schoolId });
  if (action.schoolId === move.fromSchoolId) throw new AmendmentInvalid('the teacher already works at that school: forbid the move instead of pinning it there', { schoolId: action.schoolId });
  if (action.schoolId === move.toSchoolId) throw new AmendmentInvalid('the plan already sends the teacher there: uphold the decision instead', { schoolId: action.schoolId });
}

/**
 * The pins of the re-solve: the approved plan's forbidding pins (a move HR ruled out stays ruled out), less
 * any of the appealing teacher's, plus HR's choice — the approved destination forbidden, or the chosen school
 * forced. The plan's forcing pins are not repeated: the moves they forced are approved moves, which the
 * baseline keeps unless they must change (a forced move into the post the appealing teacher no longer frees).
 */
export function amendmentPins(planPins: readonly Pin[], move: Pick<PlannedMove, 'teacherId' | 'toSchoolId'>, action: AmendmentAction): Pin[] {
  const others = planPins.filter((p) => p.teacherId !== move.teacherId && p.kind === 'forbid');
  const own: Pin = action.kind === 'forbid' ? { teacherId: move.teacherId, schoolId: move.toSchoolId, kind: 'forbid' } : { teacherId: move.teacherId, schoolId: action.schoolId, kind: 'force' };
  return [...others, own];
}

/** The planner's baseline: every standing move but the appealing teacher's is to be kept. */
export function amendmentBaseline(standing: readonly StandingMove[], appealingTeacherId: string): PlanBaseline {
  return { keep: standing.filter((m) => m.teacherId !== appealingTeacherId).map((m) => ({ teacherId: m.teacherId, schoolId: m.planned.toSchoolId })) };
}

export interface AmendmentChanges {
  /** standing moves the amendment cancels (removed, or redirected to another school) */
  cancelled: StandingMove[];
  /** the amended plan's moves that are new (a teacher who did not move, or moves to another school) */
  added: PlannedMove[];
  kept: number;
  /** the same, as plan versions are compared (reusing the plan diff) */
  diff: PlanDiff;
}

/** What an amended plan changes in the plan as it stands. */
export function amendmentChanges(standing: readonly StandingMove[], amended: readonly PlannedMove[]): AmendmentChanges {
  const now = new Map(amended.map((m) => [m.teacherId, m]));
  const was = new Map(standing.map((m) => [m.teacherId, m]));
  const cancelled = standing.filter((m) => now.get(m.teacherId)?.toSchoolId !== m.planned.toSchoolId);
  const added = amended.filter((m) => was.get(m.teacherId)?.planned.toSchoolId !== m.toSchoolId);
  return { cancelled, added, kept: standing.length - cancelled.length, diff: diffPlans(standing.map((m) => m.planned), amended) };
}

/** An appointment row of rotation's read model, as far as undoing a plan is concerned. */
export interface AppointmentLike {
  appointmentId: string;
  endDate: string | null;
  moveId?: string | null;
}

/**
 * The county's appointments as they stood before the plan, from the read model as it is now: the
 * appointments staffing created for the plan's moves (any of them, its amendments' too) taken out, and
 * the ends those moves set given back as they were. An end is given back on the appointment's latest
 * correction (staffing restores an end by a correction, so the record carrying it may be a successor).
 */
export function beforePlan<T extends AppointmentLike>(rows: readonly T[], planMoveIds: ReadonlySet<string>, priorEnds: readonly PriorEnd[], successors: ReadonlyMap<string, string>): T[] {
  const latest = (id: string) => {
    let at = id;
    for (let hops = 0; successors.has(at) && hops < 100; hops++) at = successors.get(at)!;
    return at;
  };
  const restored = new Map<string, string | null>();
  for (const p of priorEnds) restored.set(latest(p.appointmentId), p.endDate);
  return rows.filter((r) => !(r.moveId && planMoveIds.has(r.moveId))).map((r) => (restored.has(r.appointmentId) ? { ...r, endDate: restored.get(r.appointmentId)! } : r));
}
