import { Module } from '@nestjs/common';
import { RemoteSchoolStore } from './schools/infrastructure/remote-school.store';
import { SchoolEventsHandler } from './schools/interface/school-events.handler';
import { SchoolsController } from './schools/interface/schools.controller';

@Module({ controllers: [SchoolEventsHandler, SchoolsController], providers: [RemoteSchoolStore] })
export class SubsidiesModule {}
