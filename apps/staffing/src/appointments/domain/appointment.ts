import { APPOINTMENT_KINDS, ROLES } from '@app/contracts';
import { DomainError } from '@app/errors';
import { addDays, type IsoDate } from '@app/rules';

export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];
export type Role = (typeof ROLES)[number];

/** One teacher's appointment at one school. Dates are calendar dates; end is inclusive, null = open. */
export interface Appointment {
  id: string;
  teacherId: string;
  schoolId: string;
  postId: string | null;
  kind: AppointmentKind;
  role: Role;
  workloadShare: number;
  startDate: IsoDate;
  endDate: IsoDate | null;
  moveId: string | null;
  correctsId: string | null;
  reason: string | null;
  version: number;
}

export type NewAppointment = Omit<Appointment, 'id' | 'version'>;

/** What an approved move (any version of rotation's event) asks of the receiving school. */
export interface MoveToAppointment {
  moveId: string;
  toSchoolId: string;
  kind: AppointmentKind;
  role: Role;
  workloadShare: number;
  effectiveDate: IsoDate;
  endDate: IsoDate | null;
}

/** The appointment a move creates: at the receiving school from the effective date, on the post found for it. */
export function appointmentForMove(move: MoveToAppointment, teacherId: string, postId: string | null): NewAppointment {
  return {
    teacherId,
    schoolId: move.toSchoolId,
    postId,
    kind: move.kind,
    role: move.role,
    workloadShare: move.workloadShare,
    startDate: move.effectiveDate,
    endDate: move.endDate,
    moveId: move.moveId,
    correctsId: null,
    reason: null,
  };
}

export class WorkloadExceeded extends DomainError {
  constructor(date: IsoDate, total: number) {
    super('STAFFING.WORKLOAD_EXCEEDED', 'conflict', `workload shares would sum to ${round(total)} on ${date}; at most 1 is allowed`, { date, total: round(total) });
  }
}

export class RegularAppointmentsOverlap extends DomainError {
  constructor(otherId: string, from: IsoDate, to: IsoDate | null) {
    super('STAFFING.REGULAR_OVERLAP', 'conflict', `regular appointment ${otherId} (${from} – ${to ?? 'open'}) overlaps the new one`, { appointmentId: otherId });
  }
}

export class AppointmentRuleViolation extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(`STAFFING.${code}`, 'invalid', message, details);
  }
}

export class AppointmentNotFound extends DomainError {
  constructor(id: string) {
    super('STAFFING.APPOINTMENT_NOT_FOUND', 'not_found', `no appointment with id ${id}`, { id });
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function isActiveOn(a: Pick<Appointment, 'startDate' | 'endDate'>, date: IsoDate): boolean {
  return a.startDate <= date && (a.endDate === null || a.endDate >= date);
}

function overlaps(a: Pick<Appointment, 'startDate' | 'endDate'>, b: Pick<Appointment, 'startDate' | 'endDate'>): boolean {
  return a.startDate <= (b.endDate ?? '9999-12-31') && b.startDate <= (a.endDate ?? '9999-12-31');
}

/**
 * Checks a new appointment against the teacher's current ones (not superseded): shape rules, no overlap
 * between regular appointments, and shares summing to at most 1 on every date. The sum is checked at
 * every date where it can change inside the new range: its own start and each other start within it.
 */
export function checkNewAppointment(existing: readonly Appointment[], candidate: NewAppointment, ignoreIds: ReadonlySet<string> = new Set()): void {
  if (!(candidate.workloadShare > 0 && candidate.workloadShare <= 1)) {
    throw new AppointmentRuleViolation('SHARE_OUT_OF_RANGE', 'workload share must be more than 0 and at most 1', { workloadShare: candidate.workloadShare });
  }
  if (candidate.endDate !== null && candidate.endDate < candidate.startDate) {
    throw new AppointmentRuleViolation('END_BEFORE_START', 'an appointment cannot end before it starts', { startDate: candidate.startDate, endDate: candidate.endDate });
  }
  if (candidate.kind === 'regular' && candidate.postId === null) {
    throw new AppointmentRuleViolation('POST_REQUIRED', 'a regular appointment is to a post');
  }
  const others = existing.filter((a) => !ignoreIds.has(a.id) && overlaps(a, candidate));
  if (candidate.kind === 'regular') {
    const clash = others.find((a) => a.kind === 'regular');
    if (clash) throw new RegularAppointmentsOverlap(clash.id, clash.startDate, clash.endDate);
  }
  const checkpoints = new Set<IsoDate>([candidate.startDate]);
  for (const a of others) if (a.startDate > candidate.startDate) checkpoints.add(a.startDate);
  for (const date of checkpoints) {
    if (!isActiveOn(candidate, date)) continue;
    const total = candidate.workloadShare + others.filter((a) => isActiveOn(a, date)).reduce((s, a) => s + a.workloadShare, 0);
    if (total > 1 + 1e-9) throw new WorkloadExceeded(date, total);
  }
}

/** Ending an appointment: only an open one, or one planned to end later; never before its start. */
export function checkEnd(a: Appointment, endDate: IsoDate): void {
  if (endDate < a.startDate) {
    throw new AppointmentRuleViolation('END_BEFORE_START', `appointment ${a.id} starts on ${a.startDate}; it cannot end on ${endDate}`, { startDate: a.startDate, endDate });
  }
  if (a.endDate !== null && a.endDate <= endDate) {
    throw new AppointmentRuleViolation('ALREADY_ENDED', `appointment ${a.id} already ends on ${a.endDate}`, { endDate: a.endDate });
  }
}

export type TimelinePosition = 'past' | 'current' | 'upcoming';

export function positionOn(a: Pick<Appointment, 'startDate' | 'endDate'>, date: IsoDate): TimelinePosition {
  if (a.startDate > date) return 'upcoming';
  return a.endDate !== null && a.endDate < date ? 'past' : 'current';
}

/** A teacher's history split as a teacher reads it: what was, what is, what is coming. */
export function timeline<T extends Pick<Appointment, 'startDate' | 'endDate'>>(appointments: readonly T[], today: IsoDate): Record<TimelinePosition, T[]> {
  const out: Record<TimelinePosition, T[]> = { past: [], current: [], upcoming: [] };
  for (const a of [...appointments].sort((x, y) => (x.startDate < y.startDate ? -1 : x.startDate > y.startDate ? 1 : 0))) out[positionOn(a, today)].push(a);
  return out;
}

/**
 * What an approved move does to the teacher's current appointments: a move that takes the teacher's whole
 * workload (or leaves no room for its share) ends the appointment at the school they leave on the day
 * before the move takes effect.
 */
export function appointmentsToEndForMove(
  current: readonly Appointment[],
  move: { fromSchoolId: string | null; workloadShare: number; effectiveDate: IsoDate },
): Appointment[] {
  if (move.fromSchoolId === null) return [];
  const activeThen = current.filter((a) => isActiveOn(a, move.effectiveDate));
  const total = activeThen.reduce((s, a) => s + a.workloadShare, 0) + move.workloadShare;
  const atFrom = activeThen.filter((a) => a.schoolId === move.fromSchoolId);
  if (move.workloadShare >= 1 || total > 1 + 1e-9) return atFrom.filter((a) => a.startDate < move.effectiveDate || a.startDate === move.effectiveDate);
  return [];
}

export function dayBefore(date: IsoDate): IsoDate {
  return addDays(date, -1);
}
