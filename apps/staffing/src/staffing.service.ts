import type { ServiceDefinition } from '@app/runtime';
import { CSV_MIME, XLSX_MIME } from '@app/spreadsheet';
import { StaffingInit1764400000000 } from './migrations/1764400000000-staffing-init';
import { StaffingModel1764500000000 } from './migrations/1764500000000-staffing-model';
import { StaffingModule } from './staffing.module';

export const staffingService: ServiceDefinition = {
  name: 'staffing',
  title: 'Staffing service (县管校聘)',
  description: 'Counties, schools, posts and quotas, teachers and appointments: the source of truth for who teaches where.',
  defaultPort: 3001,
  schema: 'staffing',
  module: StaffingModule,
  migrations: [StaffingInit1764400000000, StaffingModel1764500000000],
  consumes: ['rotation.moves'],
  usesRedis: false,
  uploadContentTypes: [XLSX_MIME, CSV_MIME, 'application/csv'],
};
