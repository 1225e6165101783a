import { acceptsPlacement, isFlowTarget } from './planning-school';

describe('planning school rules', () => {
  it('treats rural or weak schools as R4 flow targets', () => {
    expect(isFlowTarget({ weak: true, rural: false })).toBe(true);
    expect(isFlowTarget({ weak: false, rural: true })).toBe(true);
    expect(isFlowTarget({ weak: false, rural: false })).toBe(false);
  });

  it('accepts R3 placements only at county-town and township-central schools', () => {
    expect(acceptsPlacement({ type: 'county_town' })).toBe(true);
    expect(acceptsPlacement({ type: 'township_central' })).toBe(true);
    expect(acceptsPlacement({ type: 'village_primary' })).toBe(false);
    expect(acceptsPlacement({ type: 'teaching_point' })).toBe(false);
  });
});
