import { policyValuesMigration, type ServiceDefinition } from '@app/runtime';
import { CSV_MIME, XLSX_MIME } from '@app/spreadsheet';
import { TrainingInit1764400000000 } from './migrations/1764400000000-training-init';
import { TrainingModel1765000000000 } from './migrations/1765000000000-training-model';
import { TrainingModule } from './training.module';

export const trainingService: ServiceDefinition = {
  name: 'training',
  title: 'Training credits service',
  description: 'Trainings, research activities and visits, attendance, credits, stage progression and R6-R8 compliance (R12 growth path).',
  defaultPort: 3004,
  schema: 'training',
  module: TrainingModule,
  migrations: [TrainingInit1764400000000, TrainingModel1765000000000, policyValuesMigration('training')],
  consumes: ['staffing.schools', 'staffing.teachers', 'staffing.appointments', 'scheduler.calendar', 'staffing.policy'],
  usesRedis: false,
  uploadContentTypes: [XLSX_MIME, CSV_MIME, 'application/csv'],
};
