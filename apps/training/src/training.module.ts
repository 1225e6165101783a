import { Module } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { PolicyCopyModule, UnitOfWork } from '@app/runtime';
import { ActivityRepository } from './activities/application/activity.repository';
import { ImportActivities } from './activities/application/import-activities.use-case';
import { ManageActivities } from './activities/application/manage-activities.use-case';
import { SqlActivityRepository } from './activities/infrastructure/activity.repository.sql';
import { ActivitiesController } from './activities/interface/activities.controller';
import { ImportsController } from './activities/interface/imports.controller';
import { AttendanceRepository } from './attendance/application/attendance.repository';
import { ConfirmActivity } from './attendance/application/confirm-activity.use-case';
import { ImportAttendance } from './attendance/application/import-attendance.use-case';
import { SqlAttendanceRepository } from './attendance/infrastructure/attendance.repository.sql';
import { ComplianceRepository } from './compliance/application/compliance.repository';
import { ComplianceViews } from './compliance/application/compliance-views.service';
import { EvaluateCompliance } from './compliance/application/evaluate-compliance.use-case';
import { SqlComplianceRepository } from './compliance/infrastructure/compliance.repository.sql';
import { ComplianceController } from './compliance/interface/compliance.controller';
import { TermClosedHandler } from './compliance/interface/term-closed.handler';
import { CreditLedger } from './credits/application/credit-ledger';
import { SqlCreditLedger } from './credits/infrastructure/credit-ledger.sql';
import { GrowthRepository } from './growth/application/growth.repository';
import { ManageGrowth } from './growth/application/manage-growth.use-case';
import { SqlGrowthRepository } from './growth/infrastructure/growth.repository.sql';
import { TrainingSchoolStore } from './schools/infrastructure/training-school.store';
import { SchoolEventsHandler } from './schools/interface/school-events.handler';
import { SchoolsController } from './schools/interface/schools.controller';
import { TeacherDirectory } from './teachers/application/teacher-directory';
import { TeacherRecords } from './teachers/application/teacher-record.service';
import { SqlTeacherDirectory } from './teachers/infrastructure/teacher-directory.sql';
import { StaffingEventsHandler } from './teachers/interface/staffing-events.handler';
import { TeachersController } from './teachers/interface/teachers.controller';

/** The training bounded context: activities, attendance, credits, compliance (R6–R8), growth path (R12). */
@Module({
  imports: [PolicyCopyModule.forSchema('training')],
  controllers: [SchoolEventsHandler, StaffingEventsHandler, TermClosedHandler, SchoolsController, ActivitiesController, ImportsController, ComplianceController, TeachersController],
  providers: [
    UnitOfWork,
    { provide: AuditTrail, useValue: new AuditTrail('training') },
    { provide: TeacherDirectory, useClass: SqlTeacherDirectory },
    { provide: ActivityRepository, useClass: SqlActivityRepository },
    { provide: AttendanceRepository, useClass: SqlAttendanceRepository },
    { provide: CreditLedger, useClass: SqlCreditLedger },
    { provide: ComplianceRepository, useClass: SqlComplianceRepository },
    { provide: GrowthRepository, useClass: SqlGrowthRepository },
    TrainingSchoolStore,
    ManageActivities,
    ImportActivities,
    ImportAttendance,
    ConfirmActivity,
    EvaluateCompliance,
    ComplianceViews,
    ManageGrowth,
    TeacherRecords,
  ],
})
export class TrainingModule {}
