import { Injectable } from '@nestjs/common';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { StaleVersion } from '../../posts/domain/post';
import { TeacherRepository } from '../../teachers/application/teacher.repository';
import { AppointmentNotFound, checkEnd, type Appointment } from '../domain/appointment';
import { endedEvent } from './appointment.events';
import { AppointmentRepository } from './appointment.repository';

@Injectable()
export class EndAppointment {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly teachers: TeacherRepository,
    private readonly appointments: AppointmentRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(
    actor: Actor,
    input: { appointmentId: string; endDate: string; reason: string; version?: number },
    authorize: (countyCode: string) => void,
  ): Promise<Appointment> {
    return this.uow.run(async (m) => {
      const found = await this.appointments.findById(m, input.appointmentId);
      if (!found) throw new AppointmentNotFound(input.appointmentId);
      const teacher = await this.teachers.lock(m, found.teacherId);
      authorize(teacher!.countyCode);
      checkEnd(found, input.endDate);
      const ended = await this.appointments.end(m, found.id, input.endDate, input.reason, input.version ?? found.version);
      if (!ended) throw new StaleVersion('appointment', found.id);
      await this.outbox.addAll(m, [endedEvent(ended, input.reason)]);
      await this.audit.record(m, { actor, countyCode: teacher!.countyCode, action: 'appointment.end', entityType: 'appointment', entityId: found.id, before: found, after: ended });
      return ended;
    });
  }
}
