import { DEFAULT_POLICY, policyValue as param, policyValueOrNull as paramOrNull, type PolicyValue } from '@app/policy';
import { addDays, anniversary, assertIsoDate, daysCovered, minDate, yearsBefore, type IsoDate } from '@app/rules';
import type { AppointmentFacts, ObligationFinding, SchoolType, TeacherFacts } from './facts';

type Policy = readonly PolicyValue[];

/**
 * R3 (seed 二.10): a new teacher at a village primary school or teaching point must, within
 * `R3.placement_window_years` (5) years, teach at least `R3.min_placement_days` (365) days at a county-town
 * school or a township central school.
 */

/** School types whose new teachers R3 applies to. */
export const R3_ORIGIN_TYPES: readonly (SchoolType | 'unknown')[] = ['village_primary', 'teaching_point'];
/** School types where the placement year may be served. */
export const R3_PLACEMENT_TYPES: readonly (SchoolType | 'unknown')[] = ['county_town', 'township_central'];

const kindOrder = (a: AppointmentFacts) => (a.kind === 'regular' ? 0 : 1);

/**
 * The teacher's first appointment: the earliest start; on the same day a regular appointment (the
 * establishment post) before any other kind, then the larger workload share, then the appointment id.
 */
export function firstAppointment(appointments: readonly AppointmentFacts[]): AppointmentFacts | null {
  let first: AppointmentFacts | null = null;
  for (const a of appointments) {
    if (
      !first ||
      a.startDate < first.startDate ||
      (a.startDate === first.startDate &&
        (kindOrder(a) < kindOrder(first) ||
          (kindOrder(a) === kindOrder(first) && (a.workloadShare > first.workloadShare || (a.workloadShare === first.workloadShare && a.appointmentId < first.appointmentId)))))
    ) {
      first = a;
    }
  }
  return first;
}

/**
 * R3 for one teacher as of `asOf`. Decisions:
 * - applies only when the teacher's first appointment (see firstAppointment) was at a village primary
 *   school or teaching point, and that appointment has started by asOf.
 * - window = [firstServiceDate, firstServiceDate + window years): `windowEnd` is exclusive (the first day
 *   after the window; from 2024-02-29 with 5 years it is 2029-02-28), and it is also `dueBy`, consistent
 *   with R2: dueBy is the first day on which the obligation must already be met.
 * - transition: R3 does not apply to a teacher whose window had already closed when R3 took effect (no
 *   window-length value in force on the window's last day) — the rule is about new teachers, and a village
 *   teacher hired in 2010 is not made overdue by a plan of 2023.
 * - days served = days covered by appointments (any kind, any share) at county-town or township-central
 *   schools, counted once per day, inside the window and up to asOf: only days already served count.
 *   An appointment scheduled for the future does not satisfy the rule in advance (it may still be
 *   cancelled); it is reported as `daysScheduled` (days inside the window including the future ones) so
 *   the planner can see a placement is already planned.
 * - satisfied when days served ≥ `R3.min_placement_days` (365 counts, 364 does not): no finding.
 * - not satisfied and asOf ≥ windowEnd → 'overdue'; not satisfied and at most `R3.due_years_left` (2)
 *   years left (asOf ≥ windowEnd − 2 years) → 'due'; otherwise nothing.
 * - parameters are read on asOf (the rule in force when it is evaluated); the window length too, so a
 *   change of the window applies to every open window from its effective date.
 * Facts: firstSchoolId, firstSchoolType, windowStart, windowEnd, daysServed, daysRequired, daysScheduled.
 */
export function evaluateR3(teacher: TeacherFacts, appointments: readonly AppointmentFacts[], asOf: IsoDate, policy: Policy = DEFAULT_POLICY): ObligationFinding | null {
  assertIsoDate(asOf, 'asOf');
  assertIsoDate(teacher.firstServiceDate, 'firstServiceDate');
  for (const a of appointments) {
    assertIsoDate(a.startDate, `startDate of appointment ${a.appointmentId}`);
    if (a.endDate !== null) assertIsoDate(a.endDate, `endDate of appointment ${a.appointmentId}`);
  }
  const first = firstAppointment(appointments);
  if (!first || first.startDate > asOf || !R3_ORIGIN_TYPES.includes(first.schoolType)) return null;

  const windowYears = paramOrNull('R3.placement_window_years', asOf, policy);
  if (windowYears === null) return null;
  const windowStart = teacher.firstServiceDate;
  if (windowStart > asOf) return null;
  const windowEnd = anniversary(windowStart, windowYears);
  const windowLastDay = addDays(windowEnd, -1);
  if (paramOrNull('R3.placement_window_years', windowLastDay, policy) === null) return null;

  const placements = appointments.filter((a) => R3_PLACEMENT_TYPES.includes(a.schoolType));
  const daysRequired = param('R3.min_placement_days', asOf, policy);
  const daysServed = daysCovered(placements, windowStart, minDate(windowLastDay, asOf));
  if (daysServed >= daysRequired) return null;

  let severity: ObligationFinding['severity'];
  if (asOf >= windowEnd) severity = 'overdue';
  else if (asOf >= yearsBefore(windowEnd, param('R3.due_years_left', asOf, policy))) severity = 'due';
  else return null;

  return {
    rule: 'R3',
    severity,
    dueBy: windowEnd,
    facts: {
      firstSchoolId: first.schoolId,
      firstSchoolType: first.schoolType,
      windowStart,
      windowEnd,
      daysServed,
      daysRequired,
      daysScheduled: daysCovered(placements, windowStart, windowLastDay),
    },
  };
}
