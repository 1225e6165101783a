import { DomainError } from '@app/platform';
import type { Principal } from './principal';
import { assertCanActInCounty, assertCanReadSchool, assertCanReadTeacher, canActInCounty, canReadSchool, canReadTeacher, countyFilterFor } from './scope';

const school = '6f1c1c4e-6a8e-4a55-9d4b-1f0d8b1f6a01';
const otherSchool = '6f1c1c4e-6a8e-4a55-9d4b-1f0d8b1f6a02';
const teacher = '0b7f9d7e-2b7c-4a7a-8d4e-7c1a0f3e9b01';
const otherTeacher = '0b7f9d7e-2b7c-4a7a-8d4e-7c1a0f3e9b02';

const cityAdmin: Principal = { subject: 'admin', role: 'city_admin' };
const scheduler: Principal = { subject: 'jobs', role: 'scheduler' };
const taishanHr: Principal = { subject: 'hr', role: 'county_hr', countyCode: 'taishan' };
const schoolAdmin: Principal = { subject: 'head', role: 'school_admin', countyCode: 'taishan', schoolId: school };
const aTeacher: Principal = { subject: 't', role: 'teacher', countyCode: 'taishan', teacherId: teacher };

function refusal(fn: () => void): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('scope', () => {
  it('lets the city administrator and the scheduler act in every county, a county HR officer in their own only', () => {
    expect(['taishan', 'enping'].map((c) => canActInCounty(cityAdmin, c))).toEqual([true, true]);
    expect(['taishan', 'enping'].map((c) => canActInCounty(scheduler, c))).toEqual([true, true]);
    expect(['taishan', 'enping'].map((c) => canActInCounty(taishanHr, c))).toEqual([true, false]);
    expect(canActInCounty(schoolAdmin, 'taishan')).toBe(false);
    expect(canActInCounty(aTeacher, 'taishan')).toBe(false);
  });

  it('lets a school be read in its county and by its own administrator, not by teachers', () => {
    expect(canReadSchool(taishanHr, school, 'taishan')).toBe(true);
    expect(canReadSchool(taishanHr, school, 'enping')).toBe(false);
    expect(canReadSchool(schoolAdmin, school, 'taishan')).toBe(true);
    expect(canReadSchool(schoolAdmin, otherSchool, 'taishan')).toBe(false);
    expect(canReadSchool(aTeacher, school, 'taishan')).toBe(false);
    expect(canReadSchool(cityAdmin, otherSchool, 'kaiping')).toBe(true);
  });

  it('lets a teacher read only their own records, a school administrator the teachers of their school', () => {
    expect(canReadTeacher(aTeacher, teacher, 'taishan')).toBe(true);
    expect(canReadTeacher(aTeacher, otherTeacher, 'taishan')).toBe(false);
    expect(canReadTeacher(taishanHr, otherTeacher, 'taishan')).toBe(true);
    expect(canReadTeacher(taishanHr, teacher, 'enping')).toBe(false);
    expect(canReadTeacher(schoolAdmin, otherTeacher, 'taishan', [otherSchool, school])).toBe(true);
    expect(canReadTeacher(schoolAdmin, otherTeacher, 'taishan', [otherSchool])).toBe(false);
    expect(canReadTeacher(schoolAdmin, otherTeacher, 'taishan')).toBe(false);
    expect(canReadTeacher(scheduler, teacher, 'heshan')).toBe(true);
  });

  it('refuses with AUTH.FORBIDDEN (kind forbidden) naming who and what', () => {
    const county = refusal(() => assertCanActInCounty(taishanHr, 'enping'));
    expect(county).toMatchObject({ code: 'AUTH.FORBIDDEN', kind: 'forbidden', message: 'county_hr of taishan may not act in county enping' });
    expect(refusal(() => assertCanReadSchool(schoolAdmin, otherSchool, 'taishan')).message).toBe(`school_admin of school ${school} may not read school ${otherSchool}`);
    expect(refusal(() => assertCanReadTeacher(aTeacher, otherTeacher, 'taishan')).message).toBe(`teacher ${teacher} may not read teacher ${otherTeacher}`);
    expect(() => assertCanActInCounty(cityAdmin, 'enping')).not.toThrow();
    expect(() => assertCanReadSchool(schoolAdmin, school, 'taishan')).not.toThrow();
    expect(() => assertCanReadTeacher(aTeacher, teacher, 'taishan')).not.toThrow();
  });

  it('scopes an optional county filter: own county by default for county HR, another county refused', () => {
    expect(countyFilterFor(taishanHr, undefined)).toBe('taishan');
    expect(countyFilterFor(taishanHr, 'taishan')).toBe('taishan');
    expect(refusal(() => countyFilterFor(taishanHr, 'enping')).code).toBe('AUTH.FORBIDDEN');
    expect(countyFilterFor(cityAdmin, undefined)).toBeUndefined();
    expect(countyFilterFor(scheduler, 'enping')).toBe('enping');
    expect(refusal(() => countyFilterFor(aTeacher, undefined)).kind).toBe('forbidden');
  });
});
