/** Training's view of a school: which compliance rules its teachers fall under. */
export interface TrainingSchoolFacts {
  rural: boolean;
  smallScale: boolean;
}

export type TrainingRule = 'R7' | 'R8';

/** R7: rural teachers get county special training twice a semester; R8: small-scale schools' teachers attend 80% of district research activities. */
export function rulesFor(s: TrainingSchoolFacts): TrainingRule[] {
  const rules: TrainingRule[] = [];
  if (s.rural) rules.push('R7');
  if (s.smallScale) rules.push('R8');
  return rules;
}
