import { DomainError } from '@app/errors';
import { buildCandidates, type Candidate, type CandidateOptions } from './candidates';
import { arrivalKind, CountyIndex } from './county-index';
import { SolveCancelled, solveBinaryProgram, type BinarySolveResult, type SolveHooks, type SolveOptions } from './highs-solver';
import { buildModel, type BuiltModel } from './model';
import { moveOf, sumScores } from './moves';
import { initialStats, type Infeasibility, type Plan, type PlannedMove, type PlanStats } from './plan';
import { validatePlannerInput, type PlannerInput } from './plan-input';
import { pct, precheck } from './prechecks';

export interface PlannerOptions extends CandidateOptions, SolveOptions {}

export class PlannerFailed extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ROTATION.PLANNER_FAILED', 'conflict', message, details);
  }
}

/**
 * The rotation plan for one cycle: candidates → counting pre-checks → the LP relaxation (HiGHS) → the
 * integer plan (the LP itself when integral, else a MIP, see solveBinaryProgram) → a Plan with the LP
 * bound and the gap. When the pre-checks or HiGHS find the cycle infeasible, the elastic model is solved
 * instead: the plan is marked 'infeasible', its moves are the best-effort draft, and `infeasibilities`
 * lists the pre-checks' findings and every constraint group whose slack is positive, where, by how much.
 *
 * Pins are part of the input, so a re-solve with the same pins honours them again.
 */
export async function planRotation(input: PlannerInput, options: PlannerOptions = {}, hooks: SolveHooks = {}): Promise<Plan> {
  validatePlannerInput(input);
  const t0 = performance.now();
  const index = new CountyIndex(input);
  const candidates = buildCandidates(index, options);
  const candidatesMs = performance.now() - t0;
  const pre = precheck(index, candidates);
  const stats: PlanStats = { ...initialStats(input.teachers.length, candidates, candidatesMs), totalMs: 0 };

  if (pre.length === 0) {
    const t1 = performance.now();
    const model = buildModel(index, candidates, false);
    stats.buildMs = performance.now() - t1;
    Object.assign(stats, { columns: model.numCols, rows: model.numRows, nonzeros: model.indices.length });
    const res = await solveBinaryProgram(model, options, hooks);
    const plan = planOf(index, res, (x) => movesOf(index, model, x), stats, t0);
    if (plan) return plan;
  }
  return elasticPlan(index, candidates, pre, stats, options, hooks, t0);
}

/**
 * The optimizer's plan from a solve of the strict model, or null when HiGHS says it is infeasible (the
 * caller then explains it with the elastic model). Throws when the solve was cancelled or found nothing.
 */
export function planOf(index: CountyIndex, res: BinarySolveResult, moves: (x: Float64Array) => PlannedMove[], stats: PlanStats, t0: number): Plan | null {
  stats.lpMs += res.lpMs;
  stats.mipMs += res.mipMs;
  if (res.status === 'cancelled') throw new SolveCancelled();
  if (res.colValue && res.objective !== null && res.lpObjective !== null) {
    const planned = moves(res.colValue);
    const objective = sumScores(planned);
    // the gap is the model's: its objective includes an amendment's bonuses, which the plan's scores do not
    const gap = Math.max(0, (res.lpObjective - res.objective) / Math.max(1, Math.abs(res.lpObjective)));
    stats.totalMs = performance.now() - t0;
    return {
      method: 'optimizer',
      status: res.status === 'optimal' || gap < 1e-9 ? 'optimal' : 'feasible',
      moves: planned,
      objective,
      bound: { lpBound: res.lpObjective, gap, integralLp: res.integralLp, mip: res.mip },
      infeasibilities: [],
      stats,
    };
  }
  if (res.status !== 'infeasible') throw new PlannerFailed(`HiGHS found no plan (status ${res.highsStatus}) within the time limits`, { highsStatus: res.highsStatus });
  void index;
  return null;
}

/** The infeasible cycle: the elastic model says which groups cannot hold, where and by how much. */
export async function elasticPlan(index: CountyIndex, candidates: readonly Candidate[][], pre: Infeasibility[], stats: PlanStats, options: PlannerOptions, hooks: SolveHooks, t0: number): Promise<Plan> {
  const t2 = performance.now();
  const elastic = buildModel(index, candidates, true);
  Object.assign(stats, { columns: elastic.numCols, rows: elastic.numRows, nonzeros: elastic.indices.length });
  hooks.onProgress?.({ stage: 'elastic', iterations: 0, elapsedMs: performance.now() - t0 });
  const res = await solveBinaryProgram(elastic, options, hooks);
  return elasticPlanOf(index, elastic, res, candidates, pre, stats, t0, t2);
}

/** A move column the solve chose: its teacher, its candidate and the move (which may carry a pin's flags). */
export interface PickedColumn {
  ti: number;
  candidate: Candidate;
  move: PlannedMove;
}

/**
 * The infeasible plan from a solve of the elastic model: its draft and the explanations (see elasticPlan).
 * `picked` reads the chosen moves off the solution (default: the model's own x columns; a warm session
 * also has columns added after the slacks).
 */
export function elasticPlanOf(
  index: CountyIndex,
  elastic: BuiltModel,
  res: BinarySolveResult,
  candidates: readonly Candidate[][],
  pre: Infeasibility[],
  stats: PlanStats,
  t0: number,
  t2: number,
  picked: (x: Float64Array) => PickedColumn[] = (x) => pickedOf(index, elastic, x),
): Plan {
  stats.lpMs += res.lpMs;
  stats.mipMs += res.mipMs;
  if (res.status === 'cancelled') throw new SolveCancelled();
  if (!res.colValue) throw new PlannerFailed(`the elastic model found no plan either (status ${res.highsStatus})`, { highsStatus: res.highsStatus });
  const chosen = picked(res.colValue);
  const moves = chosen.map((p) => p.move);
  const explained = explainElastic(index, elastic, res, candidates, chosen);
  stats.elasticMs = performance.now() - t2;
  stats.totalMs = performance.now() - t0;
  return { method: 'optimizer', status: 'infeasible', moves, objective: sumScores(moves), bound: null, infeasibilities: [...pre, ...explained], stats };
}

function pickedOf(index: CountyIndex, model: BuiltModel, x: Float64Array): PickedColumn[] {
  const out: PickedColumn[] = [];
  for (let j = 0; j < model.xCount; j++) {
    if (x[j] < 0.5) continue;
    const ti = model.colTeacher[j];
    out.push({ ti, candidate: model.colCandidate[j], move: moveOf(index.input.teachers[ti], model.colCandidate[j]) });
  }
  return out;
}

function movesOf(index: CountyIndex, model: BuiltModel, x: Float64Array): PlannedMove[] {
  return pickedOf(index, model, x).map((p) => p.move);
}

/** The groups whose slack is positive, with the plan's own figures there. */
function explainElastic(index: CountyIndex, model: BuiltModel, res: BinarySolveResult, candidates: readonly Candidate[][], picked: readonly PickedColumn[]): Infeasibility[] {
  const x = res.colValue!;
  const moves = picked.map((p) => p.move);
  const { teachers, parameters } = index.input;
  const out: Infeasibility[] = [];
  const unplaced = new Map<string, string[]>();
  const mandatoryByKind = new Map<string, number>();
  teachers.forEach((t, ti) => {
    if (!t.mandatory || t.exempt || candidates[ti].length === 0) return;
    const k = `${t.mandatory.rule}|${groupLabel(t)}`;
    mandatoryByKind.set(k, (mandatoryByKind.get(k) ?? 0) + 1);
  });
  const moved = new Set(moves.map((m) => m.teacherId));
  const arrivals = new Map<number, number>();
  const departures = new Map<number, number>();
  for (const { ti, candidate: c } of picked) {
    arrivals.set(c.post.index, (arrivals.get(c.post.index) ?? 0) + 1);
    const held = index.heldPost[ti];
    if (held) departures.set(held.index, (departures.get(held.index) ?? 0) + 1);
  }

  for (let k = 0; k < model.slackRow.length; k++) {
    const slack = x[model.xCount + k];
    if (!(slack > 1e-6)) continue;
    const row = model.rows[model.slackRow[k]];
    switch (row.group) {
      case 'teacher': {
        const t = teachers[row.ref as number];
        // a teacher whose pins leave no candidate is the pre-check's finding (a warm session keeps their row)
        if (moved.has(t.id) || candidates[row.ref as number].length === 0) break;
        const key = `${t.mandatory!.rule}|${groupLabel(t)}`;
        unplaced.set(key, [...(unplaced.get(key) ?? []), t.id]);
        break;
      }
      case 'capacity': {
        const p = index.posts[row.ref as number];
        const a = arrivals.get(p.index) ?? 0;
        const d = departures.get(p.index) ?? 0;
        const after = p.current - d + a;
        const limit = Math.max(p.quota, p.current);
        out.push({
          constraint: 'capacity',
          where: `${index.schoolName(p.schoolId)} ${p.subject ?? p.category}`,
          required: after,
          available: limit,
          shortBy: after - limit,
          message: index.say(`${index.schoolName(p.schoolId)}: ${p.subject ?? p.category} posts would hold ${after} (${p.current} now − ${d} leaving + ${a} arriving), the quota is ${p.quota}`),
          source: 'elastic',
          schoolId: p.schoolId,
        });
        break;
      }
      case 'floor': {
        const f = index.floors[row.ref as number];
        const { after, leaving, arriving } = qualifiedAfter(index, moves, f.schoolId, f.subject, f.before);
        out.push({
          constraint: 'subject_floor',
          where: `${index.schoolName(f.schoolId)} ${f.subject}`,
          required: f.target,
          available: after,
          shortBy: f.target - after,
          message: index.say(`${index.schoolName(f.schoolId)} would keep ${after} qualified ${f.subject} teacher${after === 1 ? '' : 's'} (${f.before} now − ${leaving} leaving + ${arriving} arriving), the floor is ${f.target}`),
          source: 'elastic',
          schoolId: f.schoolId,
        });
        break;
      }
      case 'min_movers': {
        out.push({
          constraint: 'min_movers',
          where: 'county',
          required: index.r1Required,
          available: moves.length,
          shortBy: index.r1Required - moves.length,
          message: index.say(`R1 needs ${index.r1Required} movers (${pct(parameters.minMoverShare)} of ${index.input.censusTeachers ?? teachers.length}); the other limits allow ${moves.length}`),
          source: 'elastic',
        });
        break;
      }
      case 'backbone': {
        const backbone = moves.filter((m) => teachers[index.teacherIndex.get(m.teacherId)!].backbone).length;
        const needed = Math.ceil(parameters.backboneMoverShare * moves.length - 1e-9);
        out.push({
          constraint: 'backbone_share',
          where: 'county',
          required: needed,
          available: backbone,
          shortBy: needed - backbone,
          message: index.say(`${backbone} backbone teachers among ${moves.length} movers; ${pct(parameters.backboneMoverShare)} needs ${needed}`),
          source: 'elastic',
        });
        break;
      }
      case 'leadership': {
        const schoolId = row.ref as string;
        const leaving = moves.filter((m) => m.fromSchoolId === schoolId && index.isLeader(teachers[index.teacherIndex.get(m.teacherId)!]));
        const cap = index.leadershipCap(schoolId);
        out.push({
          constraint: 'leadership_cap',
          where: index.schoolName(schoolId),
          required: leaving.length,
          available: cap,
          shortBy: leaving.length - cap,
          message: index.say(
            `${index.schoolName(schoolId)}: ${leaving.length} leader${leaving.length > 1 ? 's leave' : ' leaves'}(${leaving.filter((m) => m.mandatory === 'R2').length} under R2), the cap is ${cap} (${index.leadershipCapFormula(schoolId)})${index.namesOf(leaving.map((m) => m.teacherId)) ? `: ${index.namesOf(leaving.map((m) => m.teacherId))}` : ''}`,
          ),
          source: 'elastic',
          teacherIds: leaving.map((m) => m.teacherId),
          schoolId,
        });
        break;
      }
    }
  }
  if (unplaced.size > 0) {
    const why = whyUnplaced(index, candidates, arrivals, departures, moves);
    for (const [key, ids] of unplaced) {
      const [rule, what] = key.split('|');
      const of = mandatoryByKind.get(key) ?? ids.length;
      const reasons = new Map<string, string[]>();
      for (const id of ids) {
        const r = why(index.teacherIndex.get(id)!);
        reasons.set(r.kind, [...(reasons.get(r.kind) ?? []), r.place]);
      }
      out.push({
        constraint: 'mandatory_move',
        where: `${rule} ${what}`,
        required: of,
        available: of - ids.length,
        shortBy: ids.length,
        message: index.say(`${ids.length} of ${of} ${rule} ${what} cannot be moved${index.whoAre(ids)}: ${[...reasons].map(([kind, places]) => `${places.length} ${kind}${placesOf(places)}`).join('; ')}`),
        source: 'elastic',
        teacherIds: ids,
      });
    }
  }
  return out;
}

/** Why the draft leaves a mandatory teacher in place, read off the draft: a floor or the cap at home, or full places. */
function whyUnplaced(index: CountyIndex, candidates: readonly Candidate[][], arrivals: Map<number, number>, departures: Map<number, number>, moves: readonly PlannedMove[]) {
  const teachers = index.input.teachers;
  const leadersLeaving = new Map<string, number>();
  for (const m of moves) if (index.isLeader(teachers[index.teacherIndex.get(m.teacherId)!])) leadersLeaving.set(m.fromSchoolId, (leadersLeaving.get(m.fromSchoolId) ?? 0) + 1);
  return (ti: number): { kind: string; place: string } => {
    const t = teachers[ti];
    const home = index.schoolName(t.currentSchoolId);
    if (t.category !== 'researcher') {
      for (const subj of new Set(t.subjects)) {
        const f = index.floorByKey.get(`${t.currentSchoolId}|${subj}`);
        if (f && qualifiedAfter(index, moves, f.schoolId, f.subject, f.before).after - 1 < f.target) {
          return { kind: 'would leave their school below a subject floor, no qualified replacement arriving', place: `${home} ${subj}` };
        }
      }
    }
    if (index.isLeader(t) && (leadersLeaving.get(t.currentSchoolId) ?? 0) + 1 > index.leadershipCap(t.currentSchoolId)) {
      return { kind: "would exceed their school's leadership cap", place: `${home}, cap ${index.leadershipCap(t.currentSchoolId)}` };
    }
    const full = candidates[ti].every((c) => c.post.current - (departures.get(c.post.index) ?? 0) + (arrivals.get(c.post.index) ?? 0) >= Math.max(c.post.quota, c.post.current));
    if (full) return { kind: 'find every place at their candidate schools taken', place: '' };
    return { kind: 'cannot be placed without breaking another limit (R1, the backbone share or a pin)', place: '' };
  };
}

/** "mathematics teachers", "leaders", "researchers": how unplaced mandatory teachers are grouped */
function groupLabel(t: PlannerInput['teachers'][number]): string {
  const k = arrivalKind(t);
  return k.subject !== null ? `${k.subject} teachers` : k.category === 'principal' ? 'leaders' : 'researchers';
}

function placesOf(places: string[], max = 3): string {
  const named = places.filter((p) => p !== '');
  if (named.length === 0) return '';
  return ` (${named.slice(0, max).join('; ')}${named.length > max ? `; and ${named.length - max} more` : ''})`;
}

function qualifiedAfter(index: CountyIndex, moves: readonly PlannedMove[], schoolId: string, subject: string, before: number) {
  let leaving = 0;
  let arriving = 0;
  for (const m of moves) {
    const t = index.input.teachers[index.teacherIndex.get(m.teacherId)!];
    if (t.category === 'researcher' || !t.subjects.includes(subject)) continue;
    if (m.fromSchoolId === schoolId) leaving++;
    if (m.toSchoolId === schoolId) arriving++;
  }
  return { after: before - leaving + arriving, leaving, arriving };
}
