import { Module } from '@nestjs/common';
import { RegisterSchool } from './application/register-school.use-case';
import { SchoolRepository } from './application/school.repository';
import { SqlSchoolRepository } from './infrastructure/school.repository.sql';
import { SchoolsController } from './interface/schools.controller';

@Module({
  controllers: [SchoolsController],
  providers: [RegisterSchool, { provide: SchoolRepository, useClass: SqlSchoolRepository }],
})
export class SchoolsModule {}
