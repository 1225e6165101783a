/** What changed between two versions of a cycle's plan, move by move (keyed by teacher). */
export interface MoveLike {
  teacherId: string;
  fromSchoolId: string;
  toSchoolId: string;
}

export interface PlanDiff {
  added: MoveLike[];
  removed: MoveLike[];
  redirected: { teacherId: string; fromSchoolId: string; before: string; after: string }[];
  unchanged: number;
}

export function diffPlans(before: readonly MoveLike[], after: readonly MoveLike[]): PlanDiff {
  const old = new Map(before.map((m) => [m.teacherId, m]));
  const now = new Map(after.map((m) => [m.teacherId, m]));
  const diff: PlanDiff = { added: [], removed: [], redirected: [], unchanged: 0 };
  for (const [id, m] of now) {
    const was = old.get(id);
    if (!was) diff.added.push(m);
    else if (was.toSchoolId !== m.toSchoolId) diff.redirected.push({ teacherId: id, fromSchoolId: m.fromSchoolId, before: was.toSchoolId, after: m.toSchoolId });
    else diff.unchanged++;
  }
  for (const [id, m] of old) if (!now.has(id)) diff.removed.push(m);
  return diff;
}
