import { DEFAULT_POLICY, policyValue, policyValueOrEarliest, type PolicyValue } from '@app/policy';
import { addDays, assertIsoDate, daysBetween, reachesYears, yearsBetween, type IsoDate } from './calendar-date';
import type { Role, SchoolType, TenureAppointment as AppointmentFacts } from './facts';

type Policy = readonly PolicyValue[];

/**
 * Continuous tenure in one post, the quantity behind R2 (a leader at most 12 consecutive years in the same
 * post), R1's eligibility count (teachers 6 consecutive years at the same school) and rotation's "years at
 * the current school" (eligibility and priority points): one definition for the scheduler and rotation.
 *
 * How appointments chain into one continuous tenure (the same rules for both uses):
 * - only appointments in the same post chain: for R2 the same leadership role at the same school, for R1
 *   regular appointments at the same school. Moving to another school or another role starts a new count.
 * - overlapping or back-to-back appointments (the next starts on or before the day after the previous
 *   one's inclusive end) continue the count: a re-appointment without a gap is the same tenure.
 * - a gap (days in neither appointment) shorter than `R2.tenure_gap_reset_days` (365: one school year)
 *   continues the count, and the gap days are not subtracted — years are measured from the tenure's start,
 *   because 连续任职 is broken only by a real interruption, not by a late re-appointment order. A gap of at
 *   least that many days resets: the count starts again at the next appointment's start.
 * - a gap of any length in which the teacher took another post (moved away and back) resets too: an
 *   appointment in a different post that is active on at least one day of the gap and began on or after
 *   the tenure's start. Walking-teaching appointments (走教, part-time teaching at other schools of the
 *   district) never interrupt, and neither does an appointment that was already running before the tenure
 *   began (a long-standing side appointment is not a move).
 * - the parameter is read on `asOf`: continuity is judged under the rule in force when it is evaluated;
 *   for a date before the parameter's first entry, its first value is used (see policyValueOrEarliest).
 * Years are exact calendar years from the tenure's start (see dates.yearsBetween): a tenure from
 * 2014-09-01 reaches 12 years on 2026-09-01, and 11 years and 364 days are less than 12.
 */

export const LEADERSHIP_ROLES: readonly Role[] = ['principal', 'vice_principal', 'secretary'];
/** The order of roles for ties (the catalogue's order in @app/contracts ROLES). */
const ROLE_ORDER: readonly Role[] = ['teacher', 'principal', 'vice_principal', 'secretary', 'researcher'];

export function isLeadershipRole(role: Role): boolean {
  return LEADERSHIP_ROLES.includes(role);
}

/** A continuous tenure in one post, as of a date. */
export interface PostTenure {
  schoolId: string;
  schoolType: SchoolType | 'unknown';
  /** first day of the continuous tenure */
  since: IsoDate;
  /** exact years from `since` to the evaluation date (unrounded) */
  years: number;
  /**
   * last day of the tenure as known on the evaluation date, including appointments already recorded to
   * continue it after that date (a re-appointment starting later); null when it is open-ended
   */
  plannedEnd: IsoDate | null;
  /** the appointments that make up the tenure, in order of start */
  appointmentIds: string[];
}

export interface LeaderTenure extends PostTenure {
  role: Role;
}

interface ChainRules {
  samePost: (a: AppointmentFacts) => boolean;
  /** may this other-post appointment interrupt the tenure (before the date/overlap tests)? */
  canInterrupt: (a: AppointmentFacts) => boolean;
  gapResetDays: number;
}

const activeOn = (a: AppointmentFacts, date: IsoDate) => a.startDate <= date && (a.endDate === null || a.endDate >= date);

function byStart(a: AppointmentFacts, b: AppointmentFacts): number {
  return a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : a.appointmentId < b.appointmentId ? -1 : a.appointmentId > b.appointmentId ? 1 : 0;
}

function validate(appointments: readonly AppointmentFacts[]): void {
  for (const a of appointments) {
    assertIsoDate(a.startDate, `startDate of appointment ${a.appointmentId}`);
    if (a.endDate !== null) assertIsoDate(a.endDate, `endDate of appointment ${a.appointmentId}`);
  }
}

/**
 * The continuous tenure that contains `anchor` (an appointment of the post active on asOf), built over all
 * of the teacher's appointments of that post — past ones to find its start, later ones to find its planned
 * end.
 */
function tenureOf(anchor: AppointmentFacts, all: readonly AppointmentFacts[], asOf: IsoDate, rules: ChainRules): PostTenure {
  const post = all.filter(rules.samePost).sort(byStart);
  const others = all.filter((a) => !rules.samePost(a) && rules.canInterrupt(a));

  let since = post[0].startDate;
  let end: IsoDate | null = post[0].endDate;
  let ids: string[] = [post[0].appointmentId];
  let found = post[0] === anchor;
  for (const a of post.slice(1)) {
    const contiguous = end === null || a.startDate <= addDays(end, 1);
    if (!contiguous) {
      const gapStart = addDays(end as IsoDate, 1);
      const gapEnd = addDays(a.startDate, -1);
      const gapDays = daysBetween(gapStart, a.startDate);
      const movedAway = others.some((o) => o.startDate >= since && o.startDate <= gapEnd && (o.endDate === null || o.endDate >= gapStart));
      if (gapDays >= rules.gapResetDays || movedAway) {
        if (found) break; // the anchor's tenure ends here; what follows is a later, separate tenure
        since = a.startDate;
        end = a.endDate;
        ids = [a.appointmentId];
        found = a === anchor;
        continue;
      }
    }
    ids.push(a.appointmentId);
    if (end !== null) end = a.endDate === null || a.endDate > end ? a.endDate : end;
    if (a === anchor) found = true;
  }
  return { schoolId: anchor.schoolId, schoolType: anchor.schoolType, since, years: yearsBetween(since, asOf), plannedEnd: end, appointmentIds: ids };
}

/** Earliest start first (the longest tenure is the one a rule must act on); ties broken deterministically. */
function longestFirst<T extends PostTenure & { role?: Role }>(a: T, b: T): number {
  if (a.since !== b.since) return a.since < b.since ? -1 : 1;
  const ra = a.role ? ROLE_ORDER.indexOf(a.role) : 0;
  const rb = b.role ? ROLE_ORDER.indexOf(b.role) : 0;
  if (ra !== rb) return ra - rb;
  return a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0;
}

/**
 * Every leadership post (principal, vice-principal, secretary) the teacher holds on `asOf`, with its
 * continuous tenure, longest first. A teacher can hold two at once (校长兼书记); each is its own post.
 */
export function leaderTenures(appointments: readonly AppointmentFacts[], asOf: IsoDate, policy: Policy = DEFAULT_POLICY): LeaderTenure[] {
  assertIsoDate(asOf, 'asOf');
  validate(appointments);
  const anchors = appointments.filter((a) => isLeadershipRole(a.role) && activeOn(a, asOf));
  if (anchors.length === 0) return [];
  const gapResetDays = policyValueOrEarliest('R2.tenure_gap_reset_days', asOf, policy);
  const seen = new Set<string>();
  const result: LeaderTenure[] = [];
  for (const anchor of [...anchors].sort(byStart)) {
    const key = `${anchor.role}\u0000${anchor.schoolId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const tenure = tenureOf(anchor, appointments, asOf, {
      samePost: (a) => a.role === anchor.role && a.schoolId === anchor.schoolId,
      canInterrupt: (a) => a.kind !== 'walking',
      gapResetDays,
    });
    result.push({ ...tenure, role: anchor.role });
  }
  return result.sort(longestFirst);
}

/**
 * R2: the teacher's current continuous tenure in one leadership post (same role at the same school) as of
 * `asOf`, or null when the teacher holds no leadership post that day. When several are held, the longest
 * (earliest start) is the one R2 acts on. See the module comment for how appointments chain.
 */
export function leaderTenure(appointments: readonly AppointmentFacts[], asOf: IsoDate, policy: Policy = DEFAULT_POLICY): LeaderTenure | null {
  return leaderTenures(appointments, asOf, policy)[0] ?? null;
}

/**
 * R1: the teacher's continuous tenure at the school of their regular appointment (their establishment post,
 * any role) on `asOf`, or null when they hold no regular appointment that day. Rotation, support and
 * placement appointments at another school taken during a gap interrupt it (the teacher has been
 * exchanged, so the count restarts on return); walking teaching does not.
 */
export function currentSchoolTenure(appointments: readonly AppointmentFacts[], asOf: IsoDate, policy: Policy = DEFAULT_POLICY): PostTenure | null {
  assertIsoDate(asOf, 'asOf');
  validate(appointments);
  const anchors = appointments.filter((a) => a.kind === 'regular' && activeOn(a, asOf)).sort(byStart);
  if (anchors.length === 0) return null;
  const gapResetDays = policyValueOrEarliest('R2.tenure_gap_reset_days', asOf, policy);
  const tenures = anchors.map((anchor) =>
    tenureOf(anchor, appointments, asOf, {
      samePost: (a) => a.kind === 'regular' && a.schoolId === anchor.schoolId,
      canInterrupt: (a) => a.kind !== 'walking' && a.schoolId !== anchor.schoolId,
      gapResetDays,
    }),
  );
  return tenures.sort(longestFirst)[0];
}

/** R1: exact consecutive years at the current school (0 when the teacher holds no regular appointment). */
export function yearsAtCurrentSchool(appointments: readonly AppointmentFacts[], asOf: IsoDate, policy: Policy = DEFAULT_POLICY): number {
  return currentSchoolTenure(appointments, asOf, policy)?.years ?? 0;
}

/**
 * R1: is the teacher counted among those eligible for exchange by tenure (the national base: at least
 * `R1.tenure_eligibility_years`, 6, consecutive years at the same school, reached on the anniversary)?
 * Exemptions are the caller's concern (see isExempt).
 */
export function isEligibleByTenure(appointments: readonly AppointmentFacts[], asOf: IsoDate, policy: Policy = DEFAULT_POLICY): boolean {
  const tenure = currentSchoolTenure(appointments, asOf, policy);
  return tenure !== null && reachesYears(tenure.since, policyValue('R1.tenure_eligibility_years', asOf, policy), asOf);
}
