import type { IsoDate } from './calendar-date';

/**
 * The rules an approved rotation plan must pass, in one place (issue #9): rotation's plan checker and
 * staffing's application of an approved plan both call these, so a plan the checker passes is one staffing
 * accepts on the same facts.
 *
 * - **The plan is the unit.** Its moves are checked together, on the state after the whole plan: a post
 *   that a mover leaves has room for a mover who arrives (vacancy chains, A → B → C → A).
 * - **Posts.** A person counts once per post on the date, whatever their share or the kind of appointment
 *   that names the post. After the plan a post holds at most max(quota, holders before the plan): a plan
 *   fills a post up to its quota and never makes an over-full post fuller.
 * - **Workload.** A mover's kept appointments plus the new one sum to at most a full workload.
 * - **What a move ends** (`appointmentsEndedByMove`): every appointment the teacher holds on the effective
 *   date ends the day before — regular, rotation, support, placement — and so does a walking (走教)
 *   appointment when `R11.walking_ends_with_move` is 1 (the default); with 0 a walking appointment is kept
 *   and the new appointment takes the rest of the workload.
 *
 * When some moves still break a rule on the end state, `settlePlan` rejects the fewest it must (the latest
 * arrivals into each over-full post, by move id) and checks again, since a rejected move no longer frees
 * the post it would have left; the rest of the plan is applied.
 */

/** A post as the plan sees it: `quota` for the effective date's school year (null: none approved). */
export interface PlanPost {
  key: string;
  quota: number | null;
  /** distinct people holding the post on the effective date before the plan */
  before: number;
  /** "teacher/mathematics at 开平市龙胜镇中心小学", for reasons read by people */
  label?: string;
}

/** What one move does to the posts and the teacher's workload. */
export interface PlanMoveEffect {
  moveId: string;
  teacherId: string;
  /** posts the teacher stops holding (every appointment naming them ends) */
  leaves: readonly string[];
  /** the post the new appointment names (null: an appointment without a post) */
  arrives: string | null;
  /** shares of the teacher's appointments that stay active on the effective date */
  keptShare: number;
  /** the new appointment's share */
  share: number;
}

export type PlanRule = 'quota' | 'no_quota' | 'no_post' | 'workload' | 'duplicate';

export interface PlanRejection {
  moveId: string;
  teacherId: string;
  rule: PlanRule;
  message: string;
  details: Record<string, unknown>;
}

export interface PostExcess {
  key: string;
  quota: number;
  before: number;
  after: number;
  /** people over the limit */
  excess: number;
}

const EPS = 1e-9;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** The most people a post may hold after a plan: its quota, or as many as before if it was already over. */
export function postCapacityAfterPlan(quota: number | null, before: number): number {
  return Math.max(quota ?? 0, before);
}

/** Holders of each post after the moves (a person counts once per post). */
export function postHoldersAfter(posts: ReadonlyMap<string, PlanPost>, moves: readonly PlanMoveEffect[]): Map<string, number> {
  const after = new Map<string, number>();
  for (const [key, p] of posts) after.set(key, p.before);
  for (const m of moves) {
    for (const key of new Set(m.leaves)) after.set(key, (after.get(key) ?? 0) - 1);
    if (m.arrives !== null) after.set(m.arrives, (after.get(m.arrives) ?? 0) + 1);
  }
  return after;
}

/** Posts that hold more people after the moves than postCapacityAfterPlan allows. */
export function postExcesses(posts: ReadonlyMap<string, PlanPost>, moves: readonly PlanMoveEffect[]): PostExcess[] {
  const out: PostExcess[] = [];
  for (const [key, after] of postHoldersAfter(posts, moves)) {
    const p = posts.get(key);
    const before = p?.before ?? 0;
    const limit = postCapacityAfterPlan(p?.quota ?? null, before);
    if (after > limit) out.push({ key, quota: p?.quota ?? 0, before, after, excess: after - limit });
  }
  return out;
}

/** A mover's workload on the effective date after the move: kept shares plus the new one. */
export function workloadAfterMove(m: Pick<PlanMoveEffect, 'keptShare' | 'share'>): number {
  return m.keptShare + m.share;
}

/**
 * Settles a plan on its end state: which moves are applied, which rejected and why. Pure and
 * deterministic: the order of `moves` does not change the answer.
 */
export function settlePlan(input: { posts: readonly PlanPost[]; moves: readonly PlanMoveEffect[]; schoolYear?: number; date?: IsoDate }): { applied: PlanMoveEffect[]; rejected: PlanRejection[] } {
  const posts = new Map(input.posts.map((p) => [p.key, p]));
  const label = (key: string) => posts.get(key)?.label ?? key;
  const year = input.schoolYear !== undefined ? ` for school year ${input.schoolYear}-${String((input.schoolYear + 1) % 100).padStart(2, '0')}` : '';
  const rejected: PlanRejection[] = [];
  const sorted = [...input.moves].sort((a, b) => (a.moveId < b.moveId ? -1 : a.moveId > b.moveId ? 1 : 0));
  const live: PlanMoveEffect[] = [];
  const seen = new Set<string>();
  for (const m of sorted) {
    if (seen.has(m.teacherId)) {
      rejected.push({ moveId: m.moveId, teacherId: m.teacherId, rule: 'duplicate', message: `the plan moves this teacher more than once; only the first move is applied`, details: {} });
      continue;
    }
    seen.add(m.teacherId);
    const total = workloadAfterMove(m);
    if (total > 1 + EPS || m.share <= EPS) {
      rejected.push({
        moveId: m.moveId,
        teacherId: m.teacherId,
        rule: 'workload',
        message: m.share <= EPS ? `the appointments the move keeps already take a full workload (${round3(m.keptShare)}); the new appointment has no share left` : `workload shares would sum to ${round3(total)}${input.date ? ` on ${input.date}` : ''}: ${round3(m.keptShare)} kept and ${round3(m.share)} new; at most 1 is allowed`,
        details: { date: input.date, total: round3(total), kept: round3(m.keptShare), share: round3(m.share) },
      });
      continue;
    }
    if (m.arrives !== null && !posts.has(m.arrives)) {
      rejected.push({ moveId: m.moveId, teacherId: m.teacherId, rule: 'no_post', message: `the receiving school has no post ${label(m.arrives)}`, details: { post: m.arrives } });
      continue;
    }
    if (m.arrives !== null && posts.get(m.arrives)!.quota === null && !m.leaves.includes(m.arrives)) {
      rejected.push({ moveId: m.moveId, teacherId: m.teacherId, rule: 'no_quota', message: `post ${label(m.arrives)} has no approved quota${year}`, details: { post: m.arrives, schoolYear: input.schoolYear } });
      continue;
    }
    live.push(m);
  }
  // Reject the latest arrivals into each over-full post, then look again: a rejected mover stays where
  // they were, so the post they would have left may now be the one over its limit.
  for (;;) {
    const over = postExcesses(posts, live);
    if (over.length === 0) break;
    const drop = new Set<PlanMoveEffect>();
    for (const o of over) {
      const arrivals = live.filter((m) => m.arrives === o.key && !m.leaves.includes(o.key));
      for (const m of arrivals.slice(-o.excess)) {
        drop.add(m);
        rejected.push({
          moveId: m.moveId,
          teacherId: m.teacherId,
          rule: 'quota',
          message: `post ${label(o.key)} is full${year}: quota ${o.quota}, ${o.before} hold it before the plan and ${o.after} would after it`,
          details: { post: o.key, quota: o.quota, before: o.before, after: o.after, schoolYear: input.schoolYear },
        });
      }
    }
    for (let i = live.length - 1; i >= 0; i--) if (drop.has(live[i])) live.splice(i, 1);
  }
  return { applied: live, rejected };
}

/** One of the teacher's appointments, as far as a move is concerned. */
export interface MoverAppointment {
  id: string;
  kind: string;
  workloadShare: number;
  startDate: IsoDate;
  endDate: IsoDate | null;
}

/**
 * What a move does to the teacher's appointments (see the module comment): which end the day before the
 * effective date, the share they keep, and the new appointment's share (the rest of a full workload).
 * Appointments that start after the effective date are not current and are left as they are.
 */
export function appointmentsEndedByMove(
  current: readonly MoverAppointment[],
  effectiveDate: IsoDate,
  walkingEndsWithMove: boolean,
): { ends: string[]; keptShare: number; share: number } {
  const active = current.filter((a) => a.startDate <= effectiveDate && (a.endDate === null || a.endDate >= effectiveDate));
  const kept = active.filter((a) => a.kind === 'walking' && !walkingEndsWithMove);
  const ends = active.filter((a) => !kept.includes(a)).map((a) => a.id);
  const keptShare = round3(kept.reduce((s, a) => s + a.workloadShare, 0));
  return { ends, keptShare, share: round3(Math.max(0, 1 - keptShare)) };
}
