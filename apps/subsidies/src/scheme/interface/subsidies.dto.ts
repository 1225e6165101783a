import { z } from 'zod';
import { countyCode, monthField } from '@app/contracts';
import { DomainError } from '@app/platform';
import { JIANGMEN_COUNTY_CODES } from '../../ledger/domain/calendar';

export class UnknownCounty extends DomainError {
  constructor(code: string) {
    super('SUBSIDIES.UNKNOWN_COUNTY', 'not_found', `no county with code ${code}; Jiangmen's are ${JIANGMEN_COUNTY_CODES.join(', ')}`, { countyCode: code });
  }
}

/** A county code of one of Jiangmen's seven counties (404 for a well-formed unknown one). */
export function knownCounty(code: string): string {
  if (!(JIANGMEN_COUNTY_CODES as readonly string[]).includes(code)) throw new UnknownCounty(code);
  return code;
}

export const countyParams = z.strictObject({ countyCode });
export const monthParams = z.strictObject({ countyCode, month: monthField });
export const yearQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() });
