import type { Candidate } from './candidates';
import { createHighsModel, highsRuntime, solveBinaryProgram } from './highs-solver';
import type { BuiltModel, RowMeta } from './model';
import { rng } from './planning.fixtures';

/**
 * A random assignment model of the planner's shape (teachers × a few schools; one move each, some
 * mandatory; school capacities; a minimum of movers; a backbone share), small enough for HiGHS to solve
 * exactly as a whole MIP, and with fractional LP vertices now and then (the share row makes them).
 */
function randomModel(seed: number, elastic: boolean): BuiltModel {
  const r = rng(seed);
  const teachers = r.int(8, 14);
  const schools = r.int(3, 5);
  const rows: RowMeta[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  const row = (group: RowMeta['group'], ref: number | string, l: number, u: number) => (rows.push({ group, ref }), lo.push(l), hi.push(u), rows.length - 1);
  const teacherRow = Array.from({ length: teachers }, (_, t) => row('teacher', t, r.chance(0.2) ? 1 : -Infinity, 1));
  const capacityRow = Array.from({ length: schools }, (_, s) => row('capacity', s, -Infinity, r.int(1, 3)));
  const r1 = row('min_movers', 'county', r.int(2, 6), Infinity);
  const backbone = row('backbone', 'county', 0, Infinity);
  const cols: { t: number; entries: [number, number][]; cost: number }[] = [];
  for (let t = 0; t < teachers; t++) {
    const isBackbone = r.chance(0.25);
    const options = new Set<number>();
    for (let k = r.int(1, 3); k > 0; k--) options.add(r.int(0, schools - 1));
    for (const s of options) {
      cols.push({ t, cost: r.int(-5, 10), entries: [[teacherRow[t], 1], [capacityRow[s], 1], [r1, 1], [backbone, (isBackbone ? 1 : 0) - 0.2]] });
    }
  }
  const xCount = cols.length;
  const slackRow: number[] = [];
  if (elastic) {
    rows.forEach((m, ri) => {
      const dir = m.group === 'teacher' ? (lo[ri] === 1 ? 1 : 0) : m.group === 'capacity' ? -1 : 1;
      if (dir === 0) return;
      slackRow.push(ri);
      cols.push({ t: -1, cost: -11000, entries: [[ri, dir]] });
    });
  }
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const c of cols) {
    for (const [ri, v] of c.entries) (indices.push(ri), values.push(v));
    starts.push(indices.length);
  }
  return {
    numCols: cols.length,
    numRows: rows.length,
    xCount,
    colCost: Float64Array.from(cols, (c) => c.cost),
    colLower: new Float64Array(cols.length),
    colUpper: Float64Array.from(cols, (_, j) => (j < xCount ? 1 : Infinity)),
    rowLower: Float64Array.from(lo),
    rowUpper: Float64Array.from(hi),
    starts: Int32Array.from(starts),
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    colTeacher: Int32Array.from(cols.slice(0, xCount), (c) => c.t),
    colCandidate: [] as Candidate[],
    rows,
    slackRow: Int32Array.from(slackRow),
    slackPenalty: 11000,
    rowIndex: { teacherRow: Int32Array.from(teacherRow), capacityRow: Int32Array.from(capacityRow), floorRow: new Int32Array(0), leadershipRow: new Map(), r1Row: r1, backboneRow: backbone },
  };
}

/** HiGHS on the whole model as a MIP, to optimality: the reference. */
async function wholeMip(model: BuiltModel): Promise<number | null> {
  const highs = await highsRuntime();
  const m = createHighsModel(highs, model);
  if (model.xCount > 0) m.changeColsIntegrality({ kind: 'range', from: 0, to: model.xCount - 1 }, new Int32Array(model.xCount).fill(highs.constants.variableType.integer));
  try {
    m.options.set({ output_flag: false, mip_rel_gap: 0 });
    m.run();
    return m.getModelStatus() === highs.constants.modelStatus.optimal ? m.getObjectiveValue() : null;
  } finally {
    m.dispose();
  }
}

describe('solveBinaryProgram (LP, then a MIP of the fractional teachers alone, then the whole MIP if that is not close enough)', () => {
  it('gives a 0/1 plan that keeps every row, within the gap of the whole MIP’s optimum, for random models strict and elastic', async () => {
    const strategies: Record<string, number> = {};
    for (let seed = 1; seed <= 150; seed++) {
      for (const elastic of [false, true]) {
        const model = randomModel(seed, elastic);
        const res = await solveBinaryProgram(model, { mipRelGap: 0.001 });
        const best = await wholeMip(model);
        const key = res.mip?.strategy ?? (res.integralLp ? 'integral_lp' : res.status);
        strategies[key] = (strategies[key] ?? 0) + 1;
        if (best === null) {
          expect([seed, elastic, res.status]).toEqual([seed, elastic, 'infeasible']);
          continue;
        }
        expect([seed, elastic, res.colValue !== null]).toEqual([seed, elastic, true]);
        const x = res.colValue!;
        // 0/1 moves, every row within its bounds, the objective the one reported
        const activity = new Float64Array(model.numRows);
        let objective = 0;
        for (let j = 0; j < model.numCols; j++) {
          if (j < model.xCount) expect([seed, elastic, j, Math.abs(x[j] - Math.round(x[j])) < 1e-9]).toEqual([seed, elastic, j, true]);
          objective += model.colCost[j] * x[j];
          for (let k = model.starts[j]; k < model.starts[j + 1]; k++) activity[model.indices[k]] += model.values[k] * x[j];
        }
        for (let i = 0; i < model.numRows; i++) {
          expect([seed, elastic, i, activity[i] >= model.rowLower[i] - 1e-6 && activity[i] <= model.rowUpper[i] + 1e-6]).toEqual([seed, elastic, i, true]);
        }
        expect(res.objective!).toBeCloseTo(objective, 6);
        // never better than the optimum, never further from it than the gap allows
        expect(objective).toBeLessThanOrEqual(best + 1e-6);
        expect([seed, elastic, best - objective <= 0.001 * Math.max(1, Math.abs(res.lpObjective!)) + 1e-6]).toEqual([seed, elastic, true]);
      }
    }
    // the neighbourhood MIP did the work in some of them
    expect(strategies.fix_integral_and_branch ?? 0).toBeGreaterThan(5);
  });
});
