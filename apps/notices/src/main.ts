import { runService } from '@app/runtime';
import { noticesService } from './notices.service';

void runService(noticesService);
