import { qualifiesForLivingSubsidy } from './remote-school';

describe('qualifiesForLivingSubsidy', () => {
  it('requires a rural school with a remote tier', () => {
    expect(qualifiesForLivingSubsidy({ rural: true, remoteTier: 2 })).toBe(true);
    expect(qualifiesForLivingSubsidy({ rural: true, remoteTier: 0 })).toBe(false);
    expect(qualifiesForLivingSubsidy({ rural: false, remoteTier: 1 })).toBe(false);
  });
});
