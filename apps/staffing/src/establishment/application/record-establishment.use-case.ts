import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { StaleVersion } from '../../posts/domain/post';
import { TeacherRepository } from '../../teachers/application/teacher.repository';
import { TeacherNotFound, type Teacher } from '../../teachers/domain/teacher';
import { planEstablishmentEntry, type EstablishmentEntry, type NewEstablishmentEntry } from '../domain/establishment';
import { establishmentRecordedEvent } from './establishment.events';
import { EstablishmentRepository } from './establishment.repository';

/**
 * Records a teacher's establishment type from a date (a change), or corrects the entry of the same date;
 * with the history's version, so two officers cannot both write from stale copies (the loser gets 409).
 * Emits staffing.EstablishmentTypeRecorded.v1.
 */
@Injectable()
export class RecordEstablishment {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly teachers: TeacherRepository,
    private readonly establishment: EstablishmentRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, teacherId: string, input: NewEstablishmentEntry & { version: number }, authorize: (countyCode: string) => void): Promise<EstablishmentEntry> {
    return this.uow.run(async (m) => {
      const teacher = await this.teachers.lock(m, teacherId);
      if (!teacher) throw new TeacherNotFound(teacherId);
      authorize(teacher.countyCode);
      if (!(await this.establishment.bumpVersion(m, teacherId, input.version))) throw new StaleVersion('establishment history of teacher', teacherId);
      return this.record(m, actor, teacher, input);
    });
  }

  /** In the caller's transaction, with the teacher locked (a spreadsheet import records many at once). */
  async record(m: EntityManager, actor: Actor, teacher: Teacher, input: NewEstablishmentEntry): Promise<EstablishmentEntry> {
    const history = await this.establishment.history(m, teacher.id);
    const { supersedes } = planEstablishmentEntry(history, input, teacher);
    const id = randomUUID();
    if (supersedes) await this.establishment.supersede(m, supersedes.id, id);
    const saved = await this.establishment.insert(m, teacher.id, input, actor.subject, id);
    await this.outbox.addAll(m, [establishmentRecordedEvent(saved, teacher.countyCode, supersedes?.id ?? null)]);
    await this.audit.record(m, {
      actor,
      countyCode: teacher.countyCode,
      action: supersedes ? 'establishment.correct' : 'establishment.record',
      entityType: 'teacher',
      entityId: teacher.id,
      before: supersedes,
      after: saved,
    });
    return saved;
  }
}
