import { Module } from '@nestjs/common';
import { UnitOfWork } from '@app/runtime';
import { CalendarController } from './calendar/interface/calendar.controller';
import { DispatchPlanner } from './jobs/application/dispatch-planner';
import { RunCounty } from './jobs/application/run-county.service';
import { JobQueue } from './jobs/infrastructure/job-queue';
import { QueueDashboard } from './jobs/interface/queue-dashboard';
import { RunsController } from './jobs/interface/runs.controller';
import { ReviewCounty } from './obligations/application/review-county.service';
import { CountyFactsQuery } from './obligations/infrastructure/county-facts.query';
import { ObligationsController } from './obligations/interface/obligations.controller';
import { ReadModelStore } from './read-model/infrastructure/read-model.store';
import { StaffingEventsHandler } from './read-model/interface/staffing-events.handler';
import { SchoolEventsHandler } from './schools/interface/school-events.handler';

@Module({
  controllers: [SchoolEventsHandler, StaffingEventsHandler, RunsController, ObligationsController, CalendarController],
  providers: [UnitOfWork, ReadModelStore, CountyFactsQuery, ReviewCounty, RunCounty, DispatchPlanner, JobQueue, QueueDashboard],
})
export class SchedulerModule {}
