import { Module } from '@nestjs/common';
import { SchoolEventsHandler } from './schools/interface/school-events.handler';

@Module({ controllers: [SchoolEventsHandler] })
export class SchedulerModule {}
