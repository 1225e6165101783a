import loadHighs, { type Highs, type HighsCallbackMap } from 'highs';
import type { BuiltModel } from './model';

/**
 * HiGHS (MIT, compiled to WebAssembly by the npm package `highs`). The Wasm module is compiled and
 * instantiated once per process and reused: loading costs ~50 ms, a solve then runs synchronously.
 */
let runtime: Promise<Highs> | null = null;

export function highsRuntime(): Promise<Highs> {
  if (!runtime) {
    runtime = loadHighs().catch((e: unknown) => {
      runtime = null;
      throw e;
    });
  }
  return runtime;
}

export interface SolveOptions {
  /** seconds for the LP relaxation (default 60) */
  lpTimeLimit?: number;
  /** seconds for the MIP stages together, when the LP is fractional (default 20) */
  mipTimeLimit?: number;
  /** relative gap at which the MIP stops (default 0.001) */
  mipRelGap?: number;
  /** HiGHS presolve for the LP (default 'off': on this model it costs more than it saves) */
  presolve?: 'off' | 'on' | 'choose';
}

export type SolveStatus = 'optimal' | 'feasible' | 'infeasible' | 'no_solution' | 'cancelled';

/** What a long solve reports and how it is stopped (from a worker thread: see apps/rotation solve.worker). */
export interface SolveHooks {
  /** called at most every 250 ms while HiGHS iterates, and at each stage */
  onProgress?: (p: { stage: 'lp' | 'mip' | 'elastic'; iterations: number; elapsedMs: number }) => void;
  /** polled at each solver checkpoint: true stops the solve (status 'cancelled') */
  shouldStop?: () => boolean;
}

/** HiGHS's persistent model, as far as the planner drives it (the npm package's Model). */
export type HighsModel = ReturnType<Highs['createModel']>;

export class SolveCancelled extends Error {
  constructor() {
    super('the solve was cancelled');
  }
}

/** A HiGHS model of a built model (the caller disposes it, or keeps it for a warm re-solve). */
export function createHighsModel(highs: Highs, model: BuiltModel): HighsModel {
  return highs.createModel({
    numCols: model.numCols,
    numRows: model.numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: model.colCost,
    colLower: model.colLower,
    colUpper: model.colUpper,
    rowLower: model.rowLower,
    rowUpper: model.rowUpper,
    matrix: { format: 'csc', numRows: model.numRows, numCols: model.numCols, starts: model.starts, indices: model.indices, values: model.values },
  });
}

function callbacks(highs: Highs, stage: 'lp' | 'mip' | 'elastic', hooks: SolveHooks, t0: number): HighsCallbackMap {
  let last = 0;
  let stopped = false;
  const check = (iterations: number, interrupt: () => void) => {
    const now = performance.now();
    if (hooks.onProgress && now - last >= 250) {
      last = now;
      hooks.onProgress({ stage, iterations, elapsedMs: now - t0 });
    }
    if (!stopped && hooks.shouldStop?.()) {
      stopped = true;
      interrupt();
    }
  };
  const cb = highs.constants.callbackType;
  return {
    [cb.simplexInterrupt]: (e) => check(Number(e.data.simplex_iteration_count ?? 0), () => e.interrupt()),
    [cb.mipInterrupt]: (e) => check(Number(e.data.mip_node_count ?? 0), () => e.interrupt()),
  } as HighsCallbackMap;
}

export interface BinarySolveResult {
  status: SolveStatus;
  /** HiGHS's model status after the last run */
  highsStatus: string;
  colValue: Float64Array | null;
  objective: number | null;
  lpObjective: number | null;
  integralLp: boolean;
  mip: null | { strategy: 'fix_integral_and_branch' | 'full_mip'; status: string; seconds: number; fractionalColumns: number; dualBound: number | null };
  lpMs: number;
  mipMs: number;
}

const EPS = 1e-6;

function statusName(highs: Highs, code: number): string {
  for (const [k, v] of Object.entries(highs.constants.modelStatus)) if (v === code) return k;
  return String(code);
}

/**
 * Solves the LP relaxation of a 0/1 model (simplex, so the optimum is a vertex). If the vertex is integral
 * it is the optimal plan. Otherwise the integral columns are fixed and the columns of every teacher with a
 * fractional column are branched on as a MIP (small: a few teachers). If that finds nothing, or its plan is
 * further from the LP bound than `mipRelGap`, the whole MIP runs under the time limit, started from that
 * plan, and may prove optimality. The LP optimum stays the bound the returned plan is measured against.
 */
export async function solveBinaryProgram(model: BuiltModel, options: SolveOptions = {}, hooks: SolveHooks = {}): Promise<BinarySolveResult> {
  if (model.numCols === 0) return emptyResult(model);
  const highs = await highsRuntime();
  const m = createHighsModel(highs, model);
  try {
    return solveOnModel(highs, m, model, model.colLower, model.colUpper, options, hooks);
  } finally {
    m.dispose();
  }
}

/** nobody can move: the plan is "no moves", feasible when every row accepts 0 */
function emptyResult(model: BuiltModel): BinarySolveResult {
  const ok = model.rowLower.every((lo, i) => lo <= 0 && model.rowUpper[i] >= 0);
  return { status: ok ? 'optimal' : 'infeasible', highsStatus: 'empty', colValue: ok ? new Float64Array(0) : null, objective: ok ? 0 : null, lpObjective: ok ? 0 : null, integralLp: true, mip: null, lpMs: 0, mipMs: 0 };
}

/** The column bounds a HiGHS model holds, kept beside it so that a re-solve passes only the bounds that change. */
export interface HeldBounds {
  lower: Float64Array;
  upper: Float64Array;
}

/**
 * Sets the columns' bounds to `lower`/`upper`. With `held` (what the model holds now, updated here) only
 * the columns whose bounds differ cross into WebAssembly: at 80,000 columns passing them all costs ~15 ms,
 * a tenth of a warm re-solve.
 */
export function applyBounds(m: HighsModel, lower: Float64Array, upper: Float64Array, held?: HeldBounds): void {
  const n = lower.length;
  if (!held || held.lower.length !== n) {
    m.changeColsBounds({ kind: 'range', from: 0, to: n - 1 }, lower, upper);
    if (held) {
      held.lower = Float64Array.from(lower);
      held.upper = Float64Array.from(upper);
    }
    return;
  }
  const changed: number[] = [];
  for (let j = 0; j < n; j++) if (held.lower[j] !== lower[j] || held.upper[j] !== upper[j]) changed.push(j);
  if (changed.length === 0) return;
  const lo = new Float64Array(changed.length);
  const hi = new Float64Array(changed.length);
  changed.forEach((j, k) => {
    lo[k] = held.lower[j] = lower[j];
    hi[k] = held.upper[j] = upper[j];
  });
  m.changeColsBounds({ kind: 'set', indices: Int32Array.from(changed) }, lo, hi);
}

/**
 * solveBinaryProgram on a HiGHS model that already holds `model`'s rows and columns, with the columns'
 * bounds `lower`/`upper` (a warm re-solve changes only bounds: HiGHS starts the simplex from the basis it
 * kept; `held`, when given, is what the model holds, see applyBounds). Leaves the model as an LP with
 * those bounds, so it can be re-solved again.
 */
export function solveOnModel(
  highs: Highs,
  m: HighsModel,
  model: BuiltModel,
  lower: Float64Array,
  upper: Float64Array,
  options: SolveOptions = {},
  hooks: SolveHooks = {},
  held?: HeldBounds,
): BinarySolveResult {
  const ms = highs.constants.modelStatus;
  const xCount = model.xCount;
  const numCols = lower.length;
  applyBounds(m, lower, upper, held);
  m.options.set({ output_flag: false, presolve: options.presolve ?? 'off', solver: 'simplex', time_limit: options.lpTimeLimit ?? 60 });
  const t0 = performance.now();
  m.run(callbacks(highs, 'lp', hooks, t0));
  const lpMs = performance.now() - t0;
  const lpStatus = m.getModelStatus();
  const result: BinarySolveResult = { status: 'no_solution', highsStatus: statusName(highs, lpStatus), colValue: null, objective: null, lpObjective: null, integralLp: false, mip: null, lpMs, mipMs: 0 };
  if (lpStatus === ms.interrupted || hooks.shouldStop?.()) return { ...result, status: 'cancelled' };
  if (lpStatus === ms.infeasible || lpStatus === ms.unboundedOrInfeasible) return { ...result, status: 'infeasible' };
  if (lpStatus !== ms.optimal) return result;
  const lp = m.getSolution().colValue;
  const lpObjective = m.getObjectiveValue();
  const fractionalTeachers = new Set<number>();
  let fractionalColumns = 0;
  for (let j = 0; j < numCols; j++) {
    const v = lp[j];
    if (j >= model.xCount && j < model.numCols) continue; // slack columns are continuous
    if (v > EPS && v < 1 - EPS) {
      fractionalColumns++;
      fractionalTeachers.add(teacherOf(model, j));
    }
  }
  if (fractionalColumns === 0) return { ...result, status: 'optimal', colValue: lp, objective: lpObjective, lpObjective, integralLp: true };

  // fix what the LP decided, branch on the rest
  const basis = m.getBasis();
  const t1 = performance.now();
  const gapOf = (objective: number) => (lpObjective - objective) / Math.max(1, Math.abs(lpObjective));
  const neighbourhood = fixAndBranch(highs, model, { colValue: lp, rowValue: m.getSolution().rowValue, objective: lpObjective }, lower, upper, fractionalTeachers, options, hooks, t0);
  let best: { x: Float64Array; objective: number; proved: boolean } | null = neighbourhood.best;
  let mipStatus = neighbourhood.status;
  let strategy: 'fix_integral_and_branch' | 'full_mip' = 'fix_integral_and_branch';
  let dualBound: number | null = null;
  const mipResult = () => ({ strategy, status: mipStatus, seconds: (performance.now() - t1) / 1000, fractionalColumns, dualBound });
  if (hooks.shouldStop?.()) return { ...result, status: 'cancelled', highsStatus: mipStatus, lpObjective, mip: mipResult(), mipMs: performance.now() - t1 };
  if (!best || gapOf(best.objective) > (options.mipRelGap ?? 0.001)) {
    // the whole MIP, under the time limit, started from the neighbourhood's plan when there is one
    strategy = 'full_mip';
    const integer = highs.constants.variableType.integer;
    try {
      for (const range of binaryColumns(model, numCols)) m.changeColsIntegrality({ kind: 'range', from: range[0], to: range[1] }, new Int32Array(range[1] - range[0] + 1).fill(integer));
      m.options.set({ presolve: 'on', solver: 'choose', time_limit: Math.max(1, (options.mipTimeLimit ?? 20) - (performance.now() - t1) / 1000), mip_rel_gap: options.mipRelGap ?? 0.001 });
      if (best) m.setSolution({ colValue: best.x });
      m.zeroAllClocks();
      m.run(callbacks(highs, 'mip', hooks, t0));
      if (hasPrimal(m)) {
        const objective = m.getObjectiveValue();
        const proved = m.getModelStatus() === ms.optimal;
        if (!best || objective >= best.objective - 1e-9) best = { x: m.getSolution().colValue, objective, proved };
        else if (proved) best.proved = true;
      }
      const bound = Number(m.info.get('mip_dual_bound'));
      dualBound = Number.isFinite(bound) ? bound : null;
      mipStatus = statusName(highs, m.getModelStatus());
      if (!best && m.getModelStatus() === ms.infeasible) mipStatus = 'infeasible';
    } finally {
      // back to the LP with the caller's bounds and the LP's basis, ready for the next (warm) solve
      m.clearIntegrality();
      applyBounds(m, lower, upper, held);
      m.setBasis(basis);
    }
  }
  const mipMs = performance.now() - t1;
  const mip = mipResult();
  if (hooks.shouldStop?.()) return { ...result, status: 'cancelled', highsStatus: mipStatus, lpObjective, mip, mipMs };
  if (!best) return { ...result, status: mipStatus === 'infeasible' ? 'infeasible' : 'no_solution', highsStatus: mipStatus, lpObjective, mip, mipMs };
  return { ...result, status: best.proved ? 'optimal' : 'feasible', highsStatus: mipStatus, colValue: best.x, objective: best.objective, lpObjective, mip, mipMs };
}

/**
 * The columns of the teachers the LP left fractional, as a MIP of their own: every other 0/1 column fixed
 * at its (integral) LP value, so each row keeps only the room the fixed columns leave it, and the slacks
 * of those rows stay free. It is the problem HiGHS's presolve would reduce the whole model to once those
 * columns are fixed — a few dozen columns — without passing 80,000 fixed columns through it (that took
 * 0.3–0.7 s at 10,000 teachers; this takes milliseconds). The plan is the LP's with these teachers' moves
 * replaced by the sub-MIP's.
 */
function fixAndBranch(
  highs: Highs,
  model: BuiltModel & { extraColumns?: readonly { cost: number; rows: readonly number[]; values: readonly number[] }[] },
  lp: { colValue: Float64Array; rowValue: Float64Array; objective: number },
  lower: Float64Array,
  upper: Float64Array,
  fractionalTeachers: ReadonlySet<number>,
  options: SolveOptions,
  hooks: SolveHooks,
  t0: number,
): { best: { x: Float64Array; objective: number; proved: boolean } | null; status: string } {
  const numCols = lower.length;
  const x = lp.colValue;
  const entries = (j: number): { rows: ArrayLike<number>; values: ArrayLike<number>; cost: number } => {
    if (j < model.numCols) return { rows: model.indices.subarray(model.starts[j], model.starts[j + 1]), values: model.values.subarray(model.starts[j], model.starts[j + 1]), cost: model.colCost[j] };
    const e = model.extraColumns![j - model.numCols];
    return { rows: e.rows, values: e.values, cost: e.cost };
  };
  // the free 0/1 columns; the activity each row has from everything else (the fixed columns at their rounded values)
  const free: number[] = [];
  const rest = Float64Array.from(lp.rowValue);
  for (const [from, to] of binaryColumns(model, numCols)) {
    for (let j = from; j <= to; j++) {
      const mine = fractionalTeachers.has(teacherOf(model, j));
      const v = x[j];
      const shift = mine ? -v : Math.round(v) - v;
      if (mine) free.push(j);
      if (Math.abs(shift) < 1e-9) continue;
      const e = entries(j);
      for (let k = 0; k < e.rows.length; k++) rest[e.rows[k]] += e.values[k] * shift;
    }
  }
  const rowOf = new Map<number, number>();
  const subRows: number[] = [];
  for (const j of free) {
    const e = entries(j);
    for (let k = 0; k < e.rows.length; k++) {
      if (rowOf.has(e.rows[k])) continue;
      rowOf.set(e.rows[k], subRows.length);
      subRows.push(e.rows[k]);
    }
  }
  // the slacks of those rows (the elastic model) stay free too
  const slacks: number[] = [];
  for (let k = 0; k < model.slackRow.length; k++) {
    if (!rowOf.has(model.slackRow[k])) continue;
    const j = model.xCount + k;
    slacks.push(j);
    const e = entries(j);
    for (let q = 0; q < e.rows.length; q++) rest[e.rows[q]] -= e.values[q] * x[j];
  }
  const cols = [...free, ...slacks];
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const cost: number[] = [];
  let fixedObjective = lp.objective;
  for (const j of cols) {
    const e = entries(j);
    for (let k = 0; k < e.rows.length; k++) {
      indices.push(rowOf.get(e.rows[k])!);
      values.push(e.values[k]);
    }
    starts.push(indices.length);
    cost.push(e.cost);
    fixedObjective -= e.cost * x[j];
  }
  // the LP objective less these columns' part, plus the fixed columns' rounding
  for (const [from, to] of binaryColumns(model, numCols)) {
    for (let j = from; j <= to; j++) {
      if (fractionalTeachers.has(teacherOf(model, j))) continue;
      const d = Math.round(x[j]) - x[j];
      if (Math.abs(d) >= 1e-9) fixedObjective += entries(j).cost * d;
    }
  }
  const sub = highs.createModel({
    numCols: cols.length,
    numRows: subRows.length,
    sense: highs.constants.objectiveSense.maximize,
    colCost: Float64Array.from(cost),
    colLower: Float64Array.from(cols, (j) => lower[j]),
    colUpper: Float64Array.from(cols, (j) => upper[j]),
    rowLower: Float64Array.from(subRows, (r) => model.rowLower[r] - rest[r]),
    rowUpper: Float64Array.from(subRows, (r) => model.rowUpper[r] - rest[r]),
    matrix: { format: 'csc', numRows: subRows.length, numCols: cols.length, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(values) },
    integrality: Int32Array.from(cols, (_, k) => (k < free.length ? highs.constants.variableType.integer : highs.constants.variableType.continuous)),
  });
  try {
    // the gap is the whole plan's (relative to the LP bound), as if the whole model were solved: relative to
    // the sub-MIP's own small objective it would demand a proof the plan does not need
    const absGap = (options.mipRelGap ?? 0.001) * Math.max(1, Math.abs(lp.objective));
    sub.options.set({ output_flag: false, presolve: 'on', solver: 'choose', time_limit: options.mipTimeLimit ?? 20, mip_rel_gap: 0, mip_abs_gap: absGap });
    sub.run(callbacks(highs, 'mip', hooks, t0));
    const status = statusName(highs, sub.getModelStatus());
    if (!hasPrimal(sub)) return { best: null, status };
    const y = sub.getSolution().colValue;
    const out = Float64Array.from(x);
    for (const [from, to] of binaryColumns(model, numCols)) for (let j = from; j <= to; j++) out[j] = Math.round(x[j]);
    cols.forEach((j, k) => (out[j] = k < free.length ? Math.round(y[k]) : y[k]));
    return { best: { x: out, objective: fixedObjective + sub.getObjectiveValue(), proved: false }, status };
  } finally {
    sub.dispose();
  }
}

/** Column ranges that are 0/1 moves: the x columns, and columns added after the model's own (extra moves). */
function binaryColumns(model: BuiltModel, numCols: number): [number, number][] {
  const out: [number, number][] = [];
  if (model.xCount > 0) out.push([0, model.xCount - 1]);
  if (numCols > model.numCols) out.push([model.numCols, numCols - 1]);
  return out;
}

/** The teacher of a 0/1 column, including columns added after the model was built (see PlanningSession). */
function teacherOf(model: BuiltModel & { extraTeacher?: readonly number[] }, j: number): number {
  return j < model.xCount ? model.colTeacher[j] : (model.extraTeacher?.[j - model.numCols] ?? -1);
}

function hasPrimal(m: { info: { get(name: string): number | bigint } }): boolean {
  return Number(m.info.get('primal_solution_status')) === 2;
}
