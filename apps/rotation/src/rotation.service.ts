import type { ServiceDefinition } from '@app/runtime';
import { RotationInit1764400000000 } from './migrations/1764400000000-rotation-init';
import { RotationCycles1764700000000 } from './migrations/1764700000000-rotation-cycles';
import { RotationModule } from './rotation.module';

export const rotationService: ServiceDefinition = {
  name: 'rotation',
  title: 'Rotation service (交流轮岗)',
  description: 'Annual rotation cycles per county, teacher preferences and the planner that meets the 5% quota (R1-R4, R11).',
  defaultPort: 3002,
  schema: 'rotation',
  module: RotationModule,
  migrations: [RotationInit1764400000000, RotationCycles1764700000000],
  consumes: ['staffing.schools', 'staffing.teachers', 'staffing.posts', 'staffing.appointments', 'scheduler.obligations'],
  usesRedis: false,
};
