/** R5: by 2027 at least half of rural principals are under 45 (both numbers are dated policy values). */
export interface RuralPrincipalProfile {
  principals: number;
  underAge: number;
  share: number | null;
  ageLimit: number;
  target: number;
  meetsTarget: boolean | null;
}

export function ruralPrincipalProfile(ages: readonly number[], ageLimit: number, target: number): RuralPrincipalProfile {
  const underAge = ages.filter((a) => a < ageLimit).length;
  const share = ages.length ? underAge / ages.length : null;
  return { principals: ages.length, underAge, share, ageLimit, target, meetsTarget: share === null ? null : share >= target };
}
