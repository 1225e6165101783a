import type { MandatoryRule, TeacherCategory } from './plan-input';

/** What every planning method returns: the optimizer, the greedy baseline and deferred acceptance. */

export type PlanMethod = 'optimizer' | 'greedy' | 'deferred_acceptance';

/**
 * - optimal: the optimizer proved optimality (the LP relaxation came out integral, or the MIP closed);
 * - feasible: the optimizer's plan meets every hard constraint; `bound.gap` says how far from the LP bound;
 * - infeasible: no plan meets every hard constraint; `infeasibilities` explains why, and `moves` is the
 *   best-effort plan of the elastic model (violating exactly what is listed there, by those amounts);
 * - heuristic: a baseline's plan, which nothing guarantees (run checkPlan on it).
 */
export type PlanStatus = 'optimal' | 'feasible' | 'infeasible' | 'heuristic';

export interface PlannedMove {
  teacherId: string;
  fromSchoolId: string;
  toSchoolId: string;
  /** the post the teacher fills at the destination: their main subject (null for leadership / researcher posts) */
  subject: string | null;
  category: TeacherCategory;
  mandatory: MandatoryRule | null;
  /** 1-based rank of the destination in the teacher's preferences; null if not listed */
  preferenceRank: number | null;
  /** the move's term of the objective (see moveScore) */
  score: number;
  /** forced by an HR officer's pin */
  pinned: boolean;
}

/** The constraint groups of the model, used by explanations and by the checker. */
export type ConstraintGroup =
  | 'mandatory_move' // an R2/R3 teacher is not moved
  | 'r3_places' // R3 teachers of a subject outnumber the places at county-town and township-central schools
  | 'no_candidate' // a mandatory teacher has no school they could be moved to
  | 'capacity' // a post would exceed its approved headcount
  | 'subject_floor' // a sending school would keep fewer qualified teachers of a subject than the floor
  | 'min_movers' // R1: fewer movers than ceil(5% × teachers)
  | 'backbone_share' // backbone movers below 20% of movers
  | 'leadership_cap' // more leaders leave a school than floor(30% × team)
  | 'pin'; // a pin cannot be honoured as given

export interface Infeasibility {
  constraint: ConstraintGroup;
  /** where it bites: a school, a post, a subject, the county */
  where: string;
  /** what the rules need there and what the county has: `required − available = shortBy` */
  required: number;
  available: number;
  shortBy: number;
  /** e.g. "Taishan: 14 R3 placements need county-town/township-central mathematics places, 9 exist" */
  message: string;
  /** 'precheck' (counted before solving) or 'elastic' (slack of the elastic re-solve) */
  source: 'precheck' | 'elastic';
  teacherIds?: string[];
  schoolId?: string;
}

export interface SolveBound {
  /** the LP relaxation's optimum: no plan can score more */
  lpBound: number;
  /** (lpBound − objective) / max(1, |lpBound|) */
  gap: number;
  /** the LP's vertex solution was integral, so it is the plan (and optimal) */
  integralLp: boolean;
  /** how the integer plan was obtained when the LP was fractional */
  mip: null | { strategy: 'fix_integral_and_branch' | 'full_mip'; status: string; seconds: number; fractionalColumns: number; dualBound: number | null };
}

export interface PlanStats {
  teachers: number;
  /** teachers with at least one candidate school */
  movable: number;
  columns: number;
  rows: number;
  nonzeros: number;
  candidatesMs: number;
  buildMs: number;
  lpMs: number;
  mipMs: number;
  elasticMs: number;
  totalMs: number;
}

export interface Plan {
  method: PlanMethod;
  status: PlanStatus;
  moves: PlannedMove[];
  /** Σ of the moves' scores (the same function for every method) */
  objective: number;
  /** optimizer only */
  bound: SolveBound | null;
  infeasibilities: Infeasibility[];
  stats: PlanStats;
}

/** Stats before any solving: sizes zero, only the candidates counted. */
export function initialStats(teachers: number, candidates: readonly (readonly unknown[])[], candidatesMs: number): PlanStats {
  return { teachers, movable: candidates.filter((c) => c.length > 0).length, columns: 0, rows: 0, nonzeros: 0, candidatesMs, buildMs: 0, lpMs: 0, mipMs: 0, elasticMs: 0, totalMs: 0 };
}
