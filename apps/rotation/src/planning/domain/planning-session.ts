import { candidateBuilder, pinsByTeacher, type Candidate, type CandidateBuilder } from './candidates';
import { CountyIndex } from './county-index';
import { createHighsModel, highsRuntime, solveOnModel, type HeldBounds, type HighsModel, type SolveHooks } from './highs-solver';
import { buildModel, columnEntries, strictObjectiveFloor, type BuiltModel } from './model';
import { moveOf } from './moves';
import { initialStats, type Plan, type PlanStats } from './plan';
import { validatePins, validatePlannerInput, type Pin, type PlannerInput } from './plan-input';
import { elasticPlanOf, planOf, planRotation, type PickedColumn, type PlannerOptions } from './planner';
import { precheck } from './prechecks';

/**
 * One cycle's planner kept warm between solves: the county index, every teacher's candidates before pins,
 * and HiGHS's model of them with the LP basis of the last solve. A re-solve with other pins only changes
 * column bounds (a forbidden move's upper bound to 0, a forced one's lower bound to 1; a forced move to a
 * school outside the teacher's candidates becomes a new column), so HiGHS restarts the dual simplex from
 * the basis it kept instead of building and solving the model again.
 *
 * The model kept is the elastic one (a slack on every row that can be violated, see buildModel), solved
 * with its slacks free. A plan without slack is the strict optimum; a plan with slack is the best-effort
 * draft of an infeasible cycle, with its explanations, once the LP's value proves that no strict plan
 * exists (see solve); when it does not, the strict model (the slacks fixed at 0) is solved as well. The
 * plan has the value a cold planRotation of the same input and pins gives (the same candidates and
 * constraints; see the spec). Only a forced pin HiGHS's model has no row for is solved cold.
 */
export class PlanningSession {
  private readonly index: CountyIndex;
  private readonly builder: CandidateBuilder;
  private readonly base: Candidate[][];
  private readonly baseColumn = new Map<string, number>();
  private model: BuiltModel | null = null;
  private highs: HighsModel | null = null;
  /** the column bounds HiGHS's model holds (a re-solve passes only those that change) */
  private held: HeldBounds | undefined;
  /** columns added after the model was built (after its slacks): forced moves outside a teacher's candidates */
  private readonly extra: { ti: number; candidate: Candidate; cost: number; rows: number[]; values: number[] }[] = [];
  private readonly extraColumn = new Map<string, number>();
  private readonly candidatesMs: number;
  /** how the last solve ran: on the model kept from an earlier solve (warm) or on a new one (cold) */
  lastMode: 'warm' | 'cold' | null = null;
  /**
   * What settled the last infeasible solve: the pre-checks, the elastic run alone (its LP value below any
   * strict plan's), or a strict run after it; null when the last solve was feasible.
   */
  lastSettled: 'precheck' | 'elastic' | 'strict' | null = null;

  constructor(
    readonly input: PlannerInput,
    private readonly options: PlannerOptions = {},
  ) {
    validatePlannerInput({ ...input, pins: [] });
    const t0 = performance.now();
    this.index = new CountyIndex({ ...input, pins: [] });
    this.builder = candidateBuilder(this.index, options);
    this.base = input.teachers.map((_, ti) => this.builder.base(ti));
    this.candidatesMs = performance.now() - t0;
  }

  async solve(pins: readonly Pin[], hooks: SolveHooks = {}): Promise<Plan> {
    validatePins(pins, this.index.teacherIndex, this.index.schools);
    this.lastSettled = null;
    const t0 = performance.now();
    const byTeacher = pinsByTeacher(this.index, pins);
    const candidates = this.base.map((list, ti) => (byTeacher.has(ti) ? this.builder.pinned(ti, list, byTeacher.get(ti)!) : list));
    const stats: PlanStats = { ...initialStats(this.input.teachers.length, candidates, this.candidatesMs), totalMs: 0 };
    const pre = precheck(this.index, candidates, pins);
    const highs = await highsRuntime();
    if (!this.model || !this.highs) {
      const t1 = performance.now();
      this.model = buildModel(this.index, this.base, true);
      this.highs = createHighsModel(highs, this.model);
      this.held = { lower: Float64Array.from(this.model.colLower), upper: Float64Array.from(this.model.colUpper) };
      stats.buildMs = performance.now() - t1;
      this.model.colTeacher.forEach((ti, j) => this.baseColumn.set(`${ti}|${this.model!.colCandidate[j].schoolId}`, j));
      this.lastMode = 'cold';
    } else this.lastMode = 'warm';
    const model = this.model;

    // bounds of this solve: base columns [0, 1], forbidden ones [0, 0], forced ones [1, 1]; extra columns only when forced
    const chosen = new Map<string, Candidate>();
    for (const [ti] of byTeacher) for (const c of candidates[ti]) chosen.set(`${ti}|${c.schoolId}`, c);
    for (const [ti] of byTeacher) {
      const forced = candidates[ti].find((c) => c.forced);
      if (!forced) continue;
      const key = `${ti}|${forced.schoolId}`;
      if (this.baseColumn.has(key) || this.extraColumn.has(key)) continue;
      const entries = columnEntries(this.index, model.rowIndex, ti, forced);
      if (!entries) return this.cold(pins, hooks);
      const cost = forced.score + (forced.bonus ?? 0);
      this.highs.addCol(cost, 0, 0, { indices: Int32Array.from(entries.rows), values: Float64Array.from(entries.values) });
      this.extraColumn.set(key, model.numCols + this.extra.length);
      this.extra.push({ ti, candidate: { ...forced, forced: false }, cost, ...entries });
    }
    const numCols = model.numCols + this.extra.length;
    const lower = new Float64Array(numCols);
    const upper = new Float64Array(numCols);
    upper.fill(1, 0, model.xCount);
    upper.fill(Number.POSITIVE_INFINITY, model.xCount, model.numCols); // elastic first: the slacks free
    for (const [ti] of byTeacher) {
      for (const c of this.base[ti]) {
        const j = this.baseColumn.get(`${ti}|${c.schoolId}`)!;
        const pinned = chosen.get(`${ti}|${c.schoolId}`);
        upper[j] = pinned ? 1 : 0;
        lower[j] = pinned?.forced ? 1 : 0;
      }
      const forced = candidates[ti].find((c) => c.forced);
      const j = forced ? this.extraColumn.get(`${ti}|${forced.schoolId}`) : undefined;
      if (j !== undefined) lower[j] = upper[j] = 1;
    }
    Object.assign(stats, { columns: numCols, rows: model.numRows, nonzeros: model.indices.length });
    const view = { ...model, extraTeacher: this.extra.map((e) => e.ti), extraColumns: this.extra } as BuiltModel;
    const picked = (x: Float64Array): PickedColumn[] => {
      const out: PickedColumn[] = [];
      for (let j = 0; j < numCols; j++) {
        if (j >= model.xCount && j < model.numCols) continue; // slacks
        if (x[j] < 0.5) continue;
        const ti = j < model.xCount ? model.colTeacher[j] : this.extra[j - model.numCols].ti;
        const c = j < model.xCount ? model.colCandidate[j] : this.extra[j - model.numCols].candidate;
        out.push({ ti, candidate: c, move: moveOf(this.input.teachers[ti], chosen.get(`${ti}|${c.schoolId}`) ?? c) });
      }
      return out;
    };
    // One HiGHS run of the elastic model settles nearly every solve: a plan with no slack is the strict
    // model's optimum as well (each strict plan is an elastic plan of the same value), and an LP optimum
    // below the least value a strict plan can have proves the cycle infeasible (strictObjectiveFloor; the
    // penalty makes a whole unit of slack cost more than that). Proving infeasibility with a strict run
    // first, then re-solving elastic, took two runs of ~30 ms fixed cost each plus their iterations.
    const t2 = performance.now();
    const res = solveOnModel(highs, this.highs, view, lower, upper, this.options, hooks, this.held);
    const slack = res.colValue ? slackTotal(model, res.colValue) : Number.POSITIVE_INFINITY;
    if (pre.length === 0 && res.colValue && slack <= SLACK_EPS) {
      const plan = planOf(this.index, res, (x) => picked(x).map((p) => p.move), stats, t0);
      if (plan) return plan;
    }
    const floor = strictObjectiveFloor(model, lower, upper, this.extra);
    const proved = pre.length > 0 || res.status === 'cancelled' || (res.lpObjective !== null && res.lpObjective < floor - 1e-6 * Math.max(1, Math.abs(floor)));
    if (!proved) {
      // not settled (slack below a whole unit, or only in the integer plan): solve the strict model itself
      const strictUpper = Float64Array.from(upper).fill(0, model.xCount, model.numCols);
      const strict = solveOnModel(highs, this.highs, view, lower, strictUpper, this.options, hooks, this.held);
      const plan = planOf(this.index, strict, (x) => picked(x).map((p) => p.move), stats, t0);
      if (plan) return plan;
      this.lastSettled = 'strict';
    } else this.lastSettled = pre.length > 0 ? 'precheck' : 'elastic';
    return elasticPlanOf(this.index, model, res, candidates, pre, stats, t0, t2, picked);
  }

  private async cold(pins: readonly Pin[], hooks: SolveHooks): Promise<Plan> {
    this.lastMode = 'cold';
    const plan = await planRotation({ ...this.input, pins }, this.options, hooks);
    // planRotation proves infeasibility with the pre-checks or a strict run before the elastic one
    if (plan.status === 'infeasible') this.lastSettled = plan.infeasibilities.some((i) => i.source === 'precheck') ? 'precheck' : 'strict';
    return plan;
  }

  /** Frees HiGHS's model (its WebAssembly memory). */
  dispose(): void {
    this.highs?.dispose();
    this.highs = null;
    this.model = null;
    this.held = undefined;
  }
}

/** below this, a slack is a rounding residue of the simplex, not a violated constraint */
const SLACK_EPS = 1e-6;

function slackTotal(model: BuiltModel, x: Float64Array): number {
  let total = 0;
  for (let j = model.xCount; j < model.numCols; j++) total += x[j];
  return total;
}
