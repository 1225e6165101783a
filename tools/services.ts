import type { ServiceDefinition } from '@app/runtime';
import { noticesService } from '../apps/notices/src/notices.service';
import { rotationService } from '../apps/rotation/src/rotation.service';
import { schedulerService } from '../apps/scheduler/src/scheduler.service';
import { staffingService } from '../apps/staffing/src/staffing.service';
import { subsidiesService } from '../apps/subsidies/src/subsidies.service';
import { trainingService } from '../apps/training/src/training.service';

/** Every service, in start-up order. */
export const SERVICES: ServiceDefinition[] = [staffingService, rotationService, subsidiesService, trainingService, schedulerService, noticesService];
