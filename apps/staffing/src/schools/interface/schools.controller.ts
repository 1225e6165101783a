import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { assertCanActInCounty, assertCanReadSchool, countyFilterFor, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { openApi, UnitOfWork, uuidParams, ZodPipe, noQuery } from '@app/runtime';
import { AppointmentRepository } from '../../appointments/application/appointment.repository';
import { addDays, schoolYearOf, todayInShanghai } from '@app/rules';
import { PostRepository } from '../../posts/application/post.repository';
import { RegisterSchool } from '../application/register-school.use-case';
import { UpdateSchool } from '../application/update-school.use-case';
import { SchoolRepository } from '../application/school.repository';
import { SchoolNotFound } from '../domain/school';
import { asOfQuery, listSchoolsQuery, registerSchoolBody, updateSchoolBody, vacanciesQuery } from './school.dto';

@ApiTags('schools')
@Controller()
export class SchoolsController {
  constructor(
    private readonly registerSchool: RegisterSchool,
    private readonly updateSchool: UpdateSchool,
    private readonly schools: SchoolRepository,
    private readonly posts: PostRepository,
    private readonly appointments: AppointmentRepository,
    private readonly uow: UnitOfWork,
  ) {}

  @Post('schools')
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Register a school or teaching point in a county; emits staffing.SchoolRegistered.v1' })
  @ApiBody({ schema: openApi(registerSchoolBody) })
  register(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(registerSchoolBody)) body: z.infer<typeof registerSchoolBody>) {
    assertCanActInCounty(p, body.countyCode);
    return this.registerSchool.execute(p, body);
  }

  @Patch('schools/:id')
  @Roles('county_hr')
  @ApiOperation({ summary: 'Change a school (type, flags, remote tier, district); send the version you read; emits staffing.SchoolUpdated.v1' })
  @ApiBody({ schema: openApi(updateSchoolBody) })
  update(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(updateSchoolBody)) body: z.infer<typeof updateSchoolBody>) {
    const { version, ...changes } = body;
    return this.updateSchool.execute(p, id, version, changes, (county) => assertCanActInCounty(p, county));
  }

  @Get('schools')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: "List schools (a county HR officer sees their own county's)" })
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(listSchoolsQuery)) q: z.infer<typeof listSchoolsQuery>) {
    const page = await this.schools.list(this.uow.reader, { ...q, countyCode: countyFilterFor(p, q.countyCode) });
    return { ...page, limit: q.limit, offset: q.offset };
  }

  @Get('schools/:id')
  @Roles('county_hr', 'school_admin', 'scheduler')
  @ApiOperation({ summary: 'One school' })
  async get(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.readableSchool(p, id);
  }

  @Get('schools/:id/vacancies')
  @Roles('county_hr', 'school_admin', 'scheduler')
  @ApiOperation({ summary: "A school's posts as of a date: approved headcount for that school year, filled, vacancies" })
  async vacancies(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(asOfQuery)) q: z.infer<typeof asOfQuery>) {
    const asOf = q.asOf ?? todayInShanghai();
    const schoolYear = schoolYearOf(asOf);
    const found = await this.posts.schoolVacancies(this.uow.reader, id, asOf, schoolYear);
    if (!found) throw new SchoolNotFound(id);
    assertCanReadSchool(p, found.school.id, found.school.countyCode);
    return { schoolId: id, schoolName: found.school.name, asOf, schoolYear, posts: found.posts, vacancies: found.posts.reduce((s, v) => s + v.vacancies, 0) };
  }

  @Get('schools/:id/appointments')
  @Roles('county_hr', 'school_admin', 'scheduler')
  @ApiOperation({ summary: "A school's staff on a date (its current appointments)" })
  async roster(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(asOfQuery)) q: z.infer<typeof asOfQuery>) {
    await this.readableSchool(p, id);
    return this.appointments.atSchool(this.uow.reader, id, q.asOf ?? todayInShanghai());
  }

  @Get('schools/:id/arrivals')
  @Roles('county_hr', 'school_admin', 'scheduler')
  @ApiOperation({ summary: 'Teachers arriving at the school (appointments starting from 90 days before to 60 days after the date) whose arrival is not confirmed yet' })
  async arrivals(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(asOfQuery)) q: z.infer<typeof asOfQuery>) {
    await this.readableSchool(p, id);
    const asOf = q.asOf ?? todayInShanghai();
    return { schoolId: id, asOf, items: await this.appointments.arrivalsAt(this.uow.reader, id, addDays(asOf, -90), addDays(asOf, 60)) };
  }

  @Get('vacancies')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'Schools with vacancies as of a date (quota − filled), by subject and category' })
  async schoolsWithVacancies(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(vacanciesQuery)) q: z.infer<typeof vacanciesQuery>) {
    const asOf = q.asOf ?? todayInShanghai();
    const page = await this.posts.schoolsWithVacancies(this.uow.reader, { ...q, countyCode: countyFilterFor(p, q.countyCode), date: asOf, schoolYear: schoolYearOf(asOf) });
    return { ...page, asOf, limit: q.limit, offset: q.offset };
  }

  private async readableSchool(p: Principal, id: string) {
    const school = await this.schools.findById(this.uow.reader, id);
    if (!school) throw new SchoolNotFound(id);
    assertCanReadSchool(p, school.id, school.countyCode);
    return school;
  }
}
