import { moveScore, preferenceRank } from './objective';
import { MAX_PREFERENCES, peopleAtLeast, type PlannerInput, type TeacherCategory } from './plan-input';

/** What the HR officer and the city read off a plan, whichever method made it. */
export interface PlanMetrics {
  movers: number;
  /** R1: movers / census teachers, against the required share and count */
  moverRatio: number;
  requiredRatio: number;
  requiredMovers: number;
  backboneMovers: number;
  /** backbone movers / movers (0 when nobody moves) */
  backboneShare: number;
  flows: {
    urbanToRural: number;
    ruralToUrban: number;
    strongToWeak: number;
    weakToStrong: number;
    backboneStrongToWeak: number;
    backboneWeakToStrong: number;
    sameDistrict: number;
  };
  /** movers placed at their k-th listed school: index 0 = 1st choice … 9 = 10th */
  preferenceRanks: number[];
  /** movers placed at a school they did not list */
  unlisted: number;
  /** volunteers (with a list) who were placed / who asked */
  volunteersPlaced: number;
  volunteers: number;
  mandatory: { R2: { required: number; met: number }; R3: { required: number; met: number } };
  /** net change of headcount per post, only where it changes */
  netChange: { schoolId: string; subject: string | null; category: TeacherCategory; net: number }[];
  /** Σ moveScore over the moves, with the input's weights */
  objective: number;
}

export function planMetrics(input: PlannerInput, moves: readonly { teacherId: string; toSchoolId: string }[]): PlanMetrics {
  const school = new Map(input.schools.map((s) => [s.id, s]));
  const teacher = new Map(input.teachers.map((t) => [t.id, t]));
  const census = input.censusTeachers ?? input.teachers.length;
  const w = input.parameters.weights;
  const flows = { urbanToRural: 0, ruralToUrban: 0, strongToWeak: 0, weakToStrong: 0, backboneStrongToWeak: 0, backboneWeakToStrong: 0, sameDistrict: 0 };
  const ranks = new Array<number>(MAX_PREFERENCES).fill(0);
  let unlisted = 0;
  let backbone = 0;
  let objective = 0;
  const moved = new Set<string>();
  const net = new Map<string, { schoolId: string; subject: string | null; category: TeacherCategory; net: number }>();
  const bump = (schoolId: string, subject: string | null, category: TeacherCategory, d: number) => {
    const k = `${schoolId}|${subject ?? ''}|${category}`;
    const e = net.get(k) ?? { schoolId, subject, category, net: 0 };
    e.net += d;
    net.set(k, e);
  };
  for (const m of moves) {
    const t = teacher.get(m.teacherId);
    if (!t) continue;
    const from = school.get(t.currentSchoolId)!;
    const to = school.get(m.toSchoolId);
    if (!to) continue;
    moved.add(t.id);
    if (t.backbone) backbone++;
    if (!from.rural && to.rural) flows.urbanToRural++;
    if (from.rural && !to.rural) flows.ruralToUrban++;
    if (!from.weak && to.weak) {
      flows.strongToWeak++;
      if (t.backbone) flows.backboneStrongToWeak++;
    }
    if (from.weak && !to.weak) {
      flows.weakToStrong++;
      if (t.backbone) flows.backboneWeakToStrong++;
    }
    if (from.districtCode !== null && from.districtCode === to.districtCode) flows.sameDistrict++;
    const rank = preferenceRank(t, to.id);
    if (rank === null) unlisted++;
    else ranks[rank - 1]++;
    objective += moveScore(t, from, to, rank, w);
    const subject = t.category === 'teacher' ? (t.subjects[0] ?? null) : null;
    bump(from.id, subject, t.category, -1);
    if (t.mandatory?.rule === 'R3' && !t.exempt && t.subjects.length > 0) bump(to.id, t.subjects[0], 'teacher', +1);
    else bump(to.id, subject, t.category, +1);
  }
  const mandatory = { R2: { required: 0, met: 0 }, R3: { required: 0, met: 0 } };
  let volunteers = 0;
  let volunteersPlaced = 0;
  for (const t of input.teachers) {
    if (t.exempt) continue;
    if (t.mandatory) {
      mandatory[t.mandatory.rule].required++;
      if (moved.has(t.id)) mandatory[t.mandatory.rule].met++;
    }
    if (t.volunteer && t.preferences.length > 0) {
      volunteers++;
      if (moved.has(t.id)) volunteersPlaced++;
    }
  }
  const movers = moved.size;
  return {
    movers,
    moverRatio: census === 0 ? 0 : movers / census,
    requiredRatio: input.parameters.minMoverShare,
    requiredMovers: peopleAtLeast(input.parameters.minMoverShare, census),
    backboneMovers: backbone,
    backboneShare: movers === 0 ? 0 : backbone / movers,
    flows,
    preferenceRanks: ranks,
    unlisted,
    volunteersPlaced,
    volunteers,
    mandatory,
    netChange: [...net.values()].filter((e) => e.net !== 0).sort((a, b) => (a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : (a.subject ?? '') < (b.subject ?? '') ? -1 : 1)),
    objective: Math.round(objective * 1e9) / 1e9,
  };
}
