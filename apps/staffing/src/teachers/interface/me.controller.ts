import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, Forbidden, Roles, type Principal } from '@app/auth';
import { noQuery, UnitOfWork, ZodPipe } from '@app/runtime';
import { AppointmentRepository } from '../../appointments/application/appointment.repository';
import { timeline } from '../../appointments/domain/appointment';
import { todayInShanghai } from '@app/rules';
import { asOfQuery } from '../../schools/interface/school.dto';
import { TeacherRepository } from '../application/teacher.repository';
import { TeacherNotFound } from '../domain/teacher';

/** Teacher self-service: the teacher id comes from the token only, so no one sees another's records. */
@ApiTags('me')
@Controller('me')
export class MeController {
  constructor(
    private readonly teachers: TeacherRepository,
    private readonly appointments: AppointmentRepository,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @Roles('teacher')
  @ApiOperation({ summary: 'My record as the county keeps it' })
  async me(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(noQuery)) _q: object) {
    const teacherId = ownTeacherId(p);
    const teacher = await this.teachers.findById(this.uow.reader, teacherId);
    if (!teacher) throw new TeacherNotFound(teacherId);
    return teacher;
  }

  @Get('appointments')
  @Roles('teacher')
  @ApiOperation({ summary: 'My appointments: past, current and upcoming' })
  async myAppointments(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(asOfQuery)) q: z.infer<typeof asOfQuery>) {
    const asOf = q.asOf ?? todayInShanghai();
    const teacherId = ownTeacherId(p);
    const history = await this.appointments.history(this.uow.reader, teacherId);
    return { teacherId, asOf, ...timeline(history, asOf) };
  }
}

/** city_admin passes every role check, but only a teacher's token names a teacher. */
function ownTeacherId(p: Principal): string {
  if (!p.teacherId) throw new Forbidden(`${p.role} has no teacher record of their own`);
  return p.teacherId;
}
