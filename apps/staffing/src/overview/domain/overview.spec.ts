import { ruralPrincipalProfile } from './overview';

describe('ruralPrincipalProfile', () => {
  it('counts principals strictly under the age limit against the target share', () => {
    expect(ruralPrincipalProfile([38, 44, 45, 52], 45, 0.5)).toEqual({ principals: 4, underAge: 2, share: 0.5, ageLimit: 45, target: 0.5, meetsTarget: true });
    expect(ruralPrincipalProfile([44, 45, 52], 45, 0.5).meetsTarget).toBe(false);
    expect(ruralPrincipalProfile([], 45, 0.5)).toMatchObject({ share: null, meetsTarget: null });
  });
});
