import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { todayInShanghai } from '@app/rules';
import { PostRepository } from '../../posts/application/post.repository';
import { SchoolRepository } from '../../schools/application/school.repository';
import { UnknownCounty } from '../../schools/domain/school';
import { checkTeacher, StaffNoTaken, TeacherInvalid, type NewTeacher, type Teacher } from '../domain/teacher';
import { teacherRegisteredEvent } from './teacher.events';
import { TeacherRepository } from './teacher.repository';

@Injectable()
export class RegisterTeacher {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly teachers: TeacherRepository,
    private readonly schools: SchoolRepository,
    private readonly posts: PostRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, input: NewTeacher): Promise<Teacher> {
    return this.uow.run((m) => this.register(m, actor, input));
  }

  /** In the caller's transaction, so a spreadsheet import can register many teachers atomically. */
  async register(m: EntityManager, actor: Actor, input: NewTeacher): Promise<Teacher> {
    const candidate = checkTeacher(input, todayInShanghai());
    if (!(await this.schools.countyExists(m, candidate.countyCode))) throw new UnknownCounty(candidate.countyCode);
    for (const s of candidate.subjects) if (!(await this.posts.subjectExists(m, s))) throw new TeacherInvalid(`unknown subject ${s}`, { subject: s });
    if (await this.teachers.staffNoTaken(m, candidate.countyCode, candidate.staffNo)) throw new StaffNoTaken(candidate.countyCode, candidate.staffNo);
    const saved = await this.teachers.insert(m, candidate);
    await this.outbox.addAll(m, [teacherRegisteredEvent(saved)]);
    await this.audit.record(m, { actor, countyCode: saved.countyCode, action: 'teacher.register', entityType: 'teacher', entityId: saved.id, before: null, after: saved });
    return saved;
  }
}
