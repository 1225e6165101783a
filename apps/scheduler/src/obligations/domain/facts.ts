import type { OBLIGATION_RULES, OBLIGATION_SEVERITIES } from '@app/contracts';
import type { AppointmentKind, IsoDate, RecordedExemption, Role, SchoolType, TenureAppointment } from '@app/rules';

/**
 * The facts the scheduler's rules read. They are the scheduler's own read model of the staffing events
 * (DESIGN.md §3: no service reads another's tables), reduced to what R1–R3 need, so that the rules stay pure
 * functions of their inputs and a decision can be re-checked later from the same facts. The shared rules
 * (tenure, exemptions, dates) live in @app/rules.
 */

export type { AppointmentKind, Role, SchoolType };
export type ObligationRule = (typeof OBLIGATION_RULES)[number];
export type ObligationSeverity = (typeof OBLIGATION_SEVERITIES)[number];

export interface TeacherFacts {
  teacherId: string;
  countyCode: string;
  gender: 'female' | 'male';
  birthDate: IsoDate;
  firstServiceDate: IsoDate;
  category: 'teacher' | 'principal' | 'researcher';
  backboneLevel: string;
}

/** One of the teacher's appointments. `endDate` is inclusive (the last day served); null = open-ended. */
export interface AppointmentFacts extends TenureAppointment {
  workloadShare: number;
}

/** An exemption the county HR officer recorded (illness, secondment…); both ends inclusive. */
export interface Exemption extends RecordedExemption {
  teacherId: string;
}

/**
 * What a rule found for one teacher. `dueBy` is always the first day on which the obligation must already
 * be met (the teacher must no longer be in the post on that day for R2; the window is closed on that day
 * for R3), so `asOf >= dueBy` with the obligation unmet means overdue.
 */
export interface ObligationFinding {
  rule: Extract<ObligationRule, 'R2' | 'R3'>;
  severity: ObligationSeverity;
  dueBy: IsoDate;
  facts: Record<string, string | number | boolean | null>;
}
