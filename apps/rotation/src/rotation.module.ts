import { Module } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { UnitOfWork } from '@app/runtime';
import { ManageCycles } from './cycles/application/manage-cycles.use-case';
import { CycleRepository } from './cycles/infrastructure/cycle.repository';
import { CyclesController } from './cycles/interface/cycles.controller';
import { CyclePlans } from './plans/application/cycle-plans.use-case';
import { PlannerInputBuilder } from './plans/application/planner-input.builder';
import { PlanExport } from './plans/application/plan-export';
import { PlansController } from './plans/interface/plans.controller';
import { ReadModelHandler } from './read-model/interface/read-model.handler';
import { PlanningSchoolStore } from './schools/infrastructure/planning-school.store';
import { SchoolEventsHandler } from './schools/interface/school-events.handler';
import { SchoolsController } from './schools/interface/schools.controller';

@Module({
  controllers: [SchoolEventsHandler, ReadModelHandler, SchoolsController, CyclesController, PlansController],
  providers: [UnitOfWork, { provide: AuditTrail, useValue: new AuditTrail('rotation') }, PlanningSchoolStore, CycleRepository, ManageCycles, PlannerInputBuilder, CyclePlans, PlanExport],
})
export class RotationModule {}
