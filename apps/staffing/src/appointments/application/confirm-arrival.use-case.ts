import { Injectable } from '@nestjs/common';
import { AuditTrail, type Actor } from '@app/audit';
import { UnitOfWork, updateReturning } from '@app/runtime';
import { AppointmentNotFound, AppointmentRuleViolation } from '../domain/appointment';
import { AppointmentRepository } from './appointment.repository';

/** The receiving school confirms that the appointed teacher has arrived (a fact for the record, once). */
@Injectable()
export class ConfirmArrival {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly appointments: AppointmentRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, appointmentId: string, authorize: (schoolId: string, countyCode: string) => void): Promise<{ appointmentId: string; arrivalConfirmedAt: string }> {
    return this.uow.run(async (m) => {
      const [a] = await m.query(
        `SELECT a.id, a.school_id AS "schoolId", s.county_code AS "countyCode", a.arrival_confirmed_at AS "confirmedAt"
           FROM staffing.appointments a JOIN staffing.schools s ON s.id = a.school_id WHERE a.id = $1 AND a.superseded_by IS NULL`,
        [appointmentId],
      );
      if (!a) throw new AppointmentNotFound(appointmentId);
      authorize(a.schoolId, a.countyCode);
      if (a.confirmedAt) throw new AppointmentRuleViolation('ARRIVAL_ALREADY_CONFIRMED', `arrival was already confirmed at ${new Date(a.confirmedAt).toISOString()}`);
      const [row] = await updateReturning<{ at: Date }>(
        m,
        `UPDATE staffing.appointments SET arrival_confirmed_at = now(), arrival_confirmed_by = $2 WHERE id = $1 AND arrival_confirmed_at IS NULL RETURNING arrival_confirmed_at AS at`,
        [appointmentId, actor.subject],
      );
      await this.audit.record(m, { actor, countyCode: a.countyCode, action: 'appointment.arrival', entityType: 'appointment', entityId: appointmentId, before: null, after: { arrivalConfirmedAt: row.at } });
      return { appointmentId, arrivalConfirmedAt: new Date(row.at).toISOString() };
    });
  }
}
