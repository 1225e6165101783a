import type { ServiceDefinition } from '@app/runtime';
import { TrainingInit1764400000000 } from './migrations/1764400000000-training-init';
import { TrainingModule } from './training.module';

export const trainingService: ServiceDefinition = {
  name: 'training',
  title: 'Training credits service',
  description: 'Trainings, research activities and visits, attendance, credits, stage progression and R6-R8 compliance (R12 growth path).',
  defaultPort: 3004,
  schema: 'training',
  module: TrainingModule,
  migrations: [TrainingInit1764400000000],
  consumes: ['staffing.schools', 'staffing.teachers'],
  usesRedis: false,
};
