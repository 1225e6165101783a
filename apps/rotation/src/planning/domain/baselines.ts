import { buildCandidates, type Candidate, type CandidateOptions } from './candidates';
import { CountyIndex } from './county-index';
import { initialStats, type Plan, type PlanMethod, type PlanStats } from './plan';
import { validatePlannerInput, type PlannerInput } from './plan-input';
import { moveOf, sumScores } from './moves';

/**
 * Two baselines on the same input and candidates as the optimizer, returning the same Plan shape:
 *
 * greedyPlan — teachers by priority points (highest first, then id); each applicant (a volunteer with a
 * list, or a mandatory R2/R3 teacher) takes the first candidate still feasible in their own order: their
 * listed schools by rank, then (non-volunteers only) the generated candidates by score.
 *
 * deferredAcceptancePlan — teacher-proposing deferred acceptance, as France's mouvement runs it: applicants
 * propose down their lists, each post holds the highest-points proposers up to its places and rejects the
 * rest. A post's places are its headroom plus the applicants who hold it and are tentatively placed
 * elsewhere (vacancy chains); rounds repeat with the places the last round freed until the departures no
 * longer change (at most 20 rounds). The final matching is then applied in points order where still
 * feasible (capacity, subject floors, leadership cap), which drops the few placements a chain no longer
 * supports.
 *
 * Both then top up to R1's minimum: non-applicants by points take their best-scoring feasible candidate
 * until the county has ceil(5% × teachers) movers. Neither enforces the backbone share, and mandatory
 * teachers get no priority beyond their points: that is what the optimizer is measured against. Forced
 * pins are applied first; forbidden pins never appear among the candidates.
 */

export function greedyPlan(input: PlannerInput, options: CandidateOptions = {}): Plan {
  return run(input, options, 'greedy', (ledger, order, lists) => {
    for (const ti of order) {
      if (!ledger.applicant[ti] || ledger.moved.has(ti)) continue;
      for (const c of lists[ti]) {
        if (ledger.canMove(ti, c)) {
          ledger.apply(ti, c);
          break;
        }
      }
    }
  });
}

export function deferredAcceptancePlan(input: PlannerInput, options: CandidateOptions = {}): Plan {
  return run(input, options, 'deferred_acceptance', (ledger, order, lists, index) => {
    const participants = order.filter((ti) => ledger.applicant[ti] && !ledger.moved.has(ti));
    const prio = new Map<number, number>();
    order.forEach((ti, k) => prio.set(ti, order.length - k)); // higher = preferred by schools
    const baseRoom = index.posts.map((p) => ledger.room(p.index));
    let departures = new Map<number, number>();
    let match = new Map<number, Candidate>();
    for (let round = 0; round < 20; round++) {
      const places = baseRoom.map((r, pi) => r + (departures.get(pi) ?? 0));
      const held = new Map<number, number[]>(); // post → teacher indices, best first
      const next = new Map<number, number>();
      const queue = [...participants];
      const result = new Map<number, Candidate>();
      while (queue.length > 0) {
        const ti = queue.pop()!;
        const list = lists[ti];
        let k = next.get(ti) ?? 0;
        let placed = false;
        while (k < list.length && !placed) {
          const c = list[k++];
          const pi = c.post.index;
          const cap = places[pi];
          if (cap <= 0) continue;
          const h = held.get(pi) ?? [];
          if (h.length < cap) {
            h.push(ti);
            h.sort((a, b) => prio.get(b)! - prio.get(a)!);
            held.set(pi, h);
            result.set(ti, c);
            placed = true;
          } else if (prio.get(h[h.length - 1])! < prio.get(ti)!) {
            const out = h.pop()!;
            result.delete(out);
            queue.push(out);
            h.push(ti);
            h.sort((a, b) => prio.get(b)! - prio.get(a)!);
            result.set(ti, c);
            placed = true;
          }
        }
        next.set(ti, k);
      }
      const freed = new Map<number, number>();
      for (const ti of result.keys()) {
        const held0 = index.heldPost[ti];
        if (held0) freed.set(held0.index, (freed.get(held0.index) ?? 0) + 1);
      }
      match = result;
      const same = freed.size === departures.size && [...freed].every(([k, n]) => departures.get(k) === n);
      departures = freed;
      if (same) break;
    }
    // apply the matching where it is still feasible, repeating while a pass makes progress
    const pending = participants.filter((ti) => match.has(ti));
    let progress = true;
    while (progress) {
      progress = false;
      for (let i = 0; i < pending.length; i++) {
        const ti = pending[i];
        if (ti < 0 || !ledger.canMove(ti, match.get(ti)!)) continue;
        ledger.apply(ti, match.get(ti)!);
        pending[i] = -1;
        progress = true;
      }
    }
  });
}

type Strategy = (ledger: Ledger, order: number[], lists: Candidate[][], index: CountyIndex) => void;

function run(input: PlannerInput, options: CandidateOptions, method: PlanMethod, strategy: Strategy): Plan {
  validatePlannerInput(input);
  const t0 = performance.now();
  const index = new CountyIndex(input);
  const candidates = buildCandidates(index, options);
  const candidatesMs = performance.now() - t0;
  const teachers = input.teachers;
  const order = teachers.map((_, i) => i).sort((a, b) => teachers[b].points - teachers[a].points || (teachers[a].id < teachers[b].id ? -1 : 1));
  // each teacher's own order: listed schools by rank, then the generated candidates by score
  const lists = candidates.map((list) =>
    [...list].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.score - a.score || (a.schoolId < b.schoolId ? -1 : 1)),
  );
  const ledger = new Ledger(index, candidates);
  for (const ti of order) {
    const forced = candidates[ti].find((c) => c.forced);
    if (forced) ledger.apply(ti, forced);
  }
  strategy(ledger, order, lists, index);
  // R1 top-up
  if (ledger.moved.size < index.r1Required) {
    for (const ti of order) {
      if (ledger.moved.size >= index.r1Required) break;
      if (ledger.applicant[ti] || ledger.moved.has(ti)) continue;
      const best = [...candidates[ti]].sort((a, b) => b.score - a.score || (a.schoolId < b.schoolId ? -1 : 1)).find((c) => ledger.canMove(ti, c));
      if (best) ledger.apply(ti, best);
    }
  }
  const moves = [...ledger.moved].sort((a, b) => a[0] - b[0]).map(([ti, c]) => moveOf(teachers[ti], c));
  const stats: PlanStats = { ...initialStats(teachers.length, candidates, candidatesMs), totalMs: performance.now() - t0 };
  return { method, status: 'heuristic', moves, objective: sumScores(moves), bound: null, infeasibilities: [], stats };
}

/** Headcounts, qualified teachers and leaders as moves are applied one by one; checks one more move. */
class Ledger {
  readonly moved = new Map<number, Candidate>();
  readonly applicant: boolean[];
  private readonly count: Int32Array;
  private readonly limit: Int32Array;
  private readonly qualified = new Map<string, number>();
  private readonly leadersLeaving = new Map<string, number>();

  constructor(
    private readonly index: CountyIndex,
    candidates: readonly Candidate[][],
  ) {
    const teachers = index.input.teachers;
    this.applicant = teachers.map((t, ti) => candidates[ti].length > 0 && ((t.volunteer && t.preferences.length > 0) || (t.mandatory !== null && !t.exempt)));
    this.count = Int32Array.from(index.posts.map((p) => p.current));
    this.limit = Int32Array.from(index.posts.map((p) => Math.max(p.quota, p.current)));
    for (const f of index.floors) this.qualified.set(`${f.schoolId}|${f.subject}`, f.before);
  }

  room(postIndex: number): number {
    return this.limit[postIndex] - this.count[postIndex];
  }

  canMove(ti: number, c: Candidate): boolean {
    if (this.moved.has(ti)) return false;
    if (this.count[c.post.index] + 1 > this.limit[c.post.index]) return false;
    const t = this.index.input.teachers[ti];
    if (t.category !== 'researcher') {
      for (const subj of new Set(t.subjects)) {
        const f = this.index.floorByKey.get(`${t.currentSchoolId}|${subj}`);
        if (f && this.qualified.get(`${f.schoolId}|${f.subject}`)! - 1 < f.target) return false;
      }
    }
    if (this.index.isLeader(t) && (this.leadersLeaving.get(t.currentSchoolId) ?? 0) + 1 > this.index.leadershipCap(t.currentSchoolId)) return false;
    return true;
  }

  apply(ti: number, c: Candidate): void {
    const t = this.index.input.teachers[ti];
    this.moved.set(ti, c);
    this.count[c.post.index]++;
    const held = this.index.heldPost[ti];
    if (held) this.count[held.index]--;
    if (t.category !== 'researcher') {
      for (const subj of new Set(t.subjects)) {
        for (const [school, d] of [[t.currentSchoolId, -1], [c.schoolId, 1]] as const) {
          const k = `${school}|${subj}`;
          if (this.qualified.has(k)) this.qualified.set(k, this.qualified.get(k)! + d);
        }
      }
    }
    if (this.index.isLeader(t)) this.leadersLeaving.set(t.currentSchoolId, (this.leadersLeaving.get(t.currentSchoolId) ?? 0) + 1);
  }
}
