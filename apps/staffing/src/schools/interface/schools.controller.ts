import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ZodPipe } from '@app/runtime';
import { RegisterSchool } from '../application/register-school.use-case';
import { SchoolRepository } from '../application/school.repository';
import { SchoolNotFound } from '../domain/school';
import { listSchoolsQuery, registerSchoolBody, schoolIdParams } from './school.dto';

@ApiTags('schools')
@Controller('schools')
export class SchoolsController {
  constructor(
    private readonly registerSchool: RegisterSchool,
    private readonly schools: SchoolRepository,
    private readonly dataSource: DataSource,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a school or teaching point in a county; emits staffing.SchoolRegistered.v1' })
  @ApiBody({ schema: z.toJSONSchema(registerSchoolBody, { io: 'input' }) as object })
  register(@Body(new ZodPipe(registerSchoolBody)) body: z.infer<typeof registerSchoolBody>) {
    return this.registerSchool.execute(body);
  }

  @Get()
  @ApiOperation({ summary: 'List schools, filtered by county and type, paginated' })
  list(@Query(new ZodPipe(listSchoolsQuery)) query: z.infer<typeof listSchoolsQuery>) {
    return this.schools.list(this.dataSource.manager, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One school' })
  async get(@Param(new ZodPipe(schoolIdParams)) { id }: z.infer<typeof schoolIdParams>) {
    const school = await this.schools.findById(this.dataSource.manager, id);
    if (!school) throw new SchoolNotFound(id);
    return school;
  }
}
