import { Module } from '@nestjs/common';
import { AmendPlan } from './appeals/application/amend-plan.use-case';
import { AmendmentFactsRepository } from './appeals/application/amendment-facts.repository';
import { AmendmentRepository } from './appeals/application/amendment.repository';
import { AppealRepository } from './appeals/application/appeal.repository';
import { Appeals } from './appeals/application/appeals.use-case';
import { ImportCalendar } from './appeals/application/import-calendar.use-case';
import { WorkingCalendarRepository } from './appeals/application/working-calendar.repository';
import { WorkingCalendarService } from './appeals/application/working-calendar.use-case';
import { SqlAmendmentFactsRepository } from './appeals/infrastructure/amendment-facts.repository.sql';
import { SqlAmendmentRepository } from './appeals/infrastructure/amendment.repository.sql';
import { SqlAppealRepository } from './appeals/infrastructure/appeal.repository.sql';
import { SqlWorkingCalendarRepository } from './appeals/infrastructure/working-calendar.repository.sql';
import { AppealsController, MyAppealsController } from './appeals/interface/appeals.controller';
import { CalendarController } from './appeals/interface/calendar.controller';
import { AuditTrail } from '@app/audit';
import { PolicyCopyModule, UnitOfWork } from '@app/runtime';
import { Clock, SystemClock } from './cycles/application/clock';
import { CycleRepository } from './cycles/application/cycle.repository';
import { ManageCycles } from './cycles/application/manage-cycles.use-case';
import { PreferenceRepository } from './cycles/application/preference.repository';
import { TeacherCycle } from './cycles/application/teacher-cycle.use-case';
import { SqlCycleRepository } from './cycles/infrastructure/cycle.repository.sql';
import { SqlPreferenceRepository } from './cycles/infrastructure/preference.repository.sql';
import { CyclesController, MyCyclesController } from './cycles/interface/cycles.controller';
import { TeacherFactsRepository } from './eligibility/application/teacher-facts.repository';
import { HINTS_PROVIDERS, HintsController } from './hints/hints.providers';
import { SqlTeacherFactsRepository } from './eligibility/infrastructure/teacher-facts.repository.sql';
import { ApprovalRecords } from './plans/application/approval-records.service';
import { ApprovedPlanRepository } from './plans/application/approved-plan.repository';
import { CyclePlans } from './plans/application/cycle-plans.use-case';
import { PlanExport } from './plans/application/plan-export';
import { PinRepository, PlanRepository } from './plans/application/plan.repository';
import { PlannerFactsRepository } from './plans/application/planner-facts.repository';
import { PlanSolver } from './plans/application/solve-protocol';
import { SolvePlans } from './plans/application/solve-plans.use-case';
import { SolveRepository } from './plans/application/solve.repository';
import { SqlApprovedPlanRepository } from './plans/infrastructure/approved-plan.repository.sql';
import { SqlPinRepository, SqlPlanRepository } from './plans/infrastructure/plan.repository.sql';
import { SqlPlannerFactsRepository } from './plans/infrastructure/planner-facts.repository.sql';
import { SqlSolveRepository } from './plans/infrastructure/solve.repository.sql';
import { SolverPool } from './plans/infrastructure/solver-pool';
import { PlanTargetsController, PlansController } from './plans/interface/plans.controller';
import { RotationReadModelStore } from './read-model/infrastructure/read-model.store';
import { ReadModelHandler } from './read-model/interface/read-model.handler';
import { PlanningSchoolStore } from './schools/infrastructure/planning-school.store';
import { SchoolEventsHandler } from './schools/interface/school-events.handler';
import { SchoolsController } from './schools/interface/schools.controller';

@Module({
  imports: [PolicyCopyModule.forSchema('rotation')],
  controllers: [SchoolEventsHandler, ReadModelHandler, SchoolsController, CyclesController, MyCyclesController, PlansController, PlanTargetsController, MyAppealsController, AppealsController, CalendarController, HintsController],
  providers: [
    UnitOfWork,
    { provide: AuditTrail, useValue: new AuditTrail('rotation') },
    { provide: CycleRepository, useClass: SqlCycleRepository },
    { provide: PreferenceRepository, useClass: SqlPreferenceRepository },
    { provide: TeacherFactsRepository, useClass: SqlTeacherFactsRepository },
    { provide: PlanRepository, useClass: SqlPlanRepository },
    { provide: PinRepository, useClass: SqlPinRepository },
    { provide: PlannerFactsRepository, useClass: SqlPlannerFactsRepository },
    { provide: SolveRepository, useClass: SqlSolveRepository },
    { provide: PlanSolver, useClass: SolverPool },
    { provide: ApprovedPlanRepository, useClass: SqlApprovedPlanRepository },
    { provide: Clock, useClass: SystemClock },
    ApprovalRecords,
    PlanningSchoolStore,
    RotationReadModelStore,
    ManageCycles,
    TeacherCycle,
    CyclePlans,
    SolvePlans,
    PlanExport,
    // appeals of approved moves and the working-day calendar (issue #13)
    { provide: AppealRepository, useClass: SqlAppealRepository },
    { provide: AmendmentRepository, useClass: SqlAmendmentRepository },
    { provide: AmendmentFactsRepository, useClass: SqlAmendmentFactsRepository },
    { provide: WorkingCalendarRepository, useClass: SqlWorkingCalendarRepository },
    WorkingCalendarService,
    ImportCalendar,
    Appeals,
    AmendPlan,
    // achievable-school hints (issue #13)
    ...HINTS_PROVIDERS,
  ],
})
export class RotationModule {}
