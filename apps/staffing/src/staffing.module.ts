import { Module } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { UnitOfWork } from '@app/runtime';
import { ContactRepository } from './contacts/application/contact.repository';
import { ManageContact } from './contacts/application/manage-contact.use-case';
import { SqlContactRepository } from './contacts/infrastructure/contact.repository.sql';
import { ContactController } from './contacts/interface/contact.controller';
import { AbsenceRepository } from './absences/application/absence.repository';
import { ManageAbsences } from './absences/application/manage-absences.use-case';
import { SqlAbsenceRepository } from './absences/infrastructure/absence.repository.sql';
import { AbsencesController } from './absences/interface/absences.controller';
import { AppointTeacher } from './appointments/application/appoint-teacher.use-case';
import { AppointmentRepository } from './appointments/application/appointment.repository';
import { AppointmentRules } from './appointments/application/appointment-rules.service';
import { ApplyApprovedMove } from './appointments/application/apply-approved-move.use-case';
import { ApplyApprovedPlan } from './appointments/application/apply-approved-plan.use-case';
import { AmendmentApplicationRepository } from './appointments/application/amendment-application.repository';
import { ApplyPlanAmendment } from './appointments/application/apply-plan-amendment.use-case';
import { SqlAmendmentApplicationRepository } from './appointments/infrastructure/amendment-application.repository.sql';
import { PlanApplicationRepository } from './appointments/application/plan-application.repository';
import { SqlPlanApplicationRepository } from './appointments/infrastructure/plan-application.repository.sql';
import { ConfirmArrival } from './appointments/application/confirm-arrival.use-case';
import { CorrectAppointment } from './appointments/application/correct-appointment.use-case';
import { EndAppointment } from './appointments/application/end-appointment.use-case';
import { SqlAppointmentRepository } from './appointments/infrastructure/appointment.repository.sql';
import { AppointmentsController } from './appointments/interface/appointments.controller';
import { MoveEventsHandler } from './appointments/interface/move-events.handler';
import { EstablishmentRepository } from './establishment/application/establishment.repository';
import { RecordEstablishment } from './establishment/application/record-establishment.use-case';
import { SqlEstablishmentRepository } from './establishment/infrastructure/establishment.repository.sql';
import { EstablishmentController } from './establishment/interface/establishment.controller';
import { ImportAbsences } from './imports/application/import-absences.use-case';
import { ImportEstablishment } from './imports/application/import-establishment.use-case';
import { ImportQuotas } from './imports/application/import-quotas.use-case';
import { ImportSchools } from './imports/application/import-schools.use-case';
import { ImportTeachers } from './imports/application/import-teachers.use-case';
import { RosterExport } from './imports/application/roster-export';
import { ImportsController } from './imports/interface/imports.controller';
import { ImportPairings } from './kindergartens/application/import-pairings.use-case';
import { KindergartenRepository } from './kindergartens/application/kindergarten.repository';
import { ManageKindergartens } from './kindergartens/application/manage-kindergartens.use-case';
import { SqlKindergartenRepository } from './kindergartens/infrastructure/kindergarten.repository.sql';
import { KindergartensController } from './kindergartens/interface/kindergartens.controller';
import { OverviewQuery } from './overview/infrastructure/overview.query';
import { PolicyValueRepository } from './policy/application/policy-value.repository';
import { PolicyValuesQuery } from './policy/application/policy-values.query';
import { SetPolicyValue } from './policy/application/set-policy-value.use-case';
import { SqlPolicyValueRepository } from './policy/infrastructure/policy-value.repository.sql';
import { PolicyValuesController } from './policy/interface/policy-values.controller';
import { OverviewController } from './overview/interface/overview.controller';
import { CarryForwardQuotas } from './posts/application/carry-forward-quotas.use-case';
import { ManagePosts } from './posts/application/manage-posts.use-case';
import { PostRepository } from './posts/application/post.repository';
import { SqlPostRepository } from './posts/infrastructure/post.repository.sql';
import { PostsController } from './posts/interface/posts.controller';
import { RegisterSchool } from './schools/application/register-school.use-case';
import { UpdateSchool } from './schools/application/update-school.use-case';
import { SchoolRepository } from './schools/application/school.repository';
import { SqlSchoolRepository } from './schools/infrastructure/school.repository.sql';
import { SchoolsController } from './schools/interface/schools.controller';
import { TeacherAccess } from './teachers/application/teacher-access.service';
import { RegisterTeacher } from './teachers/application/register-teacher.use-case';
import { TeacherRepository } from './teachers/application/teacher.repository';
import { UpdateTeacher } from './teachers/application/update-teacher.use-case';
import { SqlTeacherRepository } from './teachers/infrastructure/teacher.repository.sql';
import { MeController } from './teachers/interface/me.controller';
import { TeachersController } from './teachers/interface/teachers.controller';

/** One Nest module for the staffing bounded context; its folders are the aggregates. */
@Module({
  controllers: [SchoolsController, PostsController, TeachersController, MeController, AppointmentsController, OverviewController, ImportsController, EstablishmentController, AbsencesController, KindergartensController, MoveEventsHandler, PolicyValuesController, ContactController],
  providers: [
    { provide: ContactRepository, useClass: SqlContactRepository },
    ManageContact,
    UnitOfWork,
    { provide: AuditTrail, useValue: new AuditTrail('staffing') },
    { provide: SchoolRepository, useClass: SqlSchoolRepository },
    { provide: PostRepository, useClass: SqlPostRepository },
    { provide: TeacherRepository, useClass: SqlTeacherRepository },
    { provide: AppointmentRepository, useClass: SqlAppointmentRepository },
    { provide: PlanApplicationRepository, useClass: SqlPlanApplicationRepository },
    { provide: AmendmentApplicationRepository, useClass: SqlAmendmentApplicationRepository },
    { provide: KindergartenRepository, useClass: SqlKindergartenRepository },
    ManageKindergartens,
    ImportPairings,
    { provide: PolicyValueRepository, useClass: SqlPolicyValueRepository },
    { provide: EstablishmentRepository, useClass: SqlEstablishmentRepository },
    { provide: AbsenceRepository, useClass: SqlAbsenceRepository },
    TeacherAccess,
    RecordEstablishment,
    ManageAbsences,
    ImportEstablishment,
    ImportAbsences,
    AppointmentRules,
    RegisterSchool,
    UpdateSchool,
    ConfirmArrival,
    ManagePosts,
    CarryForwardQuotas,
    RegisterTeacher,
    UpdateTeacher,
    AppointTeacher,
    EndAppointment,
    CorrectAppointment,
    ApplyApprovedMove,
    ApplyApprovedPlan,
    ApplyPlanAmendment,
    OverviewQuery,
    ImportSchools,
    ImportQuotas,
    ImportTeachers,
    RosterExport,
    SetPolicyValue,
    PolicyValuesQuery,
  ],
})
export class StaffingModule {}
