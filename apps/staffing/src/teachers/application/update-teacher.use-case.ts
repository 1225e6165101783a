import { Injectable } from '@nestjs/common';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { todayInShanghai } from '@app/rules';
import { PostRepository } from '../../posts/application/post.repository';
import { StaleVersion } from '../../posts/domain/post';
import { checkTeacher, StaffNoTaken, TeacherInvalid, TeacherNotFound, type NewTeacher, type Teacher } from '../domain/teacher';
import { teacherUpdatedEvent } from './teacher.events';
import { TeacherRepository } from './teacher.repository';

export type TeacherChanges = Partial<Omit<NewTeacher, 'countyCode'>>;

@Injectable()
export class UpdateTeacher {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly teachers: TeacherRepository,
    private readonly posts: PostRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, id: string, version: number, changes: TeacherChanges, authorize: (countyCode: string) => void): Promise<Teacher> {
    return this.uow.run(async (m) => {
      const before = await this.teachers.findById(m, id);
      if (!before) throw new TeacherNotFound(id);
      authorize(before.countyCode);
      const { id: _id, version: _v, ...fields } = before;
      const next = checkTeacher({ ...fields, ...changes }, todayInShanghai());
      for (const s of next.subjects) if (!(await this.posts.subjectExists(m, s))) throw new TeacherInvalid(`unknown subject ${s}`, { subject: s });
      if (next.staffNo !== before.staffNo && (await this.teachers.staffNoTaken(m, before.countyCode, next.staffNo, id))) throw new StaffNoTaken(before.countyCode, next.staffNo);
      const saved = await this.teachers.update(m, { ...next, id, version }, version);
      if (!saved) throw new StaleVersion('teacher', id);
      await this.outbox.addAll(m, [teacherUpdatedEvent(saved)]);
      await this.audit.record(m, { actor, countyCode: saved.countyCode, action: 'teacher.update', entityType: 'teacher', entityId: id, before, after: saved });
      return saved;
    });
  }
}
