import { Module } from '@nestjs/common';
import { PlanningSchoolStore } from './schools/infrastructure/planning-school.store';
import { SchoolEventsHandler } from './schools/interface/school-events.handler';
import { SchoolsController } from './schools/interface/schools.controller';

@Module({ controllers: [SchoolEventsHandler, SchoolsController], providers: [PlanningSchoolStore] })
export class RotationModule {}
