/** What subsidies needs to know about a school: whether teachers there earn a living subsidy (R9). */
export interface RemoteSchool {
  schoolId: string;
  countyCode: string;
  name: string;
  remoteTier: number;
  rural: boolean;
}

/** Only mountain and remote rural schools (tier ≥ 1) qualify; the amounts per tier are dated policy data. */
export function qualifiesForLivingSubsidy(school: Pick<RemoteSchool, 'remoteTier' | 'rural'>): boolean {
  return school.rural && school.remoteTier >= 1;
}
