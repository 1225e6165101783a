import { Module } from '@nestjs/common';
import { CountyTargets } from './obligations/application/county-targets.use-case';
import { TargetsController } from './obligations/interface/targets.controller';
import { AuditTrail } from '@app/audit';
import { PolicyCopyModule, UnitOfWork } from '@app/runtime';
import { SetTermEnd } from './calendar/application/set-term-end.use-case';
import { CalendarController } from './calendar/interface/calendar.controller';
import { DispatchPlanner } from './jobs/application/dispatch-planner';
import { OperateRuns, RunQueue } from './jobs/application/operate-runs.use-case';
import { RunCounty } from './jobs/application/run-county.service';
import { RunRepository, TermRepository } from './jobs/application/run.repository';
import { JobQueue } from './jobs/infrastructure/job-queue';
import { SqlRunRepository, SqlTermRepository } from './jobs/infrastructure/run.repository.sql';
import { QueueDashboard } from './jobs/interface/queue-dashboard';
import { RunsController } from './jobs/interface/runs.controller';
import { ExemptionRepository, ObligationRepository } from './obligations/application/exemption.repository';
import { RecordExemption } from './obligations/application/record-exemption.use-case';
import { ReviewCounty } from './obligations/application/review-county.service';
import { CountyFactsQuery } from './obligations/infrastructure/county-facts.query';
import { SqlExemptionRepository, SqlObligationRepository } from './obligations/infrastructure/exemption.repository.sql';
import { ObligationsController } from './obligations/interface/obligations.controller';
import { ReadModelStore } from './read-model/infrastructure/read-model.store';
import { StaffingEventsHandler } from './read-model/interface/staffing-events.handler';
import { SchoolEventsHandler } from './schools/interface/school-events.handler';

@Module({
  imports: [PolicyCopyModule.forSchema('scheduler')],
  controllers: [SchoolEventsHandler, StaffingEventsHandler, RunsController, ObligationsController, TargetsController, CalendarController],
  providers: [
    UnitOfWork,
    { provide: AuditTrail, useValue: new AuditTrail('scheduler') },
    { provide: RunRepository, useClass: SqlRunRepository },
    { provide: TermRepository, useClass: SqlTermRepository },
    { provide: ExemptionRepository, useClass: SqlExemptionRepository },
    { provide: ObligationRepository, useClass: SqlObligationRepository },
    ReadModelStore,
    CountyFactsQuery,
    ReviewCounty,
    RunCounty,
    DispatchPlanner,
    JobQueue,
    { provide: RunQueue, useExisting: JobQueue },
    OperateRuns,
    CountyTargets,
    RecordExemption,
    SetTermEnd,
    QueueDashboard,
  ],
})
export class SchedulerModule {}
