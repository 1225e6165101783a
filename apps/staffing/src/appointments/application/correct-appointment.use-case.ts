import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { StaleVersion } from '../../posts/domain/post';
import { TeacherRepository } from '../../teachers/application/teacher.repository';
import { AppointmentNotFound, checkNewAppointment, type Appointment, type NewAppointment } from '../domain/appointment';
import { correctedEvent } from './appointment.events';
import { AppointmentRepository } from './appointment.repository';
import { AppointmentRules } from './appointment-rules.service';

export type Correction = Partial<Pick<NewAppointment, 'schoolId' | 'postId' | 'kind' | 'role' | 'workloadShare' | 'startDate' | 'endDate'>>;

/** History is never edited: a wrong record is superseded by a new one that says why. */
@Injectable()
export class CorrectAppointment {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly teachers: TeacherRepository,
    private readonly appointments: AppointmentRepository,
    private readonly rules: AppointmentRules,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(
    actor: Actor,
    input: { appointmentId: string; version: number; reason: string; changes: Correction },
    authorize: (countyCode: string) => void,
  ): Promise<Appointment> {
    return this.uow.run(async (m) => {
      const old = await this.appointments.findById(m, input.appointmentId);
      if (!old) throw new AppointmentNotFound(input.appointmentId);
      const teacher = (await this.teachers.lock(m, old.teacherId))!;
      authorize(teacher.countyCode);
      const { id: _id, version: _v, ...oldFields } = old;
      const candidate: NewAppointment = { ...oldFields, ...input.changes, correctsId: old.id, reason: input.reason };
      const { school, post } = await this.rules.placeFor(m, teacher, candidate);
      checkNewAppointment(await this.appointments.forTeacher(m, teacher.id), candidate, new Set([old.id]));
      const newId = randomUUID();
      if (!(await this.appointments.supersede(m, old.id, newId, input.version))) throw new StaleVersion('appointment', old.id);
      // A correction that moves the appointment to another post or year needs a place there too.
      if (post && (post.id !== old.postId || candidate.startDate !== old.startDate)) await this.rules.claimPlace(m, post, school, candidate);
      const saved = await this.appointments.insert(m, candidate, newId);
      await this.outbox.addAll(m, [correctedEvent(saved, old.id, teacher.countyCode, post?.subjectCode ?? null)]);
      await this.audit.record(m, { actor, countyCode: teacher.countyCode, action: 'appointment.correct', entityType: 'appointment', entityId: old.id, before: old, after: saved });
      return saved;
    });
  }
}
