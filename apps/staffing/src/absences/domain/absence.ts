import { ABSENCE_KINDS } from '@app/contracts';
import { DomainError } from '@app/errors';
import type { IsoDate } from '@app/rules';

export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

/** Chinese names as officers write them in their sheets. */
export const ABSENCE_KIND_NAMES: Record<AbsenceKind, string> = {
  paid_leave: '带薪假',
  unpaid_leave: '停薪假',
  secondment_out: '借调',
  suspension: '停职',
  study_leave: '脱产学习',
};

/** A teacher away from their post for a while. Dates are inclusive; an open end means "until further notice". */
export interface Absence {
  id: string;
  teacherId: string;
  kind: AbsenceKind;
  startDate: IsoDate;
  endDate: IsoDate | null;
  /** cancelled: recorded in error; it stays in the history but never counts */
  status: 'active' | 'cancelled';
  reason: string;
  version: number;
}

export type NewAbsence = Pick<Absence, 'teacherId' | 'kind' | 'startDate' | 'endDate' | 'reason'>;

export class AbsenceInvalid extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(`STAFFING.${code}`, 'invalid', message, details);
  }
}

export class AbsencesOverlap extends DomainError {
  constructor(other: Pick<Absence, 'id' | 'kind' | 'startDate' | 'endDate'>, startDate: IsoDate) {
    super('STAFFING.ABSENCES_OVERLAP', 'conflict', `the teacher is already recorded as absent (${other.kind}, ${other.startDate} – ${other.endDate ?? 'open'}) in that period`, {
      absenceId: other.id,
      startDate,
    });
  }
}

export class AbsenceNotFound extends DomainError {
  constructor(id: string) {
    super('STAFFING.ABSENCE_NOT_FOUND', 'not_found', `no absence with id ${id}`, { id });
  }
}

const END_OF_TIME = '9999-12-31';

/** Checks an absence (new or changed) against the teacher's other active absences: dates in order, no overlap. */
export function checkAbsence(candidate: Pick<Absence, 'kind' | 'startDate' | 'endDate'>, others: readonly Absence[], teacher: { firstServiceDate: IsoDate }, ignoreId?: string): void {
  if (candidate.endDate !== null && candidate.endDate < candidate.startDate) {
    throw new AbsenceInvalid('END_BEFORE_START', 'an absence cannot end before it starts', { startDate: candidate.startDate, endDate: candidate.endDate });
  }
  if (candidate.startDate < teacher.firstServiceDate) {
    throw new AbsenceInvalid('ABSENCE_BEFORE_SERVICE', `an absence starts on or after the first service date (${teacher.firstServiceDate})`, { startDate: candidate.startDate });
  }
  const clash = others.find(
    (a) => a.id !== ignoreId && a.status === 'active' && a.startDate <= (candidate.endDate ?? END_OF_TIME) && candidate.startDate <= (a.endDate ?? END_OF_TIME),
  );
  if (clash) throw new AbsencesOverlap(clash, candidate.startDate);
}
