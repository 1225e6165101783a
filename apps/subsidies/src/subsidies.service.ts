import { policyValuesMigration, type ServiceDefinition } from '@app/runtime';
import { SubsidiesInit1764400000000 } from './migrations/1764400000000-subsidies-init';
import { SubsidiesLedger1765100000000 } from './migrations/1765100000000-subsidies-ledger';
import { SubsidiesModule } from './subsidies.module';

export const subsidiesService: ServiceDefinition = {
  name: 'subsidies',
  title: 'Rural teacher subsidies service',
  description:
    'The living subsidy for teachers at mountain and remote rural schools (R9): dated county schemes (tier × band tables), the monthly ledger prorated by day, corrections by reversal, payment batches with four-eyes approval, statements and payroll export.',
  defaultPort: 3003,
  schema: 'subsidies',
  module: SubsidiesModule,
  migrations: [SubsidiesInit1764400000000, policyValuesMigration('subsidies'), SubsidiesLedger1765100000000],
  consumes: ['staffing.schools', 'staffing.teachers', 'staffing.appointments', 'staffing.absences', 'scheduler.calendar', 'staffing.policy'],
  usesRedis: false,
};
