import type { ServiceDefinition } from '@app/runtime';
import { SubsidiesInit1764400000000 } from './migrations/1764400000000-subsidies-init';
import { SubsidiesModule } from './subsidies.module';

export const subsidiesService: ServiceDefinition = {
  name: 'subsidies',
  title: 'Rural teacher subsidies service',
  description: 'Remoteness tiers and amounts, the monthly living-subsidy ledger, payment batches and statements (R9).',
  defaultPort: 3003,
  schema: 'subsidies',
  module: SubsidiesModule,
  migrations: [SubsidiesInit1764400000000],
  consumes: ['staffing.schools', 'staffing.appointments'],
  usesRedis: false,
};
