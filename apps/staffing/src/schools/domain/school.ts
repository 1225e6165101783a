import { SCHOOL_TYPES } from '@app/contracts';
import { DomainError } from '@app/errors';

export type SchoolType = (typeof SCHOOL_TYPES)[number];

export interface School {
  id: string;
  countyCode: string;
  code: string;
  name: string;
  type: SchoolType;
  districtCode: string | null;
  weak: boolean;
  smallScale: boolean;
  rural: boolean;
  /** 0 = not remote; 1–3 = increasingly remote mountain areas (drives living subsidies, R9) */
  remoteTier: number;
  version: number;
}

export type NewSchool = Omit<School, 'id' | 'version'>;

/** Village primaries, teaching points and village kindergartens are rural by definition. */
const ALWAYS_RURAL: ReadonlySet<SchoolType> = new Set(['village_primary', 'teaching_point', 'kindergarten_village']);

export class SchoolRuleViolation extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('STAFFING.SCHOOL_INVALID', 'invalid', message, details);
  }
}

export class SchoolCodeTaken extends DomainError {
  constructor(countyCode: string, code: string) {
    super('STAFFING.SCHOOL_CODE_TAKEN', 'conflict', `county ${countyCode} already has a school with code ${code}`, { countyCode, code });
  }
}

export class UnknownCounty extends DomainError {
  constructor(countyCode: string) {
    super('STAFFING.UNKNOWN_COUNTY', 'not_found', `no county with code ${countyCode}`, { countyCode });
  }
}

export class SchoolNotFound extends DomainError {
  constructor(id: string) {
    super('STAFFING.SCHOOL_NOT_FOUND', 'not_found', `no school with id ${id}`, { id });
  }
}

/** Checks the rules a school's own data must satisfy and returns it normalised. */
export function checkSchool(input: NewSchool): NewSchool {
  if (ALWAYS_RURAL.has(input.type) && !input.rural) {
    throw new SchoolRuleViolation(`a ${input.type} school is rural by definition`, { type: input.type });
  }
  if (input.type === 'county_town' && input.remoteTier > 0) {
    throw new SchoolRuleViolation('a county-town school cannot have a remote tier', { remoteTier: input.remoteTier });
  }
  if (!Number.isInteger(input.remoteTier) || input.remoteTier < 0 || input.remoteTier > 3) {
    throw new SchoolRuleViolation('remote tier must be 0, 1, 2 or 3', { remoteTier: input.remoteTier });
  }
  return { ...input, name: input.name.trim(), code: input.code.trim() };
}

export type SchoolChanges = Partial<Omit<NewSchool, 'countyCode' | 'code'>>;

/** A school's county and code identify it; everything else can change (a school becomes weak, remote…). */
export function changeSchool(current: School, changes: SchoolChanges): NewSchool {
  const { id: _id, version: _v, ...fields } = current;
  return checkSchool({ ...fields, ...changes });
}
