import { runService } from '@app/runtime';
import { rotationService } from './rotation.service';

void runService(rotationService);
