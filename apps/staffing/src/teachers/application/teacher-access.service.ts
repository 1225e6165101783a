import { Injectable } from '@nestjs/common';
import { assertCanReadTeacher, type Principal } from '@app/auth';
import { UnitOfWork } from '@app/runtime';
import { AppointmentRepository, type AppointmentView } from '../../appointments/application/appointment.repository';
import { isActiveOn } from '../../appointments/domain/appointment';
import { todayInShanghai } from '@app/rules';
import { TeacherNotFound, type Teacher } from '../domain/teacher';
import { TeacherRepository } from './teacher.repository';

/**
 * Loads a teacher for a reader and checks the reader's scope: the county's officers, the teacher, and the
 * administrator of a school the teacher works at today (404 for an unknown teacher, 403 otherwise).
 */
@Injectable()
export class TeacherAccess {
  constructor(
    private readonly teachers: TeacherRepository,
    private readonly appointments: AppointmentRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async readable(p: Principal, id: string): Promise<{ teacher: Teacher; history: AppointmentView[] }> {
    const teacher = await this.teachers.findById(this.uow.reader, id);
    if (!teacher) throw new TeacherNotFound(id);
    const history = await this.appointments.history(this.uow.reader, id);
    const today = todayInShanghai();
    assertCanReadTeacher(p, id, teacher.countyCode, history.filter((a) => isActiveOn(a, today)).map((a) => a.schoolId));
    return { teacher, history };
  }
}
