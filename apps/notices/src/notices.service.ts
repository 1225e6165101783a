import type { ServiceDefinition } from '@app/runtime';
import { NoticesInit1765300000000 } from './migrations/1765300000000-notices-init';
import { NoticesAmendments1766100000000 } from './migrations/1766100000000-notices-amendments';
import { NoticesPolicyValues1766100000100 } from './migrations/1766100000100-notices-policy-values';
import { NoticesModule } from './notices.module';

export const noticesService: ServiceDefinition = {
  name: 'notices',
  title: 'Notices service',
  description:
    'Tells people what happens to them: notices of decisions and deadlines per person (inbox), in Chinese or English, delivered in-app, by e-mail (SMTP) and SMS, with retries; preference-deadline reminders (days before the deadline: dated policy values).',
  defaultPort: 3006,
  schema: 'notices',
  module: NoticesModule,
  migrations: [NoticesInit1765300000000, NoticesAmendments1766100000000, NoticesPolicyValues1766100000100],
  consumes: [
    'staffing.schools',
    'staffing.teachers',
    'staffing.appointments',
    'staffing.contacts',
    'rotation.plans',
    'rotation.cycles',
    'rotation.appeals',
    'scheduler.obligations',
    'subsidies.ledger',
    'training.compliance',
    'staffing.policy',
  ],
  usesRedis: true,
};
