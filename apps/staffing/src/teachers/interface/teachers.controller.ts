import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { assertCanActInCounty, countyFilterFor, CurrentPrincipal, Forbidden, Roles, type Principal } from '@app/auth';
import { openApi, UnitOfWork, uuidParams, ZodPipe, noQuery } from '@app/runtime';
import { AppointmentRepository } from '../../appointments/application/appointment.repository';
import { isActiveOn, timeline } from '../../appointments/domain/appointment';
import { todayInShanghai } from '@app/rules';
import { RegisterTeacher } from '../application/register-teacher.use-case';
import { TeacherAccess } from '../application/teacher-access.service';
import { TeacherRepository } from '../application/teacher.repository';
import { UpdateTeacher } from '../application/update-teacher.use-case';
import { listTeachersQuery, registerTeacherBody, updateTeacherBody } from './teacher.dto';
import { asOfQuery } from '../../schools/interface/school.dto';

@ApiTags('teachers')
@Controller()
export class TeachersController {
  constructor(
    private readonly registerTeacher: RegisterTeacher,
    private readonly updateTeacher: UpdateTeacher,
    private readonly teachers: TeacherRepository,
    private readonly access: TeacherAccess,
    private readonly uow: UnitOfWork,
  ) {}

  @Post('teachers')
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({ summary: "Register a teacher in the county pool (编制 belongs to the county); emits staffing.TeacherRegistered.v1" })
  @ApiBody({ schema: openApi(registerTeacherBody) })
  register(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(registerTeacherBody)) body: z.infer<typeof registerTeacherBody>) {
    assertCanActInCounty(p, body.countyCode);
    return this.registerTeacher.execute(p, body);
  }

  @Get('teachers')
  @Roles('county_hr', 'school_admin', 'scheduler')
  @ApiOperation({ summary: 'Teachers, filtered by county, current school, subject, category, pool membership (no active appointment), name or staff number' })
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(listTeachersQuery)) q: z.infer<typeof listTeachersQuery>) {
    let filter = { ...q, asOf: q.asOf ?? todayInShanghai() };
    if (p.role === 'school_admin') {
      // A school administrator lists their own school's staff only.
      if (q.schoolId && q.schoolId !== p.schoolId) throw new Forbidden(`school_admin of school ${p.schoolId} may not list another school's staff`);
      filter = { ...filter, countyCode: p.countyCode, schoolId: p.schoolId };
    } else {
      filter = { ...filter, countyCode: countyFilterFor(p, q.countyCode) };
    }
    const page = await this.teachers.list(this.uow.reader, filter);
    return { ...page, limit: q.limit, offset: q.offset };
  }

  @Get('teachers/:id')
  @Roles('county_hr', 'school_admin', 'scheduler', 'teacher')
  @ApiOperation({ summary: 'One teacher, with its version (needed to change it)' })
  async get(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return (await this.access.readable(p, id)).teacher;
  }

  @Patch('teachers/:id')
  @Roles('county_hr')
  @ApiOperation({ summary: 'Change a teacher; send the version you read (409 if someone changed it since)' })
  @ApiBody({ schema: openApi(updateTeacherBody) })
  update(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(updateTeacherBody)) body: z.infer<typeof updateTeacherBody>) {
    const { version, ...changes } = body;
    return this.updateTeacher.execute(p, id, version, changes, (county) => assertCanActInCounty(p, county));
  }

  @Get('teachers/:id/appointments')
  @Roles('county_hr', 'school_admin', 'scheduler', 'teacher')
  @ApiOperation({ summary: "A teacher's appointment history: past, current and upcoming on a date" })
  async history(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(asOfQuery)) q: z.infer<typeof asOfQuery>) {
    const { history } = await this.access.readable(p, id);
    const asOf = q.asOf ?? todayInShanghai();
    return { teacherId: id, asOf, ...timeline(history, asOf) };
  }
}
