import type { SCHOOL_TYPES } from '@app/contracts';

type SchoolType = (typeof SCHOOL_TYPES)[number];

/** R3 applies to new teachers whose first appointment is at a village primary school or a teaching point. */
export function startsPlacementWindow(type: SchoolType): boolean {
  return type === 'village_primary' || type === 'teaching_point';
}
