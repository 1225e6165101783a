import { DomainError } from '@app/errors';

/**
 * R10 (二.12 各县(市、区)城市优质公办幼儿园要与3所以上村级幼儿园进行结对帮扶): an urban quality public
 * kindergarten pairs with at least 3 village kindergartens. Designations and pairings are dated; a
 * pairing counts on a day when it has started and not ended.
 */
export const URBAN_KINDERGARTEN = 'kindergarten_county_town';
export const VILLAGE_KINDERGARTEN = 'kindergarten_village';

export interface Dated {
  from: string;
  until: string | null;
}

export class KindergartenRuleViolation extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(`STAFFING.${code}`, code === 'PAIRING_NOT_FOUND' ? 'not_found' : code === 'STALE_VERSION' || code === 'PAIRING_EXISTS' ? 'conflict' : 'invalid', message, details);
  }
}

export function activeOn(d: Dated, date: string): boolean {
  return d.from <= date && (d.until === null || d.until >= date);
}

export interface KindergartenFacts {
  id: string;
  name: string;
  type: string;
  countyCode: string;
}

/** Only an urban (county-town) kindergarten can be designated a quality public one. */
export function checkDesignation(school: KindergartenFacts, d: Dated): void {
  if (school.type !== URBAN_KINDERGARTEN) {
    throw new KindergartenRuleViolation('NOT_URBAN_KINDERGARTEN', `${school.name} is not an urban (county-town) kindergarten, so it cannot be designated a quality public kindergarten`, { schoolId: school.id, type: school.type });
  }
  if (d.until !== null && d.until < d.from) throw new KindergartenRuleViolation('DATES_INVALID', 'until must not be before from', { until: d.until });
}

/**
 * A pairing joins a quality urban kindergarten (designated on the pairing's first day) with a village
 * kindergarten of the same county, not already paired with it on that day.
 */
export function checkPairing(urban: KindergartenFacts, village: KindergartenFacts, d: Dated, designations: readonly Dated[], existing: readonly (Dated & { villageSchoolId: string })[]): void {
  if (d.until !== null && d.until < d.from) throw new KindergartenRuleViolation('DATES_INVALID', 'until must not be before from', { until: d.until });
  if (urban.type !== URBAN_KINDERGARTEN) throw new KindergartenRuleViolation('NOT_URBAN_KINDERGARTEN', `${urban.name} is not an urban (county-town) kindergarten`, { urbanSchoolId: urban.id });
  if (!designations.some((x) => activeOn(x, d.from))) {
    throw new KindergartenRuleViolation('NOT_QUALITY_KINDERGARTEN', `${urban.name} is not designated a quality public kindergarten on ${d.from}`, { urbanSchoolId: urban.id, from: d.from });
  }
  if (village.type !== VILLAGE_KINDERGARTEN) throw new KindergartenRuleViolation('NOT_VILLAGE_KINDERGARTEN', `${village.name} is not a village kindergarten`, { villageSchoolId: village.id, type: village.type });
  if (village.countyCode !== urban.countyCode) throw new KindergartenRuleViolation('OTHER_COUNTY', `${village.name} is in another county (${village.countyCode}) than ${urban.name} (${urban.countyCode})`, { villageSchoolId: village.id });
  const overlapping = existing.find((e) => e.villageSchoolId === village.id && e.from <= (d.until ?? '9999-12-31') && (e.until === null || e.until >= d.from));
  if (overlapping) throw new KindergartenRuleViolation('PAIRING_EXISTS', `${urban.name} is already paired with ${village.name} from ${overlapping.from}`, { villageSchoolId: village.id });
}

export interface PairingCompliance {
  /** quality urban kindergartens designated on the date */
  quality: number;
  /** of those, paired with at least `minPartners` village kindergartens */
  compliant: number;
  share: number | null;
  minPartners: number;
}

export function pairingCompliance(partnersByKindergarten: readonly number[], minPartners: number): PairingCompliance {
  const compliant = partnersByKindergarten.filter((n) => n >= minPartners).length;
  return { quality: partnersByKindergarten.length, compliant, share: partnersByKindergarten.length ? compliant / partnersByKindergarten.length : null, minPartners };
}
