import type { SCHOOL_TYPES } from '@app/contracts';

/** The planner's view of a school: where it sits and whether R4 wants teachers to flow toward it. */
export interface PlanningSchool {
  schoolId: string;
  countyCode: string;
  type: (typeof SCHOOL_TYPES)[number];
  districtCode: string | null;
  weak: boolean;
  rural: boolean;
}

/** R4: excellent teachers flow toward rural and weak schools. */
export function isFlowTarget(s: Pick<PlanningSchool, 'weak' | 'rural'>): boolean {
  return s.weak || s.rural;
}

/** R3: a placement must be at a county-town school or a township central school. */
export function acceptsPlacement(s: Pick<PlanningSchool, 'type'>): boolean {
  return s.type === 'county_town' || s.type === 'township_central';
}
