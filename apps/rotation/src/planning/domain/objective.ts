import { MAX_PREFERENCES, type PlannerSchool, type PlannerTeacher, type PlannerWeights } from './plan-input';

/**
 * The objective's term for one move, the same for the optimizer, the baselines and the metrics:
 *
 *   towardRural × (rural(to) − rural(from))                       R4: net flow toward rural schools
 * + towardWeak × (weak(to) − weak(from))                          R4: net flow toward weak schools
 * + backboneTowardWeak × backbone × (weak(to) − weak(from))       R4: excellent teachers toward weak schools
 * + preferenceRank × (11 − rank) / 10   if `to` is the teacher's rank-th listed school
 * + sameDistrict        if both schools are in the same township school district (R11)
 * − disruption
 *
 * A move the other way (rural → town, weak → strong) counts negatively, so swapping a town teacher with a
 * village teacher earns no "flow" — only net flows do. Staying is worth 0.
 */
export function moveScore(teacher: Pick<PlannerTeacher, 'backbone'>, from: PlannerSchool, to: PlannerSchool, rank: number | null, w: PlannerWeights): number {
  const rural = (to.rural ? 1 : 0) - (from.rural ? 1 : 0);
  const weak = (to.weak ? 1 : 0) - (from.weak ? 1 : 0);
  let score = w.towardRural * rural + w.towardWeak * weak - w.disruption;
  if (teacher.backbone) score += w.backboneTowardWeak * weak;
  if (rank !== null) score += (w.preferenceRank * (MAX_PREFERENCES + 1 - rank)) / MAX_PREFERENCES;
  if (from.districtCode !== null && from.districtCode === to.districtCode) score += w.sameDistrict;
  return score;
}

/** 1-based rank of `schoolId` in the teacher's preferences, or null. */
export function preferenceRank(teacher: Pick<PlannerTeacher, 'preferences'>, schoolId: string): number | null {
  const i = teacher.preferences.indexOf(schoolId);
  return i < 0 ? null : i + 1;
}
