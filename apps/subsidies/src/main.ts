import { runService } from '@app/runtime';
import { subsidiesService } from './subsidies.service';

void runService(subsidiesService);
