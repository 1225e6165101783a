import { Module } from '@nestjs/common';
import { TrainingSchoolStore } from './schools/infrastructure/training-school.store';
import { SchoolEventsHandler } from './schools/interface/school-events.handler';
import { SchoolsController } from './schools/interface/schools.controller';

@Module({ controllers: [SchoolEventsHandler, SchoolsController], providers: [TrainingSchoolStore] })
export class TrainingModule {}
