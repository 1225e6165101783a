import type { Candidate } from './candidates';
import type { CountyIndex } from './county-index';

/**
 * The assignment model, as sparse column-wise arrays for HiGHS (maximise):
 *
 *   x[t,s] ∈ {0,1}   teacher t moves to candidate school s (forbidden pins have no column; a forced pin's
 *                    column has lower bound 1)
 *   teacher   Σ_s x[t,s] ≤ 1, = 1 for an R2/R3 teacher (whose candidates respect R3's school types)
 *   capacity  per destination post p: arrivals(p) − departures(p) ≤ max(quota, current) − current
 *   floor     per school s and subject j it teaches: qualified arrivals − qualified departures
 *             ≥ min(floor, qualified today) − qualified today   (only where departures could break it)
 *   R1        Σ x ≥ ceil(minMoverShare × teachers)
 *   backbone  Σ (backbone(t) − share) x ≥ 0, i.e. backbone movers ≥ share × movers
 *   leaders   per school: leaders leaving ≤ floor(maxLeadershipMoveShare × team size); R2 leaders count
 *             like any other, so an R2 leader at a school whose cap is 0 is an infeasibility to explain
 *   objective Σ score(t,s) x[t,s]   (moveScore; plus an amendment's bonus, see PlanBaseline)
 *
 * The elastic variant adds, per row that can be violated, a continuous slack ≥ 0 in the direction of
 * violation, penalised far above any score (above the spread of every plan's score), so it always has a
 * solution and the slacks say which constraint groups cannot hold, where, and by how much.
 */

export type RowGroup = 'teacher' | 'capacity' | 'floor' | 'min_movers' | 'backbone' | 'leadership';

export interface RowMeta {
  group: RowGroup;
  /** teacher index, post index, floor index or school id, by group */
  ref: number | string;
}

export interface BuiltModel {
  numCols: number;
  numRows: number;
  /** the first xCount columns are the x[t,s]; then the slacks of the elastic variant */
  xCount: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  /** per x column: its teacher and candidate */
  colTeacher: Int32Array;
  colCandidate: Candidate[];
  rows: RowMeta[];
  /** per slack column (index − xCount): the row it relaxes */
  slackRow: Int32Array;
  slackPenalty: number;
  /** which row each constraint got (−1: none), so a column can be added later (see columnEntries) */
  rowIndex: ModelRows;
}

export interface ModelRows {
  teacherRow: Int32Array;
  capacityRow: Int32Array;
  floorRow: Int32Array;
  leadershipRow: Map<string, number>;
  r1Row: number;
  backboneRow: number;
}

/**
 * The rows and coefficients of the column x[t,s] for teacher `ti` and candidate `c`; null when a row it
 * needs is not in the model (the model was built without that teacher or post in play).
 */
export function columnEntries(index: CountyIndex, rows: ModelRows, ti: number, c: Candidate): { rows: number[]; values: number[] } | null {
  const t = index.input.teachers[ti];
  const out = { rows: [] as number[], values: [] as number[] };
  const push = (r: number, v: number) => {
    if (r < 0 || v === 0) return;
    out.rows.push(r);
    out.values.push(v);
  };
  if (rows.teacherRow[ti] < 0 || rows.capacityRow[c.post.index] < 0) return null;
  const teaches = t.category === 'researcher' ? [] : [...new Set(t.subjects)];
  const held = index.heldPost[ti];
  push(rows.teacherRow[ti], 1);
  push(rows.capacityRow[c.post.index], 1);
  push(held ? rows.capacityRow[held.index] : -1, -1);
  for (const j of teaches) {
    const home = index.floorByKey.get(`${t.currentSchoolId}|${j}`);
    if (home) push(rows.floorRow[home.index], -1);
    const f = index.floorByKey.get(`${c.schoolId}|${j}`);
    if (f) push(rows.floorRow[f.index], 1);
  }
  push(rows.r1Row, 1);
  push(rows.backboneRow, (t.backbone ? 1 : 0) - index.input.parameters.backboneMoverShare);
  push(index.isLeader(t) ? (rows.leadershipRow.get(t.currentSchoolId) ?? -1) : -1, 1);
  return out;
}

const INF = Number.POSITIVE_INFINITY;

export function buildModel(index: CountyIndex, candidates: readonly Candidate[][], elastic = false): BuiltModel {
  const { teachers, parameters } = index.input;
  const rows: RowMeta[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const addRow = (group: RowGroup, ref: number | string, lo: number, hi: number) => {
    rows.push({ group, ref });
    lower.push(lo);
    upper.push(hi);
    return rows.length - 1;
  };

  // teacher rows
  const teacherRow = new Int32Array(teachers.length).fill(-1);
  teachers.forEach((t, ti) => {
    if (candidates[ti].length === 0) return;
    teacherRow[ti] = addRow('teacher', ti, t.mandatory && !t.exempt ? 1 : -INF, 1);
  });

  // capacity rows: posts somebody may arrive at
  const capacityRow = new Int32Array(index.posts.length).fill(-1);
  for (const list of candidates) {
    for (const c of list) {
      if (capacityRow[c.post.index] < 0) capacityRow[c.post.index] = addRow('capacity', c.post.index, -INF, c.post.headroom);
    }
  }

  // floor rows: only where the qualified teachers who may leave could take the subject below its floor
  const mayLeave = new Map<string, number>();
  teachers.forEach((t, ti) => {
    if (candidates[ti].length === 0 || t.category === 'researcher') return;
    for (const subj of new Set(t.subjects)) mayLeave.set(`${t.currentSchoolId}|${subj}`, (mayLeave.get(`${t.currentSchoolId}|${subj}`) ?? 0) + 1);
  });
  const floorRow = new Int32Array(index.floors.length).fill(-1);
  for (const f of index.floors) {
    const leaving = mayLeave.get(`${f.schoolId}|${f.subject}`) ?? 0;
    if (f.before - leaving < f.target) floorRow[f.index] = addRow('floor', f.index, f.target - f.before, INF);
  }

  const anyColumn = candidates.some((l) => l.length > 0);
  const r1Row = index.r1Required > 0 ? addRow('min_movers', 'county', index.r1Required, INF) : -1;
  const share = parameters.backboneMoverShare;
  const backboneRow = share > 0 && anyColumn ? addRow('backbone', 'county', 0, INF) : -1;

  // leadership rows: schools with more leaders who may leave than the cap allows
  const leadersMayLeave = new Map<string, number>();
  teachers.forEach((t, ti) => {
    if (candidates[ti].length > 0 && index.isLeader(t)) leadersMayLeave.set(t.currentSchoolId, (leadersMayLeave.get(t.currentSchoolId) ?? 0) + 1);
  });
  const leadershipRow = new Map<string, number>();
  for (const [schoolId, n] of leadersMayLeave) {
    const cap = index.leadershipCap(schoolId);
    if (n > cap) leadershipRow.set(schoolId, addRow('leadership', schoolId, -INF, cap));
  }

  // x columns
  let xCount = 0;
  let nz = 0;
  for (const list of candidates) xCount += list.length;
  const colTeacher = new Int32Array(xCount);
  const colCandidate: Candidate[] = new Array(xCount);
  const colCost: number[] = [];
  const colLower: number[] = [];
  const colUpper: number[] = [];
  const starts: number[] = [0];
  const idx: number[] = [];
  const val: number[] = [];
  const rowIndex: ModelRows = { teacherRow, capacityRow, floorRow, leadershipRow, r1Row, backboneRow };
  let col = 0;
  teachers.forEach((_, ti) => {
    for (const c of candidates[ti]) {
      colTeacher[col] = ti;
      colCandidate[col] = c;
      colCost.push(c.score + (c.bonus ?? 0));
      colLower.push(c.forced ? 1 : 0);
      colUpper.push(1);
      const e = columnEntries(index, rowIndex, ti, c)!;
      for (let k = 0; k < e.rows.length; k++) {
        idx.push(e.rows[k]);
        val.push(e.values[k]);
      }
      nz += e.rows.length;
      starts.push(nz);
      col++;
    }
  });

  // slacks of the elastic variant: a unit of slack costs more than any two plans' scores can differ by
  // (the spread: each teacher moves at most once, so a plan's score lies between the sums of every teacher's
  // worst and best column, staying counted as 0). Then an elastic LP optimum that needs a whole unit of
  // slack proves the strict model infeasible without solving it (see strictObjectiveFloor).
  let maxScore = 1;
  for (const c of colCost) maxScore = Math.max(maxScore, Math.abs(c));
  let spread = 0;
  for (let j = 0; j < xCount; ) {
    let lo = 0;
    let hi = 0;
    const ti = colTeacher[j];
    for (; j < xCount && colTeacher[j] === ti; j++) {
      lo = Math.min(lo, colCost[j]);
      hi = Math.max(hi, colCost[j]);
    }
    spread += hi - lo;
  }
  const slackPenalty = Math.max(1000 * (1 + maxScore), Math.ceil(spread) + 1);
  const slackRow: number[] = [];
  if (elastic) {
    rows.forEach((r, ri) => {
      let dir = 0;
      if (r.group === 'teacher') dir = lower[ri] === 1 ? 1 : 0; // a mandatory teacher left unplaced
      else if (r.group === 'capacity' || r.group === 'leadership') dir = -1;
      else dir = 1; // floor, R1, backbone: ≥ rows
      if (dir === 0) return;
      slackRow.push(ri);
      colCost.push(-slackPenalty);
      colLower.push(0);
      colUpper.push(INF);
      idx.push(ri);
      val.push(dir);
      nz++;
      starts.push(nz);
    });
  }

  return {
    numCols: colCost.length,
    numRows: rows.length,
    xCount,
    colCost: Float64Array.from(colCost),
    colLower: Float64Array.from(colLower),
    colUpper: Float64Array.from(colUpper),
    rowLower: Float64Array.from(lower),
    rowUpper: Float64Array.from(upper),
    starts: Int32Array.from(starts),
    indices: Int32Array.from(idx),
    values: Float64Array.from(val),
    colTeacher,
    colCandidate,
    rows,
    slackRow: Int32Array.from(slackRow),
    slackPenalty,
    rowIndex,
  };
}

/**
 * The least objective value any plan of the strict model (slacks at 0) can have with these column bounds,
 * LP relaxation included: each teacher's row lets them take at most one column (exactly one when they must
 * move), so the least is the sum over teachers of their forced column's score, or else of their lowest
 * score (0 when they may stay). `extra` are columns added after the model's own (a forced move outside the
 * teacher's candidates). An elastic LP optimum below this value proves the strict model infeasible: every
 * strict plan is an elastic plan of the same value, and the LP optimum bounds them all from above.
 */
export function strictObjectiveFloor(model: BuiltModel, lower: Float64Array, upper: Float64Array, extra: readonly { ti: number; cost: number }[] = []): number {
  const n = model.rowIndex.teacherRow.length;
  const forced = new Float64Array(n);
  const hasForced = new Uint8Array(n);
  const least = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const see = (ti: number, cost: number, lo: number, hi: number) => {
    if (lo >= 1) {
      forced[ti] += cost;
      hasForced[ti] = 1;
    } else if (hi > 0) least[ti] = Math.min(least[ti], cost);
  };
  for (let j = 0; j < model.xCount; j++) see(model.colTeacher[j], model.colCost[j], lower[j], upper[j]);
  extra.forEach((e, k) => see(e.ti, e.cost, lower[model.numCols + k], upper[model.numCols + k]));
  let floor = 0;
  for (let ti = 0; ti < n; ti++) {
    const row = model.rowIndex.teacherRow[ti];
    if (row < 0) continue;
    if (hasForced[ti]) floor += forced[ti];
    else if (model.rowLower[row] >= 1) floor += least[ti]; // +∞ when nothing is left to them: no strict plan at all
    else floor += Math.min(0, least[ti]);
  }
  return floor;
}
