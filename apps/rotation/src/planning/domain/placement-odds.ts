import { buildCandidates } from './candidates';
import { arrivalKind, CountyIndex, postKey, type PostRef } from './county-index';
import { createHighsModel, highsRuntime, solveOnModel, type HighsModel, type SolveHooks } from './highs-solver';
import { buildModel, type BuiltModel, type ModelRows } from './model';
import { moveOf } from './moves';
import { moveScore } from './objective';
import { initialStats, type Plan, type PlannedMove, type PlanStats } from './plan';
import { R3_DESTINATION_TYPES, validatePlannerInput, type PlannerInput } from './plan-input';
import { elasticPlanOf, planOf, planRotation, type PlannerOptions } from './planner';
import { precheck } from './prechecks';

/**
 * How firmly the plan places each teacher at each of their candidate schools, for the hints a teacher sees
 * while preferences are collected (apps/rotation/src/hints). Three measurements of one model:
 *
 * 1. the base plan: exactly what planRotation gives on the same input (the same candidates, model and
 *    HiGHS run), i.e. what a solve would give if nothing changed before the deadline;
 * 2. scenarios: the LP relaxation re-solved (warm, from the base basis) with every move's score shifted by a
 *    seeded uniform draw in [−perturbation, +perturbation] — other teachers' choices and tie-breaks moving a
 *    little. A move's share is the mean of x over the scenarios (a fractional vertex counts as a fraction);
 * 3. reduced costs at the base LP optimum: how much a move's score would have to rise before the plan would
 *    take it (0 for a move the plan makes or an alternative optimum), and the same price for a move the
 *    model has no column for (a school the teacher might add to their list), from the rows' duals.
 *
 * When the cycle is infeasible the base plan is the elastic draft (planRotation's) and the scenarios and
 * prices come from the elastic model.
 */

export interface PlacementOddsOptions extends PlannerOptions {
  /** perturbed LP re-solves (default 8) */
  scenarios?: number;
  /** half-width of the uniform shift of every move's score, in score units (default 0.6: one preference rank) */
  perturbation?: number;
  /** seed of the shifts: the same input and seed give the same odds */
  seed?: string;
  /** no scenario starts after this many milliseconds from the start (default: no limit) */
  budgetMs?: number;
}

export interface CandidateOdds {
  schoolId: string;
  /** 1-based rank in the teacher's preferences, or null */
  rank: number | null;
  score: number;
  /** the base plan moves the teacher here */
  base: boolean;
  /** mean of x[t,s] over the scenarios that ran (0 when none ran) */
  scenarioShare: number;
  /** reduced cost at the base LP optimum: 0 for a move taken, ≤ 0 for one left out (how far its score is from being worth taking) */
  reducedCost: number;
}

export interface PostRoom {
  quota: number;
  /** people holding the post today */
  current: number;
  /** places left once the base plan's moves are made: max(quota, current) − current − arrivals + departures */
  left: number;
  /** teachers the base plan moves into the post */
  arrivals: number;
}

export interface PlacementOdds {
  index: CountyIndex;
  plan: Plan;
  /** scenarios actually solved (fewer than asked when the budget ran out) */
  scenarios: number;
  perturbation: number;
  /** per teacher (input order): their candidate moves, in candidate order */
  candidates: CandidateOdds[][];
  /** the base plan's move of each teacher (input order), or null */
  placed: (PlannedMove | null)[];
  /**
   * Reduced cost of the move of teacher `ti` to `schoolId` as if they listed it at `rank` (null: unlisted),
   * priced with the base duals; null when the school has no post for them (or R3 forbids it), or it is their
   * own school.
   */
  price(ti: number, schoolId: string, rank: number | null): number | null;
  /** the post teacher `ti` would fill at `schoolId` and its room after the base plan, or null when there is none */
  room(ti: number, schoolId: string): PostRoom | null;
  /**
   * Visits the schools teacher `ti` could be moved to (a post they would fill; R3: of the allowed types; not
   * their own) whose move, as if listed at `rank`, is priced at least `minPrice` (see price), with the price
   * and the post's room after the base plan: those in the teacher's own school district first (`near`), then
   * the others, each by price (highest first), until `visit` answers false.
   */
  eachDestination(ti: number, rank: number | null, minPrice: number, visit: (schoolId: string, price: number, near: boolean, left: number, arrivals: number) => boolean): void;
  ms: { base: number; duals: number; scenarios: number; total: number };
}

export async function placementOdds(input: PlannerInput, options: PlacementOddsOptions = {}, hooks: SolveHooks = {}): Promise<PlacementOdds> {
  validatePlannerInput(input);
  const t0 = performance.now();
  const index = new CountyIndex(input);
  const candidates = buildCandidates(index, options);
  const pre = precheck(index, candidates);
  const stats: PlanStats = { ...initialStats(input.teachers.length, candidates, performance.now() - t0), totalMs: 0 };
  const highs = await highsRuntime();

  // 1. the base plan, as planRotation makes it (the strict model's HiGHS model is kept for what follows)
  let model: BuiltModel | null = null;
  let hm: HighsModel | null = null;
  let plan: Plan | null = null;
  try {
    if (pre.length === 0) {
      model = buildModel(index, candidates, false);
      if (model.numCols > 0) {
        Object.assign(stats, { columns: model.numCols, rows: model.numRows, nonzeros: model.indices.length });
        hm = createHighsModel(highs, model);
        const res = solveOnModel(highs, hm, model, model.colLower, model.colUpper, options, hooks);
        const built = model;
        plan = planOf(index, res, (x) => movesOf(index, built, x), stats, t0);
      } else plan = await planRotation(input, options, hooks); // nobody can move: planRotation's empty plan
    }
    if (!plan || plan.status === 'infeasible') {
      // elasticPlan's steps, keeping its HiGHS model (and the LP basis it ends with) for what follows
      hm?.dispose();
      hm = null;
      const t2 = performance.now();
      model = buildModel(index, candidates, true);
      Object.assign(stats, { columns: model.numCols, rows: model.numRows, nonzeros: model.indices.length });
      hooks.onProgress?.({ stage: 'elastic', iterations: 0, elapsedMs: performance.now() - t0 });
      hm = createHighsModel(highs, model);
      const res = solveOnModel(highs, hm, model, model.colLower, model.colUpper, options, hooks);
      plan = elasticPlanOf(index, model, res, candidates, pre, stats, t0, t2);
    }
    const baseMs = performance.now() - t0;

    // 2. the LP at the base costs: primal, duals and reduced costs (warm: the basis HiGHS kept)
    const t1 = performance.now();
    const xCount = model?.xCount ?? 0;
    let rowDual: Float64Array<ArrayBufferLike> = new Float64Array(0);
    let colDual: Float64Array<ArrayBufferLike> = new Float64Array(xCount);
    const lpOptions = { output_flag: false, presolve: options.presolve ?? 'off', solver: 'simplex', time_limit: options.lpTimeLimit ?? 60 } as const;
    if (hm && model) {
      hm.options.set({ ...lpOptions, mip_rel_gap: 0.001 });
      hm.run();
      if (hm.getModelStatus() === highs.constants.modelStatus.optimal) {
        const sol = hm.getSolution();
        rowDual = sol.rowDual;
        colDual = sol.colDual;
      }
    }
    const dualsMs = performance.now() - t1;

    // 3. scenarios: every move's score shifted a little, the LP re-solved warm
    const t2 = performance.now();
    const scenariosWanted = options.scenarios ?? 8;
    const perturbation = options.perturbation ?? 0.6;
    const mass = new Float64Array(xCount);
    let ran = 0;
    if (hm && model && xCount > 0 && perturbation > 0) {
      const random = mulberry32(hashSeed(options.seed ?? 'placement-odds'));
      const costs = new Float64Array(xCount);
      for (let k = 0; k < scenariosWanted; k++) {
        if (options.budgetMs !== undefined && performance.now() - t0 > options.budgetMs) break;
        if (hooks.shouldStop?.()) break;
        for (let j = 0; j < xCount; j++) costs[j] = model.colCost[j] + perturbation * (2 * random() - 1);
        hm.changeColsCost({ kind: 'range', from: 0, to: xCount - 1 }, costs);
        hm.run();
        hooks.onProgress?.({ stage: 'lp', iterations: k + 1, elapsedMs: performance.now() - t0 });
        if (hm.getModelStatus() !== highs.constants.modelStatus.optimal) continue;
        const x = hm.getSolution().colValue;
        for (let j = 0; j < xCount; j++) if (x[j] > 1e-6) mass[j] += Math.min(1, x[j]);
        ran++;
      }
    }
    const scenariosMs = performance.now() - t2;

    const prices = new Prices(index, model?.rowIndex ?? null, rowDual, plan.moves);
    // what each teacher's candidates came to
    const placed: (PlannedMove | null)[] = input.teachers.map(() => null);
    for (const mv of plan.moves) placed[index.teacherIndex.get(mv.teacherId)!] = mv;
    const odds: CandidateOdds[][] = [];
    let j = 0;
    candidates.forEach((list, ti) => {
      odds.push(
        list.map((c) => {
          const col = model && model.numCols > 0 ? j++ : -1;
          return {
            schoolId: c.schoolId,
            rank: c.rank,
            score: c.score,
            base: placed[ti]?.toSchoolId === c.schoolId,
            scenarioShare: ran > 0 && col >= 0 ? mass[col] / ran : 0,
            reducedCost: col >= 0 && col < colDual.length ? Math.min(0, round9(colDual[col])) : 0,
          };
        }),
      );
    });
    return {
      index,
      plan,
      scenarios: ran,
      perturbation,
      candidates: odds,
      placed,
      price(ti, schoolId, rank) {
        const t = input.teachers[ti];
        const post = index.destinationPost(t, schoolId);
        if (!post || schoolId === t.currentSchoolId) return null;
        if (t.mandatory?.rule === 'R3' && !t.exempt && !R3_DESTINATION_TYPES.includes(index.schools.get(schoolId)!.type)) return null;
        const price = prices.price(ti, post, rank, prices.homeTerm(ti));
        return price === null ? null : round9(price);
      },
      room(ti, schoolId) {
        const post = index.destinationPost(input.teachers[ti], schoolId);
        return post ? prices.room(post) : null;
      },
      eachDestination(ti, rank, minPrice, visit) {
        const home = prices.homeTerm(ti);
        const own = input.teachers[ti].currentSchoolId;
        const { near, far } = prices.ranked(ti, rank);
        for (const [list, isNear] of [[near, true], [far, false]] as const) {
          for (const d of list) {
            // ranked by price: the rest of this list is cheaper still
            if (d.price - home < minPrice) break;
            if (d.post.schoolId === own) continue;
            if (!visit(d.post.schoolId, d.price - home, isNear, d.left, d.arrivals)) return;
          }
        }
      },
      ms: { base: baseMs, duals: dualsMs, scenarios: scenariosMs, total: performance.now() - t0 },
    };
  } finally {
    hm?.dispose();
  }
}

function movesOf(index: CountyIndex, model: BuiltModel, x: Float64Array): PlannedMove[] {
  const moves: PlannedMove[] = [];
  for (let j = 0; j < model.xCount; j++) {
    if (x[j] < 0.5) continue;
    moves.push(moveOf(index.input.teachers[model.colTeacher[j]], model.colCandidate[j]));
  }
  return moves;
}

/**
 * Prices of moves from the rows' duals: score − Σ a_r·y_r over the rows the move's column would have (the
 * same rows and coefficients as model.ts columnEntries). Rows the model does not have (nobody else could
 * arrive at that post; the teacher has no candidates) price at 0. For a column the model has, this is its
 * reduced cost (the spec checks it against HiGHS's). The terms of the teacher's home (their row, the post
 * they leave, its floors, R1, the backbone share, their school's leadership cap) are summed once per teacher.
 */
class Prices {
  private readonly arrivals: Int32Array;
  private readonly departures: Int32Array;
  private readonly capDual: Float64Array;
  private readonly capRow: Uint8Array;
  /** subject → school → dual of the school's floor row for the subject (rows with a dual only) */
  private readonly floorDual = new Map<string, Map<string, number>>();
  private readonly byKind = new Map<string, PostRef[]>();
  private readonly split = new Map<string, { near: PostRef[]; far: PostRef[] }>();
  private readonly rankedCache = new Map<string, { near: RankedDestination[]; far: RankedDestination[] }>();

  constructor(
    private readonly index: CountyIndex,
    private readonly rows: ModelRows | null,
    private readonly y: Float64Array,
    moves: readonly PlannedMove[],
  ) {
    const n = index.posts.length;
    this.arrivals = new Int32Array(n);
    this.departures = new Int32Array(n);
    for (const m of moves) {
      const to = index.postByKey.get(postKey(m.toSchoolId, m.subject, m.category));
      if (to) this.arrivals[to.index]++;
      const held = index.heldPost[index.teacherIndex.get(m.teacherId)!];
      if (held) this.departures[held.index]++;
    }
    this.capDual = new Float64Array(n);
    this.capRow = new Uint8Array(n);
    if (rows) {
      for (let i = 0; i < n; i++) {
        const r = rows.capacityRow[i];
        if (r >= 0) {
          this.capRow[i] = 1;
          this.capDual[i] = this.dual(r);
        }
      }
      for (const f of index.floors) {
        const d = this.dual(rows.floorRow[f.index]);
        if (d === 0) continue;
        const bySchool = this.floorDual.get(f.subject) ?? new Map<string, number>();
        bySchool.set(f.schoolId, d);
        this.floorDual.set(f.subject, bySchool);
      }
    }
    for (const p of index.posts) {
      const k = `${p.subject ?? ''}|${p.category}`;
      const list = this.byKind.get(k);
      if (list) list.push(p);
      else this.byKind.set(k, [p]);
    }
  }

  private dual(r: number | undefined): number {
    return r !== undefined && r >= 0 && r < this.y.length ? this.y[r] : 0;
  }

  room(post: PostRef): PostRoom {
    return { quota: post.quota, current: post.current, left: post.headroom - this.arrivals[post.index] + this.departures[post.index], arrivals: this.arrivals[post.index] };
  }

  /**
   * The posts teacher `ti` could fill (their arrival kind, R3's school types), their own school's included:
   * those in their own school district first, then the rest of the county.
   */
  destinations(ti: number): { near: readonly PostRef[]; far: readonly PostRef[] } {
    const t = this.index.input.teachers[ti];
    const a = arrivalKind(t);
    const r3 = t.mandatory?.rule === 'R3' && !t.exempt;
    const district = this.index.schools.get(t.currentSchoolId)?.districtCode ?? null;
    const k = `${a.subject ?? ''}|${a.category}|${r3}|${district ?? ''}`;
    let split = this.split.get(k);
    if (!split) {
      const all = (this.byKind.get(`${a.subject ?? ''}|${a.category}`) ?? []).filter((p) => !r3 || R3_DESTINATION_TYPES.includes(this.index.schools.get(p.schoolId)!.type));
      const inDistrict = (p: PostRef) => district !== null && this.index.schools.get(p.schoolId)!.districtCode === district;
      split = { near: all.filter(inDistrict), far: all.filter((p) => !inDistrict(p)) };
      this.split.set(k, split);
    }
    return split;
  }

  /** the subjects whose floors a move of the teacher touches (none for a researcher) */
  subjects(ti: number): readonly string[] {
    const t = this.index.input.teachers[ti];
    return t.category === 'researcher' || this.floorDual.size === 0 ? [] : [...new Set(t.subjects)];
  }

  /**
   * The teacher's destinations, near ones and far ones, each ranked by the price of the move before the home
   * term (which shifts them all alike), with the post's room; shared by the teachers alike in all that this
   * price depends on (their post kind, their school's district and flags, backbone or not, the rank the
   * school would be listed at, and their subjects where floors have duals). Their own school is among them:
   * the caller leaves it out.
   */
  ranked(ti: number, rank: number | null): { near: readonly RankedDestination[]; far: readonly RankedDestination[] } {
    const t = this.index.input.teachers[ti];
    const a = arrivalKind(t);
    const subjects = this.subjects(ti);
    const from = this.index.schools.get(t.currentSchoolId)!;
    const key = `${a.subject ?? ''}|${a.category}|${t.mandatory?.rule === 'R3' && !t.exempt}|${from.districtCode ?? ''}|${from.rural}|${from.weak}|${t.backbone}|${rank ?? ''}|${subjects.join(',')}`;
    let hit = this.rankedCache.get(key);
    if (!hit) {
      const { near, far } = this.destinations(ti);
      const rankOf = (list: readonly PostRef[]) => {
        const out: RankedDestination[] = [];
        for (const post of list) {
          const price = this.price(ti, post, rank, 0, subjects);
          if (price === null) continue;
          const r = this.room(post);
          out.push({ post, price, left: r.left, arrivals: r.arrivals });
        }
        return out.sort((x, y) => y.price - x.price || (x.post.schoolId < y.post.schoolId ? -1 : 1));
      };
      hit = { near: rankOf(near), far: rankOf(far) };
      this.rankedCache.set(key, hit);
    }
    return hit;
  }

  /** Σ a_r·y_r over the rows of the teacher's home (the same for every destination) */
  homeTerm(ti: number): number {
    const rows = this.rows;
    if (!rows) return 0;
    const t = this.index.input.teachers[ti];
    const held = this.index.heldPost[ti];
    let sum = this.dual(rows.teacherRow[ti]);
    if (held) sum -= this.dual(rows.capacityRow[held.index]);
    if (t.category !== 'researcher') {
      for (const subj of new Set(t.subjects)) {
        const home = this.index.floorByKey.get(`${t.currentSchoolId}|${subj}`);
        if (home) sum -= this.dual(rows.floorRow[home.index]);
      }
    }
    sum += this.dual(rows.r1Row);
    sum += ((t.backbone ? 1 : 0) - this.index.input.parameters.backboneMoverShare) * this.dual(rows.backboneRow);
    if (this.index.isLeader(t)) sum += this.dual(rows.leadershipRow.get(t.currentSchoolId));
    return sum;
  }

  /**
   * The price of teacher `ti` moving into `post` (listed at `rank`), given their homeTerm; null for a full
   * post nobody else could arrive at (the model has no row for it: there is no one's place to compete for).
   */
  price(ti: number, post: PostRef, rank: number | null, home: number, subjects: readonly string[] = this.subjects(ti)): number | null {
    if (!this.capRow[post.index] && post.headroom - this.arrivals[post.index] + this.departures[post.index] <= 0) return null;
    const t = this.index.input.teachers[ti];
    const from = this.index.schools.get(t.currentSchoolId)!;
    const to = this.index.schools.get(post.schoolId)!;
    let rc = moveScore(t, from, to, rank, this.index.input.parameters.weights) - home - this.capDual[post.index];
    for (const subj of subjects) rc -= this.floorDual.get(subj)?.get(post.schoolId) ?? 0;
    return rc;
  }
}

interface RankedDestination {
  post: PostRef;
  /** the price before the teacher's home term */
  price: number;
  left: number;
  arrivals: number;
}

const round9 = (x: number) => Math.round(x * 1e9) / 1e9;

/** FNV-1a of a string: the scenarios' seed. */
function hashSeed(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast seeded PRNG in [0, 1) */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

