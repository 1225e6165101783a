import { checkSchool, SchoolRuleViolation, type NewSchool } from './school';

const base: NewSchool = {
  countyCode: 'taishan',
  code: 'TS-001',
  name: ' 台山市第一中学 ',
  type: 'county_town',
  districtCode: null,
  weak: false,
  smallScale: false,
  rural: false,
  remoteTier: 0,
};

describe('checkSchool', () => {
  it('trims the name and code of a valid school', () => {
    expect(checkSchool(base)).toEqual({ ...base, name: '台山市第一中学' });
  });

  it('refuses a village primary school that is not marked rural', () => {
    expect(() => checkSchool({ ...base, type: 'village_primary', rural: false })).toThrow(SchoolRuleViolation);
  });

  it('accepts a remote teaching point', () => {
    const s = checkSchool({ ...base, type: 'teaching_point', rural: true, remoteTier: 3 });
    expect(s.remoteTier).toBe(3);
  });

  it('refuses a remote tier on a county-town school and a tier outside 0-3', () => {
    expect(() => checkSchool({ ...base, remoteTier: 1 })).toThrow(/county-town/);
    expect(() => checkSchool({ ...base, type: 'township_central', remoteTier: 4 })).toThrow(/0, 1, 2 or 3/);
  });
});
