import { candidateBuilder, pinsByTeacher, type Candidate, type CandidateBuilder } from './candidates';
import { CountyIndex } from './county-index';
import { createHighsModel, highsRuntime, solveOnModel, type HeldBounds, type HighsModel, type SolveHooks } from './highs-solver';
import { buildModel, columnEntries, type BuiltModel } from './model';
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
 * The model kept is the elastic one (a slack on every row that can be violated, see buildModel): a strict
 * solve fixes the slacks at 0, which is the strict model; when the pins make the cycle infeasible (the
 * pre-checks fire, or HiGHS proves it) the slacks are freed and the same model is re-solved, still warm,
 * for the best-effort draft and its explanations. The plan is the one a cold planRotation of the same input
 * and pins gives (the same candidates and constraints; see the spec). Only a forced pin HiGHS's model has
 * no row for is solved cold.
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
    upper.fill(1, 0, model.xCount); // the slacks stay [0, 0]: the strict model
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
    if (pre.length === 0) {
      const res = solveOnModel(highs, this.highs, view, lower, upper, this.options, hooks, this.held);
      const plan = planOf(this.index, res, (x) => picked(x).map((p) => p.move), stats, t0);
      if (plan) return plan;
    }
    // infeasible: free the slacks and re-solve the same model, from the basis HiGHS has
    const t2 = performance.now();
    upper.fill(Number.POSITIVE_INFINITY, model.xCount, model.numCols);
    hooks.onProgress?.({ stage: 'elastic', iterations: 0, elapsedMs: performance.now() - t0 });
    const res = solveOnModel(highs, this.highs, view, lower, upper, this.options, hooks, this.held);
    return elasticPlanOf(this.index, model, res, candidates, pre, stats, t0, t2, picked);
  }

  private async cold(pins: readonly Pin[], hooks: SolveHooks): Promise<Plan> {
    this.lastMode = 'cold';
    return planRotation({ ...this.input, pins }, this.options, hooks);
  }

  /** Frees HiGHS's model (its WebAssembly memory). */
  dispose(): void {
    this.highs?.dispose();
    this.highs = null;
    this.model = null;
    this.held = undefined;
  }
}
