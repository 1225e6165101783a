import { policyValue, type PolicyKey, type PolicyValue } from '@app/policy';
import { MAX_PREFERENCES } from '../../cycles/domain/cycle';
import { arrivalKind, placementOdds, R3_DESTINATION_TYPES, type CandidateOdds, type PlacementOdds, type Plan, type PlannerInput, type SolveHooks } from '../../planning/domain';

/**
 * Achievable schools (issue #13, part 3): for each school a teacher listed, and a few they did not, whether a
 * place there is likely, possible or unlikely this cycle, from a what-if solve of the cycle as it stands
 * (placementOdds: the base plan a solve would give now, perturbed re-solves, reduced costs). The method and
 * its thresholds are in apps/rotation/src/planning/PLANNER.md ("Achievable-school hints"). A hint holds the
 * teacher's own facts and aggregate ones (a post's headcount and holders), never another teacher's.
 */

export const HINT_LEVELS = ['likely', 'possible', 'unlikely'] as const;
export type HintLevel = (typeof HINT_LEVELS)[number];

/** How the planner treats the teacher this cycle (the wording of their hints depends on it). */
export const TEACHER_KINDS = ['mandatory_r2', 'mandatory_r3', 'volunteer', 'eligible', 'not_eligible', 'exempt'] as const;
export type TeacherKind = (typeof TEACHER_KINDS)[number];

export const HINT_REASONS = [
  // likely
  'placed', // the what-if plan places the teacher here, and so do at least `likelyShare` of the variations
  // possible
  'placed_fragile', // the plan places them here, fewer variations do
  'placed_unsettled', // the plan places them here, but the county's plan cannot yet meet every rule
  'alternative', // the plan does not, some variations do
  'near_tie', // none does, but the move is within the perturbation of being worth taking (reduced cost)
  'worth_listing', // a school they did not list: priced from the plan's marginal values as if they had
  // unlikely
  'higher_choice', // the plan places them at a school they ranked higher
  'full', // no place left at the post they would fill
  'not_chosen', // neither the plan nor a variation places them here
  'no_post', // the school has no post of their subject and category
  'r3_destination', // R3 placements are at county-town and township-central schools only
  'own_school',
  'exempt',
] as const;
export type HintReason = (typeof HINT_REASONS)[number];

export interface HintFacts {
  /** variations run, and the share of them that placed the teacher here */
  scenarios?: number;
  scenarioShare?: number;
  /** the post the teacher would fill here: subject (null for leadership / researcher posts) and category */
  subject?: string | null;
  category?: string;
  /** aggregate headcount facts of that post: approved, held today, left after the plan's moves */
  quota?: number;
  holders?: number;
  left?: number;
  /** the rank of the school the plan places the teacher at */
  placedRank?: number | null;
  /** LP reduced cost of the move (≤ 0; 0 = taken or an alternative optimum); for HR's support view */
  reducedCost?: number;
}

export interface SchoolHint {
  schoolId: string;
  level: HintLevel;
  reason: HintReason;
  /** 1-based rank in the teacher's list, null for a suggestion */
  listedRank: number | null;
  suggested: boolean;
  facts: HintFacts;
}

export interface TeacherHints {
  teacherId: string;
  kind: TeacherKind;
  /** the school the what-if plan moves the teacher to, and its rank in their list */
  placedSchoolId: string | null;
  placedRank: number | null;
  hints: SchoolHint[];
}

export interface HintSettings {
  /** perturbed re-solves */
  scenarios: number;
  /** half-width of the perturbation of every move's score, in score units */
  perturbation: number;
  /** share of the variations that must agree with the plan for a placement to be "likely" */
  likelyShare: number;
  /** suggestions (schools not listed) per teacher, at most */
  suggestions: number;
  /** seed of the perturbations (the cycle and the day: a re-run the same day gives the same hints) */
  seed: string;
  /** no variation starts after this many ms (the solver's time limit bounds the whole run) */
  budgetMs?: number;
}

export interface HintComputation {
  /** the what-if plan the hints come from (what a solve would give now) */
  plan: Plan;
  scenarios: number;
  teachers: TeacherHints[];
  ms: { base: number; duals: number; scenarios: number; classify: number; total: number };
}

const EPS = 1e-9;

/** The what-if solve and the hints of every teacher the planner plans (pure apart from HiGHS). */
export async function whatIfHints(input: PlannerInput, settings: HintSettings, hooks: SolveHooks = {}, options: { lpTimeLimit?: number; mipTimeLimit?: number } = {}): Promise<HintComputation> {
  const odds = await placementOdds(input, { ...options, scenarios: settings.scenarios, perturbation: settings.perturbation, seed: settings.seed, budgetMs: settings.budgetMs }, hooks);
  const t0 = performance.now();
  const teachers = classifyHints(input, odds, settings);
  const classify = performance.now() - t0;
  return {
    plan: odds.plan,
    scenarios: odds.scenarios,
    teachers,
    ms: { base: odds.ms.base, duals: odds.ms.duals, scenarios: odds.ms.scenarios, classify, total: odds.ms.total + classify },
  };
}

export function teacherKind(t: PlannerInput['teachers'][number]): TeacherKind {
  if (t.exempt) return 'exempt';
  if (t.mandatory) return t.mandatory.rule === 'R2' ? 'mandatory_r2' : 'mandatory_r3';
  if (t.volunteer) return 'volunteer';
  return t.eligible === false ? 'not_eligible' : 'eligible';
}

/**
 * Levels from the odds, per teacher:
 * - listed schools in their order: structural answers first (exempt, own school, no post, R3's school types),
 *   then the plan's: likely where the plan places them and at least `likelyShare` of the variations agree;
 *   possible where the plan places them less firmly (or the county's plan is infeasible), where a variation
 *   places them, or where the move's reduced cost is within the perturbation; unlikely otherwise — because
 *   they are placed at a school they ranked higher, because no place is left, or because other moves serve
 *   the rules better;
 * - then up to `suggestions` schools they did not list, likely or possible only: candidates the plan
 *   considers for them anyway, and schools priced with the plan's duals as if added at the end of their list.
 */
export function classifyHints(input: PlannerInput, odds: PlacementOdds, settings: HintSettings): TeacherHints[] {
  const unsettled = unsettledBy(odds);
  const n = odds.scenarios;
  return input.teachers.map((t, ti) => {
    const kind = teacherKind(t);
    const placed = odds.placed[ti];
    const placedRank = placed?.preferenceRank ?? null;
    const byschool = new Map<string, CandidateOdds>(odds.candidates[ti].map((c) => [c.schoolId, c]));
    const home = odds.index.schools.get(t.currentSchoolId);
    const post = (schoolId: string): Pick<HintFacts, 'subject' | 'category' | 'quota' | 'holders' | 'left'> => {
      const room = odds.room(ti, schoolId);
      const k = arrivalKind(t);
      if (room) return { subject: k.subject, category: k.category, quota: room.quota, holders: room.current, left: room.left };
      return { subject: k.subject, category: k.category };
    };
    const judged = (c: CandidateOdds, listedRank: number | null): { level: HintLevel; reason: HintReason; facts: HintFacts } => {
      const facts: HintFacts = { scenarios: n, scenarioShare: round3(c.scenarioShare), reducedCost: round3(c.reducedCost), placedRank };
      if (c.base) {
        if (unsettled(t, c.schoolId)) return { level: 'possible', reason: 'placed_unsettled', facts };
        if (n === 0 || c.scenarioShare + EPS >= settings.likelyShare) return { level: 'likely', reason: 'placed', facts };
        return { level: 'possible', reason: 'placed_fragile', facts };
      }
      if (c.scenarioShare > EPS) return { level: 'possible', reason: 'alternative', facts };
      // A reduced cost near 0 means "nearly worth taking" only where there is a place to take: a free one, or
      // one the plan gives someone else. A full post nobody arrives at blocks the move however its row's
      // (degenerate) dual prices it.
      const room = odds.room(ti, c.schoolId);
      const open = room !== null && (room.left > 0 || room.arrivals > 0);
      if (open && c.reducedCost >= -settings.perturbation - EPS) return { level: 'possible', reason: 'near_tie', facts };
      if (placedRank !== null && listedRank !== null && placedRank < listedRank) return { level: 'unlikely', reason: 'higher_choice', facts };
      if (!open) return { level: 'unlikely', reason: 'full', facts: { ...facts, ...post(c.schoolId) } };
      return { level: 'unlikely', reason: 'not_chosen', facts };
    };

    const hints: SchoolHint[] = [];
    t.preferences.forEach((schoolId, i) => {
      const listedRank = i + 1;
      const hint = (level: HintLevel, reason: HintReason, facts: HintFacts = {}) => hints.push({ schoolId, level, reason, listedRank, suggested: false, facts });
      if (t.exempt) return hint('unlikely', 'exempt');
      if (schoolId === t.currentSchoolId) return hint('unlikely', 'own_school');
      const school = odds.index.schools.get(schoolId);
      if (!school || !odds.index.destinationPost(t, schoolId)) return hint('unlikely', 'no_post', post(schoolId));
      if (t.mandatory?.rule === 'R3' && !R3_DESTINATION_TYPES.includes(school.type)) return hint('unlikely', 'r3_destination');
      const c = byschool.get(schoolId);
      if (!c) return hint('unlikely', 'not_chosen', { scenarios: n, placedRank });
      const j = judged(c, listedRank);
      hint(j.level, j.reason, j.facts);
    });

    if (!t.exempt && settings.suggestions > 0) {
      // The best few, by: likely before possible, the plan's own move, the variations' share, a school in the
      // teacher's own district (R11: near home), then the price (the closer to being chosen, the better).
      const best = new TopN<SchoolHint>(settings.suggestions);
      const near = (schoolId: string) => (home?.districtCode != null && odds.index.schools.get(schoolId)?.districtCode === home.districtCode ? 1 : 0);
      const listed = new Set(t.preferences);
      for (const c of odds.candidates[ti]) {
        if (listed.has(c.schoolId)) continue;
        const j = judged(c, null);
        if (j.level === 'unlikely') continue;
        best.offer([j.level === 'likely' ? 2 : 1, c.base ? 1 : 0, c.scenarioShare, near(c.schoolId), c.reducedCost], c.schoolId, () => ({ schoolId: c.schoolId, ...j, listedRank: null, suggested: true }));
      }
      // schools the model has no move to for this teacher: priced as if added at the end of their list (the
      // best few by district and price first: a scalar pass over every school, then the TopN)
      const rank = t.preferences.length < MAX_PREFERENCES ? t.preferences.length + 1 : null;
      const keep = settings.suggestions;
      const ids: string[] = [];
      const nears: number[] = [];
      const priced: number[] = [];
      odds.eachDestination(ti, rank, -settings.perturbation - EPS, (schoolId, price, isNear, left, arrivals) => {
        const nr = isNear ? 1 : 0;
        // near schools come first, each list by price: once the few are all near home, nothing later beats them
        if (ids.length === keep && nears[keep - 1] === 1) return false;
        if (left <= 0 && arrivals === 0) return true;
        if (listed.has(schoolId) || byschool.has(schoolId)) return true;
        let i = ids.length;
        if (i === keep && (nr < nears[i - 1] || (nr === nears[i - 1] && price <= priced[i - 1]))) return true;
        while (i > 0 && (nr > nears[i - 1] || (nr === nears[i - 1] && price > priced[i - 1]))) i--;
        ids.splice(i, 0, schoolId);
        nears.splice(i, 0, nr);
        priced.splice(i, 0, price);
        if (ids.length > keep) {
          ids.pop();
          nears.pop();
          priced.pop();
        }
        return true;
      });
      ids.forEach((schoolId, i) => {
        const price = priced[i];
        best.offer([1, 0, 0, nears[i], price], schoolId, () => ({
          schoolId,
          level: 'possible',
          reason: 'worth_listing',
          listedRank: null,
          suggested: true,
          facts: { reducedCost: round3(Math.min(0, price)), ...post(schoolId) },
        }));
      });
      hints.push(...best.items());
    }
    return { teacherId: t.id, kind, placedSchoolId: placed?.toSchoolId ?? null, placedRank, hints };
  });
}

/**
 * When the county's what-if plan is infeasible (the elastic draft), which placements are unsettled: all of
 * them when a county-wide rule fails (R1's movers, the backbone share), else those of the teachers the
 * explanations name and those into or out of the schools they name — the moves HR's decision is about.
 */
function unsettledBy(odds: PlacementOdds): (t: PlannerInput['teachers'][number], schoolId: string) => boolean {
  if (odds.plan.status !== 'infeasible') return () => false;
  const teachers = new Set<string>();
  const schools = new Set<string>();
  let countyWide = false;
  for (const i of odds.plan.infeasibilities) {
    for (const id of i.teacherIds ?? []) teachers.add(id);
    if (i.schoolId) schools.add(i.schoolId);
    if (!i.schoolId && !(i.teacherIds?.length)) countyWide = true;
  }
  return (t, schoolId) => countyWide || teachers.has(t.id) || schools.has(schoolId) || schools.has(t.currentSchoolId);
}

/** The n best by a key compared element by element (higher first; ties by id), without sorting everything. */
class TopN<T> {
  private readonly kept: { key: readonly number[]; id: string; make: () => T }[] = [];
  constructor(private readonly n: number) {}

  /** whether an entry with this key and id would be kept (ask before building the entry) */
  wants(key: readonly number[], id: string): boolean {
    return this.kept.length < this.n || TopN.before(key, id, this.kept[this.n - 1]);
  }

  offer(key: readonly number[], id: string, make: () => T): void {
    if (!this.wants(key, id)) return;
    let i = this.kept.length;
    while (i > 0 && TopN.before(key, id, this.kept[i - 1])) i--;
    this.kept.splice(i, 0, { key, id, make });
    if (this.kept.length > this.n) this.kept.pop();
  }

  items(): T[] {
    return this.kept.map((e) => e.make());
  }

  private static before(key: readonly number[], id: string, other: { key: readonly number[]; id: string }): boolean {
    const c = compareDesc(key, other.key);
    return c < 0 || (c === 0 && id < other.id);
  }
}

function compareDesc(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > EPS) return b[i] - a[i];
  return 0;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The hint method's settings in force on a cycle's date (dated policy values, see libs/policy `hints.*`):
 * the perturbation is a number of preference-rank steps, each worth planner.weight.preference_rank ÷ 10.
 */
export function hintSettings(date: string, values: readonly PolicyValue[], seed: string, budgetMs?: number): HintSettings {
  const v = (key: PolicyKey) => policyValue(key, date, values);
  return {
    scenarios: v('hints.scenarios'),
    perturbation: (v('hints.perturbation_rank_steps') * v('planner.weight.preference_rank')) / MAX_PREFERENCES,
    likelyShare: v('hints.likely_share'),
    suggestions: v('hints.suggestions'),
    seed,
    ...(budgetMs === undefined ? {} : { budgetMs }),
  };
}
