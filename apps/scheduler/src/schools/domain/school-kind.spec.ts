import { startsPlacementWindow } from './school-kind';

describe('startsPlacementWindow', () => {
  it('is true for village primaries and teaching points only', () => {
    expect(startsPlacementWindow('village_primary')).toBe(true);
    expect(startsPlacementWindow('teaching_point')).toBe(true);
    expect(startsPlacementWindow('township_central')).toBe(false);
    expect(startsPlacementWindow('kindergarten_village')).toBe(false);
  });
});
