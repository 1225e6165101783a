import { rulesFor } from './training-school';

describe('rulesFor', () => {
  it('puts rural schools under R7 and small-scale schools under R8', () => {
    expect(rulesFor({ rural: true, smallScale: true })).toEqual(['R7', 'R8']);
    expect(rulesFor({ rural: true, smallScale: false })).toEqual(['R7']);
    expect(rulesFor({ rural: false, smallScale: true })).toEqual(['R8']);
    expect(rulesFor({ rural: false, smallScale: false })).toEqual([]);
  });
});
