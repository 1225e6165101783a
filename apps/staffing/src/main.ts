import { runService } from '@app/runtime';
import { staffingService } from './staffing.service';

void runService(staffingService);
