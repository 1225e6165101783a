/**
 * Who an amended plan (rotation.PlanAmended) concerns, and what changed for each of them. Pure: the service
 * gives it the moves the amendment cancelled (as the read model knew them from MoveApproved.v2 and earlier
 * amendments), the moves it added, and the appealing teacher with the move they appealed; it answers one
 * entry per teacher and per school, so each gets one notice per amendment.
 *
 * A plan holds at most one move per teacher (rotation re-solves per teacher), so a teacher has at most one
 * cancelled and one new move in an amendment; should a read model ever hold more, the earliest effective
 * one is told, and every one still reaches HR's list.
 */
export interface MoveFacts {
  moveId: string;
  teacherId: string;
  fromSchoolId: string | null;
  toSchoolId: string;
  kind: string;
  effectiveDate: string;
  endDate: string | null;
}

export interface AmendmentInput {
  /** every move id the amendment cancels, known or not */
  cancelledMoveIds: readonly string[];
  /** the cancelled moves the read model knows (an unknown one is counted for HR, not told) */
  cancelled: readonly MoveFacts[];
  added: readonly MoveFacts[];
  /** the teacher who appealed and the move they appealed (its facts null when not known), when it was an appeal */
  appellant: { teacherId: string; appealedMoveId: string; appealedMove: MoveFacts | null } | null;
}

/**
 * What the amendment did to one teacher: their move replaced by another, cancelled (they stay), a new move
 * (they had none), or — only for the appealing teacher — nothing (the appealed move stands).
 */
export type TeacherChangeKind = 'replaced' | 'cancelled' | 'added' | 'unchanged';

export interface TeacherChange {
  teacherId: string;
  change: TeacherChangeKind;
  appellant: boolean;
  cancelled: MoveFacts | null;
  added: MoveFacts | null;
  /** for 'unchanged': the move that stands (null when the read model does not know it) */
  standing: MoveFacts | null;
}

/** One teacher's changed arrival at, or departure from, a school: the move no longer planned and/or the new one. */
export interface SchoolLine {
  teacherId: string;
  direction: 'leaving' | 'joining';
  was: MoveFacts | null;
  now: MoveFacts | null;
}

export interface SchoolChange {
  schoolId: string;
  lines: SchoolLine[];
}

export interface AmendmentRecipients {
  teachers: TeacherChange[];
  schools: SchoolChange[];
}

const byDate = (a: MoveFacts, b: MoveFacts) => a.effectiveDate.localeCompare(b.effectiveDate) || a.moveId.localeCompare(b.moveId);

export function amendmentRecipients(input: AmendmentInput): AmendmentRecipients {
  const cancelledOf = new Map<string, MoveFacts>();
  const addedOf = new Map<string, MoveFacts>();
  for (const m of [...input.cancelled].sort(byDate)) if (!cancelledOf.has(m.teacherId)) cancelledOf.set(m.teacherId, m);
  for (const m of [...input.added].sort(byDate)) if (!addedOf.has(m.teacherId)) addedOf.set(m.teacherId, m);

  // The appealing teacher hears "unchanged" only when their appealed move truly stands: one cancelled that
  // the read model never knew cannot be described here, and AppealDecided has told them it was amended.
  const a = input.appellant;
  const appellantTold = a !== null && (cancelledOf.has(a.teacherId) || addedOf.has(a.teacherId) || !input.cancelledMoveIds.includes(a.appealedMoveId));
  const teacherIds = [...new Set([...(appellantTold ? [a.teacherId] : []), ...cancelledOf.keys(), ...addedOf.keys()])];
  const teachers: TeacherChange[] = teacherIds.map((teacherId) => {
    const cancelled = cancelledOf.get(teacherId) ?? null;
    const added = addedOf.get(teacherId) ?? null;
    const appellant = a?.teacherId === teacherId;
    const change: TeacherChangeKind = cancelled && added ? 'replaced' : cancelled ? 'cancelled' : added ? 'added' : 'unchanged';
    return { teacherId, change, appellant, cancelled, added, standing: change === 'unchanged' ? (a?.appealedMove ?? null) : null };
  });

  // A school is told of each teacher whose arrival there or departure from there changed: a move that no
  // longer comes or goes, one that now does, or both (a teacher who still leaves, for another school).
  const lines = new Map<string, Map<string, SchoolLine>>();
  const line = (schoolId: string, teacherId: string, direction: SchoolLine['direction']) => {
    const school = lines.get(schoolId) ?? new Map<string, SchoolLine>();
    lines.set(schoolId, school);
    const key = `${direction}:${teacherId}`;
    const l = school.get(key) ?? { teacherId, direction, was: null, now: null };
    school.set(key, l);
    return l;
  };
  for (const t of teachers) {
    for (const [move, side] of [
      [t.cancelled, 'was'],
      [t.added, 'now'],
    ] as const) {
      if (!move) continue;
      if (move.fromSchoolId && move.fromSchoolId !== move.toSchoolId) line(move.fromSchoolId, t.teacherId, 'leaving')[side] = move;
      line(move.toSchoolId, t.teacherId, 'joining')[side] = move;
    }
  }
  const schools: SchoolChange[] = [...lines.entries()].map(([schoolId, m]) => ({
    schoolId,
    // A teacher who joins the same school under both moves (another date or kind) is a changed arrival too.
    lines: [...m.values()].sort((a, b) => (a.direction === b.direction ? 0 : a.direction === 'leaving' ? -1 : 1)),
  }));
  return { teachers, schools };
}
