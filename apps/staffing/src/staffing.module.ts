import { Module } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { UnitOfWork } from '@app/runtime';
import { AppointTeacher } from './appointments/application/appoint-teacher.use-case';
import { AppointmentRepository } from './appointments/application/appointment.repository';
import { AppointmentRules } from './appointments/application/appointment-rules.service';
import { ApplyApprovedMove } from './appointments/application/apply-approved-move.use-case';
import { ConfirmArrival } from './appointments/application/confirm-arrival.use-case';
import { CorrectAppointment } from './appointments/application/correct-appointment.use-case';
import { EndAppointment } from './appointments/application/end-appointment.use-case';
import { SqlAppointmentRepository } from './appointments/infrastructure/appointment.repository.sql';
import { AppointmentsController } from './appointments/interface/appointments.controller';
import { MoveEventsHandler } from './appointments/interface/move-events.handler';
import { ImportQuotas } from './imports/application/import-quotas.use-case';
import { ImportSchools } from './imports/application/import-schools.use-case';
import { ImportTeachers } from './imports/application/import-teachers.use-case';
import { RosterExport } from './imports/application/roster-export';
import { ImportsController } from './imports/interface/imports.controller';
import { OverviewQuery } from './overview/infrastructure/overview.query';
import { OverviewController } from './overview/interface/overview.controller';
import { ManagePosts } from './posts/application/manage-posts.use-case';
import { PostRepository } from './posts/application/post.repository';
import { SqlPostRepository } from './posts/infrastructure/post.repository.sql';
import { PostsController } from './posts/interface/posts.controller';
import { RegisterSchool } from './schools/application/register-school.use-case';
import { UpdateSchool } from './schools/application/update-school.use-case';
import { SchoolRepository } from './schools/application/school.repository';
import { SqlSchoolRepository } from './schools/infrastructure/school.repository.sql';
import { SchoolsController } from './schools/interface/schools.controller';
import { RegisterTeacher } from './teachers/application/register-teacher.use-case';
import { TeacherRepository } from './teachers/application/teacher.repository';
import { UpdateTeacher } from './teachers/application/update-teacher.use-case';
import { SqlTeacherRepository } from './teachers/infrastructure/teacher.repository.sql';
import { MeController } from './teachers/interface/me.controller';
import { TeachersController } from './teachers/interface/teachers.controller';

/** One Nest module for the staffing bounded context; its folders are the aggregates. */
@Module({
  controllers: [SchoolsController, PostsController, TeachersController, MeController, AppointmentsController, OverviewController, ImportsController, MoveEventsHandler],
  providers: [
    UnitOfWork,
    { provide: AuditTrail, useValue: new AuditTrail('staffing') },
    { provide: SchoolRepository, useClass: SqlSchoolRepository },
    { provide: PostRepository, useClass: SqlPostRepository },
    { provide: TeacherRepository, useClass: SqlTeacherRepository },
    { provide: AppointmentRepository, useClass: SqlAppointmentRepository },
    AppointmentRules,
    RegisterSchool,
    UpdateSchool,
    ConfirmArrival,
    ManagePosts,
    RegisterTeacher,
    UpdateTeacher,
    AppointTeacher,
    EndAppointment,
    CorrectAppointment,
    ApplyApprovedMove,
    OverviewQuery,
    ImportSchools,
    ImportQuotas,
    ImportTeachers,
    RosterExport,
  ],
})
export class StaffingModule {}
