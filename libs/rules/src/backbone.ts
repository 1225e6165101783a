import { DEFAULT_POLICY, policyValue, type PolicyValue } from '@app/policy';
import type { IsoDate } from './calendar-date';
import type { BackboneLevel } from './facts';

/** 骨干教师 levels in rank order: school 1, county 2, city 3, province 4 ('none' 0). */
export const BACKBONE_LEVEL_RANK: Readonly<Record<BackboneLevel, number>> = { none: 0, school: 1, county: 2, city: 3, province: 4 };

/**
 * Is a teacher of this backbone level counted as a backbone teacher (骨干教师) in the rule that at least
 * `R1.backbone_mover_share` (20%) of movers are backbone teachers? Those of level `R1.backbone_min_level`
 * or above (default 2: county, city and province — not school level), as in force on `date`.
 */
export function isCountedBackbone(level: string, date: IsoDate, values: readonly PolicyValue[] = DEFAULT_POLICY): boolean {
  const rank = BACKBONE_LEVEL_RANK[level as BackboneLevel] ?? 0;
  return rank > 0 && rank >= policyValue('R1.backbone_min_level', date, values);
}
