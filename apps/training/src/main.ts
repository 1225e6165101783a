import { runService } from '@app/runtime';
import { trainingService } from './training.service';

void runService(trainingService);
