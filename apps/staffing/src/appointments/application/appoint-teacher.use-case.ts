import { Injectable } from '@nestjs/common';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { TeacherRepository } from '../../teachers/application/teacher.repository';
import { TeacherNotFound } from '../../teachers/domain/teacher';
import { checkNewAppointment, type Appointment, type NewAppointment } from '../domain/appointment';
import { appointedEvent } from './appointment.events';
import { AppointmentRepository } from './appointment.repository';
import { AppointmentRules } from './appointment-rules.service';

export type AppointInput = Omit<NewAppointment, 'moveId' | 'correctsId'>;

@Injectable()
export class AppointTeacher {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly teachers: TeacherRepository,
    private readonly appointments: AppointmentRepository,
    private readonly rules: AppointmentRules,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  /** `authorize` sees the teacher and school before anything is written (scope checks live at the edge). */
  async execute(actor: Actor, input: AppointInput, authorize: (countyCode: string) => void): Promise<Appointment> {
    return this.uow.run(async (m) => {
      const teacher = await this.teachers.lock(m, input.teacherId);
      if (!teacher) throw new TeacherNotFound(input.teacherId);
      authorize(teacher.countyCode);
      const candidate: NewAppointment = { ...input, moveId: null, correctsId: null };
      const { school, post } = await this.rules.placeFor(m, teacher, candidate);
      checkNewAppointment(await this.appointments.forTeacher(m, teacher.id), candidate);
      if (post) await this.rules.claimPlace(m, post, school, candidate);
      const saved = await this.appointments.insert(m, candidate);
      await this.outbox.addAll(m, [appointedEvent(saved, teacher.countyCode, post?.subjectCode ?? null)]);
      await this.audit.record(m, { actor, countyCode: teacher.countyCode, action: 'appointment.create', entityType: 'appointment', entityId: saved.id, before: null, after: saved });
      return saved;
    });
  }
}
