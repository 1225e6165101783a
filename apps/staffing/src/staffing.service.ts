import { policyValuesMigration, type ServiceDefinition } from '@app/runtime';
import { CSV_MIME, XLSX_MIME } from '@app/spreadsheet';
import { StaffingInit1764400000000 } from './migrations/1764400000000-staffing-init';
import { StaffingModel1764500000000 } from './migrations/1764500000000-staffing-model';
import { StaffingKindergartens1764800000000 } from './migrations/1764800000000-staffing-kindergartens';
import { StaffingEstablishmentAbsences1765100000000 } from './migrations/1765100000000-staffing-establishment-absences';
import { StaffingPlans1765200000000 } from './migrations/1765200000000-staffing-plans';
import { StaffingContacts1765300000100 } from './migrations/1765300000100-staffing-contacts';
import { StaffingAmendments1766000000000 } from './migrations/1766000000000-staffing-amendments';
import { StaffingModule } from './staffing.module';

export const staffingService: ServiceDefinition = {
  name: 'staffing',
  title: 'Staffing service (县管校聘)',
  description: 'Counties, schools, posts and quotas, teachers (with establishment types and absences) and appointments: the source of truth for who teaches where.',
  defaultPort: 3001,
  schema: 'staffing',
  module: StaffingModule,
  migrations: [StaffingInit1764400000000, StaffingModel1764500000000, StaffingKindergartens1764800000000, policyValuesMigration('staffing'), StaffingEstablishmentAbsences1765100000000, StaffingPlans1765200000000, StaffingContacts1765300000100, StaffingAmendments1766000000000],
  consumes: ['rotation.moves', 'rotation.plans'],
  usesRedis: false,
  uploadContentTypes: [XLSX_MIME, CSV_MIME, 'application/csv'],
};
