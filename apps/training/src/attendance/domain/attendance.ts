import { DomainError } from '@app/errors';
import type { PolicyValue } from '@app/policy';
import { hoursOf, type Sessions } from '../../activities/domain/activity';

/** Excused = approved leave (请假): it is taken out of the denominator of R7 and R8. */
export const ATTENDANCE_STATUSES = ['attended', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export interface AttendanceInput extends Partial<Sessions> {
  status: AttendanceStatus;
  result: string | null;
  certificateNo: string | null;
}

export class AttendanceInvalid extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('TRAINING.ATTENDANCE_INVALID', 'invalid', message, details);
  }
}

/**
 * Hours a teacher earns at an activity: the sessions they attended under the conversion rules (at most
 * the activity's own hours), or the whole activity when no sessions are given; nothing unless attended.
 */
export function hoursEarned(activity: { creditHours: number; endDate: string }, row: AttendanceInput, values: readonly PolicyValue[]): number {
  const given = row.fullDays !== undefined || row.halfDays !== undefined || row.periods !== undefined;
  if (row.status !== 'attended') {
    if (given) throw new AttendanceInvalid(`an ${row.status} teacher earns no hours: leave the session columns empty`, { fullDays: row.fullDays ?? null });
    if (row.certificateNo) throw new AttendanceInvalid(`an ${row.status} teacher gets no certificate`, { certificateNo: row.certificateNo });
    return 0;
  }
  if (!given) return activity.creditHours;
  const hours = hoursOf({ fullDays: row.fullDays ?? 0, halfDays: row.halfDays ?? 0, periods: row.periods ?? 0 }, activity.endDate, values);
  if (hours > activity.creditHours) {
    throw new AttendanceInvalid(`${hours} hours attended is more than the activity's ${activity.creditHours}`, { fullDays: row.fullDays ?? null, halfDays: row.halfDays ?? null, periods: row.periods ?? null });
  }
  return hours;
}
