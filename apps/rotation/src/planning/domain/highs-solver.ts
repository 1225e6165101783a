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

/**
 * solveBinaryProgram on a HiGHS model that already holds `model`'s rows and columns, with the columns'
 * bounds `lower`/`upper` (a warm re-solve changes only bounds: HiGHS starts the simplex from the basis it
 * kept). Leaves the model as an LP with those bounds, so it can be re-solved again.
 */
export function solveOnModel(highs: Highs, m: HighsModel, model: BuiltModel, lower: Float64Array, upper: Float64Array, options: SolveOptions = {}, hooks: SolveHooks = {}): BinarySolveResult {
  const ms = highs.constants.modelStatus;
  const xCount = model.xCount;
  const numCols = lower.length;
  m.changeColsBounds({ kind: 'range', from: 0, to: numCols - 1 }, lower, upper);
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
  const integer = highs.constants.variableType.integer;
  const binary = binaryColumns(model, numCols);
  for (const range of binary) m.changeColsIntegrality({ kind: 'range', from: range[0], to: range[1] }, new Int32Array(range[1] - range[0] + 1).fill(integer));
  const lo = Float64Array.from(lower);
  const hi = Float64Array.from(upper);
  for (const [from, to] of binary) {
    for (let j = from; j <= to; j++) {
      if (fractionalTeachers.has(teacherOf(model, j))) continue;
      const v = Math.round(lp[j]);
      lo[j] = Math.max(lo[j], v);
      hi[j] = Math.min(hi[j], v);
    }
  }
  try {
    const mipOptions = { presolve: 'on', solver: 'choose', time_limit: options.mipTimeLimit ?? 20, mip_rel_gap: options.mipRelGap ?? 0.001 };
    m.options.set(mipOptions);
    m.changeColsBounds({ kind: 'range', from: 0, to: numCols - 1 }, lo, hi);
    m.run(callbacks(highs, 'mip', hooks, t0));
    let strategy: 'fix_integral_and_branch' | 'full_mip' = 'fix_integral_and_branch';
    let best: { x: Float64Array; objective: number; proved: boolean } | null = hasPrimal(m) ? { x: m.getSolution().colValue, objective: m.getObjectiveValue(), proved: false } : null;
    let dualBound: number | null = null;
    const gapOf = (objective: number) => (lpObjective - objective) / Math.max(1, Math.abs(lpObjective));
    if (!hooks.shouldStop?.() && (!best || gapOf(best.objective) > (options.mipRelGap ?? 0.001))) {
      // the whole MIP, under the time limit, started from the neighbourhood's plan when there is one
      strategy = 'full_mip';
      m.changeColsBounds({ kind: 'range', from: 0, to: numCols - 1 }, lower, upper);
      if (best) m.setSolution({ colValue: best.x });
      m.options.set('time_limit', Math.max(1, (options.mipTimeLimit ?? 20) - (performance.now() - t1) / 1000));
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
    }
    const mipMs = performance.now() - t1;
    const mipStatus = statusName(highs, m.getModelStatus());
    const mip = { strategy, status: mipStatus, seconds: mipMs / 1000, fractionalColumns, dualBound };
    if (hooks.shouldStop?.()) return { ...result, status: 'cancelled', highsStatus: mipStatus, lpObjective, mip, mipMs };
    if (!best) return { ...result, status: m.getModelStatus() === ms.infeasible ? 'infeasible' : 'no_solution', highsStatus: mipStatus, lpObjective, mip, mipMs };
    return { ...result, status: best.proved ? 'optimal' : 'feasible', highsStatus: mipStatus, colValue: best.x, objective: best.objective, lpObjective, mip, mipMs };
  } finally {
    // back to the LP with the caller's bounds and the LP's basis, ready for the next (warm) solve
    m.clearIntegrality();
    m.changeColsBounds({ kind: 'range', from: 0, to: numCols - 1 }, lower, upper);
    m.setBasis(basis);
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
