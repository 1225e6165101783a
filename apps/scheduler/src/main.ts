import { runService } from '@app/runtime';
import { schedulerService } from './scheduler.service';

void runService(schedulerService);
