import { DomainError } from '@app/platform';
import type { Principal, Role } from './principal';

/**
 * Scope rules, pure: which county, school or teacher a principal may see or act on. Controllers call
 * the assert… forms after loading what the request is about; they throw AUTH.FORBIDDEN (403).
 */

// City-wide roles: the administrator, and the scheduler's service account that fans jobs out per county.
const CITY_WIDE: ReadonlySet<Role> = new Set<Role>(['city_admin', 'scheduler']);

export class Forbidden extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('AUTH.FORBIDDEN', 'forbidden', message, details);
  }
}

function who(p: Principal): string {
  switch (p.role) {
    case 'county_hr':
      return `county_hr of ${p.countyCode}`;
    case 'school_admin':
      return `school_admin of school ${p.schoolId}`;
    case 'teacher':
      return `teacher ${p.teacherId}`;
    default:
      return p.role;
  }
}

/** County-level work and reads: city-wide roles everywhere, a county HR officer in their own county only. */
export function canActInCounty(p: Principal, countyCode: string): boolean {
  if (CITY_WIDE.has(p.role)) return true;
  return p.role === 'county_hr' && p.countyCode === countyCode;
}

/** A school's records: whoever acts in its county, and its own school administrator. */
export function canReadSchool(p: Principal, schoolId: string, schoolCountyCode: string): boolean {
  if (canActInCounty(p, schoolCountyCode)) return true;
  return p.role === 'school_admin' && p.schoolId === schoolId;
}

/**
 * A teacher's records: whoever acts in the teacher's county, the teacher themself, and the administrator
 * of a school the teacher works at (pass those schools; without them a school administrator is refused).
 */
export function canReadTeacher(p: Principal, teacherId: string, teacherCountyCode: string, teacherSchoolIds: readonly string[] = []): boolean {
  if (canActInCounty(p, teacherCountyCode)) return true;
  if (p.role === 'teacher') return p.teacherId === teacherId;
  if (p.role === 'school_admin') return p.schoolId !== undefined && teacherSchoolIds.includes(p.schoolId);
  return false;
}

export function assertCanActInCounty(p: Principal, countyCode: string): void {
  if (!canActInCounty(p, countyCode)) throw new Forbidden(`${who(p)} may not act in county ${countyCode}`, { countyCode });
}

export function assertCanReadSchool(p: Principal, schoolId: string, schoolCountyCode: string): void {
  if (!canReadSchool(p, schoolId, schoolCountyCode)) throw new Forbidden(`${who(p)} may not read school ${schoolId}`, { schoolId });
}

export function assertCanReadTeacher(p: Principal, teacherId: string, teacherCountyCode: string, teacherSchoolIds: readonly string[] = []): void {
  if (!canReadTeacher(p, teacherId, teacherCountyCode, teacherSchoolIds)) throw new Forbidden(`${who(p)} may not read teacher ${teacherId}`, { teacherId });
}

/**
 * The county filter for a list with an optional `countyCode`: what was asked for if the principal may
 * act there (403 otherwise); when nothing was asked, every county for city-wide roles and the officer's
 * own county for a county HR officer. Roles without a county-wide view are refused.
 */
export function countyFilterFor(p: Principal, requested: string | undefined): string | undefined {
  if (requested !== undefined) {
    assertCanActInCounty(p, requested);
    return requested;
  }
  if (CITY_WIDE.has(p.role)) return undefined;
  if (p.role === 'county_hr') return p.countyCode;
  throw new Forbidden(`${who(p)} may not list a county's records`);
}
