import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { StaleVersion } from '../../posts/domain/post';
import { TeacherRepository } from '../../teachers/application/teacher.repository';
import { TeacherNotFound, type Teacher } from '../../teachers/domain/teacher';
import { AbsenceInvalid, AbsenceNotFound, checkAbsence, type Absence, type NewAbsence } from '../domain/absence';
import { absenceRecordedEvent, absenceUpdatedEvent } from './absence.events';
import { AbsenceRepository } from './absence.repository';

export type AbsenceChanges = Partial<Pick<Absence, 'kind' | 'startDate' | 'endDate'>> & { reason: string };

/**
 * Absences (leave, secondment out, suspension, long study leave): recorded, changed (dates, kind) or
 * cancelled when recorded in error, each with a reason; the teacher is locked so one teacher's absences
 * change one at a time, and a change sends the version read (409 when stale). Each write emits the
 * absence's state (staffing.AbsenceRecorded.v1 / AbsenceUpdated.v1) and is audited.
 */
@Injectable()
export class ManageAbsences {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly teachers: TeacherRepository,
    private readonly absences: AbsenceRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async recordAbsence(actor: Actor, input: NewAbsence, authorize: (countyCode: string) => void): Promise<Absence> {
    return this.uow.run(async (m) => {
      const teacher = await this.teachers.lock(m, input.teacherId);
      if (!teacher) throw new TeacherNotFound(input.teacherId);
      authorize(teacher.countyCode);
      return this.record(m, actor, teacher, input);
    });
  }

  /** In the caller's transaction, with the teacher locked (a spreadsheet import records many at once). */
  async record(m: EntityManager, actor: Actor, teacher: Teacher, input: NewAbsence): Promise<Absence> {
    checkAbsence(input, await this.absences.forTeacher(m, teacher.id), teacher);
    const saved = await this.absences.insert(m, input, actor.subject);
    await this.outbox.addAll(m, [absenceRecordedEvent(saved, teacher.countyCode)]);
    await this.audit.record(m, { actor, countyCode: teacher.countyCode, action: 'absence.record', entityType: 'absence', entityId: saved.id, before: null, after: saved });
    return saved;
  }

  async change(actor: Actor, id: string, version: number, changes: AbsenceChanges, authorize: (countyCode: string) => void): Promise<Absence> {
    return this.update(actor, id, version, authorize, 'absence.change', (before) => {
      if (before.status === 'cancelled') throw new AbsenceInvalid('ABSENCE_CANCELLED', `absence ${id} was cancelled; record a new one instead`);
      return { ...before, ...changes };
    });
  }

  async cancel(actor: Actor, id: string, version: number, reason: string, authorize: (countyCode: string) => void): Promise<Absence> {
    return this.update(actor, id, version, authorize, 'absence.cancel', (before) => {
      if (before.status === 'cancelled') throw new AbsenceInvalid('ABSENCE_CANCELLED', `absence ${id} is already cancelled`);
      return { ...before, status: 'cancelled', reason };
    });
  }

  private async update(actor: Actor, id: string, version: number, authorize: (countyCode: string) => void, action: string, next: (before: Absence) => Absence): Promise<Absence> {
    return this.uow.run(async (m) => {
      const found = await this.absences.findById(m, id);
      if (!found) throw new AbsenceNotFound(id);
      const teacher = (await this.teachers.lock(m, found.teacherId))!;
      authorize(teacher.countyCode);
      const before = (await this.absences.findById(m, id))!;
      const after = next(before);
      if (after.status === 'active') checkAbsence(after, await this.absences.forTeacher(m, teacher.id), teacher, id);
      const saved = await this.absences.update(m, after, version);
      if (!saved) throw new StaleVersion('absence', id);
      await this.outbox.addAll(m, [absenceUpdatedEvent(saved, teacher.countyCode)]);
      await this.audit.record(m, { actor, countyCode: teacher.countyCode, action, entityType: 'absence', entityId: id, before, after: saved });
      return saved;
    });
  }
}
