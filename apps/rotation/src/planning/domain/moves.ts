import type { Candidate } from './candidates';
import type { PlannedMove } from './plan';
import type { PlannerTeacher } from './plan-input';

export function moveOf(t: PlannerTeacher, c: Candidate): PlannedMove {
  return {
    teacherId: t.id,
    fromSchoolId: t.currentSchoolId,
    toSchoolId: c.schoolId,
    subject: c.post.subject,
    category: c.post.category,
    mandatory: t.exempt ? null : (t.mandatory?.rule ?? null),
    preferenceRank: c.rank,
    score: c.score,
    pinned: c.forced,
  };
}

export function sumScores(moves: readonly PlannedMove[]): number {
  let s = 0;
  for (const m of moves) s += m.score;
  return Math.round(s * 1e9) / 1e9;
}

