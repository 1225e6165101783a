import { DEFAULT_POLICY, type PolicyValue } from '@app/policy';
import { hoursEarned } from '../../attendance/domain/attendance';
import { ActivityInvalid, checkActivity, isTargeted, type NewActivity } from './activity';

const base: NewActivity = {
  countyCode: 'taishan',
  code: 'A-1',
  title: ' 乡村教师专项培训 ',
  kind: 'county_special_training',
  organiser: 'county',
  organiserCode: null,
  category: 'centralised',
  startDate: '2026-10-10',
  endDate: '2026-10-11',
  fullDays: 1,
  halfDays: 1,
  periods: 2,
  target: { type: 'county_rural', districtCode: 'ignored', schoolIds: ['x'] },
  researcherId: null,
  schoolId: null,
};

describe('activities', () => {
  it('converts sessions to credit hours: a full day 6, half a day 3, a period 1', () => {
    const a = checkActivity(base, DEFAULT_POLICY);
    expect(a.creditHours).toBe(6 + 3 + 2);
    expect(a.title).toBe('乡村教师专项培训');
    expect(a.target).toEqual({ type: 'county_rural', districtCode: null, schoolIds: [] });
  });

  it('applies the conversion in force on the activity date', () => {
    const values: PolicyValue[] = [...DEFAULT_POLICY, { key: 'credits.hours_per_full_day', value: 8, effectiveFrom: '2027-01-01', source: 'test' }];
    expect(checkActivity(base, values).creditHours).toBe(11);
    expect(checkActivity({ ...base, startDate: '2027-01-05', endDate: '2027-01-05' }, values).creditHours).toBe(13);
  });

  it('refuses activities without sessions, a special training not organised by the county, and visits without their researcher', () => {
    expect(() => checkActivity({ ...base, fullDays: 0, halfDays: 0, periods: 0 }, DEFAULT_POLICY)).toThrow(ActivityInvalid);
    expect(() => checkActivity({ ...base, organiser: 'district', organiserCode: 'd1' }, DEFAULT_POLICY)).toThrow(/organised by the county/);
    expect(() => checkActivity({ ...base, endDate: '2026-10-09' }, DEFAULT_POLICY)).toThrow(/end date/);
    expect(() => checkActivity({ ...base, kind: 'guidance_visit', schoolId: 's1' }, DEFAULT_POLICY)).toThrow(/researcher/);
    expect(() => checkActivity({ ...base, kind: 'guidance_visit', researcherId: 'r1', schoolId: 's1' }, DEFAULT_POLICY)).toThrow(/one day/);
  });

  it('makes a visit a zero-hour activity for the visited school', () => {
    const v = checkActivity({ ...base, kind: 'guidance_visit', researcherId: 'r1', schoolId: 's1', endDate: base.startDate }, DEFAULT_POLICY);
    expect({ hours: v.creditHours, target: v.target }).toEqual({ hours: 0, target: { type: 'schools', districtCode: null, schoolIds: ['s1'] } });
  });

  it('targets rural teachers, a district’s small-scale schools, or listed schools', () => {
    const t = { schoolId: 's1', districtCode: 'd1', rural: true, smallScale: true };
    expect(isTargeted({ type: 'county_rural', districtCode: null, schoolIds: [] }, t)).toBe(true);
    expect(isTargeted({ type: 'county_rural', districtCode: null, schoolIds: [] }, { ...t, rural: false })).toBe(false);
    expect(isTargeted({ type: 'district_small_scale', districtCode: 'd1', schoolIds: [] }, t)).toBe(true);
    expect(isTargeted({ type: 'district_small_scale', districtCode: 'd2', schoolIds: [] }, t)).toBe(false);
    expect(isTargeted({ type: 'schools', districtCode: null, schoolIds: ['s2', 's1'] }, t)).toBe(true);
    expect(isTargeted({ type: 'schools', districtCode: null, schoolIds: ['s1'] }, { ...t, schoolId: null })).toBe(false);
  });
});

describe('hours earned', () => {
  const activity = { creditHours: 12, endDate: '2026-10-11' };
  it('gives the whole activity to an attendee without session counts, the sessions attended otherwise', () => {
    expect(hoursEarned(activity, { status: 'attended', result: null, certificateNo: null }, DEFAULT_POLICY)).toBe(12);
    expect(hoursEarned(activity, { status: 'attended', halfDays: 1, periods: 2, result: null, certificateNo: null }, DEFAULT_POLICY)).toBe(5);
    expect(hoursEarned(activity, { status: 'attended', fullDays: 2, result: null, certificateNo: null }, DEFAULT_POLICY)).toBe(12);
  });
  it('gives nothing to an absent or excused teacher, and refuses more hours than the activity has', () => {
    expect(hoursEarned(activity, { status: 'excused', result: null, certificateNo: null }, DEFAULT_POLICY)).toBe(0);
    expect(() => hoursEarned(activity, { status: 'absent', fullDays: 1, result: null, certificateNo: null }, DEFAULT_POLICY)).toThrow(/no hours/);
    expect(() => hoursEarned(activity, { status: 'absent', result: null, certificateNo: 'C-1' }, DEFAULT_POLICY)).toThrow(/certificate/);
    expect(() => hoursEarned(activity, { status: 'attended', fullDays: 2, periods: 1, result: null, certificateNo: null }, DEFAULT_POLICY)).toThrow(/more than/);
  });
});
