import { DEFAULT_POLICY, type PolicyValue } from '@app/policy';
import { exemptionOn, type ExemptionStatus, type IsoDate } from '@app/rules';
import type { AppointmentFacts, Exemption, ObligationFinding, TeacherFacts } from './facts';
import { evaluateR2 } from './r2';
import { evaluateR3 } from './r3';

export interface TeacherAssessment {
  exemption: ExemptionStatus;
  /** R2 then R3; empty when exempt */
  findings: ObligationFinding[];
}

/**
 * All obligations of one teacher on `asOf`, with the exemption that suppressed them if any. An exempt
 * teacher has no findings: the caller resolves any open obligation with the exemption's reason.
 * `appointments` are this teacher's (any order); exemptions of other teachers are ignored.
 */
export function assessTeacher(
  teacher: TeacherFacts,
  appointments: readonly AppointmentFacts[],
  exemptions: readonly Exemption[],
  asOf: IsoDate,
  policy: readonly PolicyValue[] = DEFAULT_POLICY,
): TeacherAssessment {
  const exemption = exemptionOn(teacher, exemptions, asOf, policy);
  if (exemption.exempt) return { exemption, findings: [] };
  const findings: ObligationFinding[] = [];
  const r2 = evaluateR2(teacher, appointments, asOf, policy);
  if (r2) findings.push(r2);
  const r3 = evaluateR3(teacher, appointments, asOf, policy);
  if (r3) findings.push(r3);
  return { exemption, findings };
}

/** The R2 and R3 findings for one teacher on `asOf`; none when the teacher is exempt (see assessTeacher). */
export function evaluateTeacher(
  teacher: TeacherFacts,
  appointments: readonly AppointmentFacts[],
  exemptions: readonly Exemption[],
  asOf: IsoDate,
  policy: readonly PolicyValue[] = DEFAULT_POLICY,
): ObligationFinding[] {
  return assessTeacher(teacher, appointments, exemptions, asOf, policy).findings;
}
