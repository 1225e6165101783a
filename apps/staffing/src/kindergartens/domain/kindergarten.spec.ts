import { activeOn, checkDesignation, checkPairing, pairingCompliance } from './kindergarten';

const urban = { id: 'u', name: '台城幼儿园', type: 'kindergarten_county_town', countyCode: 'taishan' };
const village = { id: 'v', name: '那洲村幼儿园', type: 'kindergarten_village', countyCode: 'taishan' };
const designated = [{ from: '2024-09-01', until: null }];

describe('R10 kindergarten pairings', () => {
  it('counts a dated record on the days between its ends, inclusive', () => {
    expect(activeOn({ from: '2024-09-01', until: '2025-08-31' }, '2025-08-31')).toBe(true);
    expect(activeOn({ from: '2024-09-01', until: '2025-08-31' }, '2025-09-01')).toBe(false);
    expect(activeOn({ from: '2024-09-01', until: null }, '2024-08-31')).toBe(false);
  });

  it('designates only urban kindergartens', () => {
    expect(() => checkDesignation(village, { from: '2024-09-01', until: null })).toThrow(/not an urban/);
    expect(() => checkDesignation(urban, { from: '2024-09-01', until: null })).not.toThrow();
  });

  it('pairs a designated urban kindergarten with a village kindergarten of its county, once at a time', () => {
    expect(() => checkPairing(urban, village, { from: '2024-09-01', until: null }, designated, [])).not.toThrow();
    expect(() => checkPairing(urban, village, { from: '2024-08-01', until: null }, designated, [])).toThrow(/not designated a quality public kindergarten on 2024-08-01/);
    expect(() => checkPairing(urban, { ...village, type: 'kindergarten_township' }, { from: '2024-09-01', until: null }, designated, [])).toThrow(/not a village kindergarten/);
    expect(() => checkPairing(urban, { ...village, countyCode: 'kaiping' }, { from: '2024-09-01', until: null }, designated, [])).toThrow(/another county/);
    const existing = [{ villageSchoolId: 'v', from: '2024-09-01', until: '2025-08-31' }];
    expect(() => checkPairing(urban, village, { from: '2025-03-01', until: null }, designated, existing)).toThrow(/already paired/);
    expect(() => checkPairing(urban, village, { from: '2025-09-01', until: null }, designated, existing)).not.toThrow();
  });

  it('finds a kindergarten compliant with 3 or more partners', () => {
    expect(pairingCompliance([3, 2, 5, 0], 3)).toEqual({ quality: 4, compliant: 2, share: 0.5, minPartners: 3 });
    expect(pairingCompliance([], 3).share).toBeNull();
  });
});
