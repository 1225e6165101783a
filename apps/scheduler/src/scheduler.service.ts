import { policyValuesMigration, type ServiceDefinition } from '@app/runtime';
import { SchedulerInit1764400000000 } from './migrations/1764400000000-scheduler-init';
import { SchedulerModel1764600000000 } from './migrations/1764600000000-scheduler-model';
import { SchedulerMoveOutcomes1765100000100 } from './migrations/1765100000100-scheduler-move-outcomes';
import { SchedulerCancelledMoves1766000000200 } from './migrations/1766000000200-scheduler-cancelled-moves';
import { SchedulerModule } from './scheduler.module';

export const schedulerService: ServiceDefinition = {
  name: 'scheduler',
  title: 'Scheduler service',
  description: 'BullMQ term-end, monthly and daily jobs enforcing the 12-year leader tenure (R2) and 1-year placement (R3) rules and watching the 5% quota (R1).',
  defaultPort: 3005,
  schema: 'scheduler',
  module: SchedulerModule,
  migrations: [SchedulerInit1764400000000, SchedulerModel1764600000000, policyValuesMigration('scheduler'), SchedulerMoveOutcomes1765100000100, SchedulerCancelledMoves1766000000200],
  consumes: ['staffing.schools', 'staffing.teachers', 'staffing.appointments', 'rotation.moves', 'rotation.plans', 'staffing.policy'],
  usesRedis: true,
};
