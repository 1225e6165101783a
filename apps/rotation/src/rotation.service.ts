import { policyValuesMigration, type ServiceDefinition } from '@app/runtime';
import { CSV_MIME, XLSX_MIME } from '@app/spreadsheet';
import { RotationInit1764400000000 } from './migrations/1764400000000-rotation-init';
import { RotationCycles1764700000000 } from './migrations/1764700000000-rotation-cycles';
import { RotationSolves1765100000100 } from './migrations/1765100000100-rotation-solves';
import { RotationAppointmentShares1765200000100 } from './migrations/1765200000100-rotation-appointment-shares';
import { RotationHints1765400000300 } from './migrations/1765400000300-rotation-hints';
import { RotationAppeals1766000000100 } from './migrations/1766000000100-rotation-appeals';
import { RotationModule } from './rotation.module';

export const rotationService: ServiceDefinition = {
  name: 'rotation',
  title: 'Rotation service (交流轮岗)',
  description: 'Annual rotation cycles per county, teacher preferences and the planner that meets the 5% quota (R1-R4, R11).',
  defaultPort: 3002,
  schema: 'rotation',
  module: RotationModule,
  migrations: [RotationInit1764400000000, RotationCycles1764700000000, policyValuesMigration('rotation'), RotationSolves1765100000100, RotationAppointmentShares1765200000100, RotationHints1765400000300, RotationAppeals1766000000100],
  consumes: ['staffing.schools', 'staffing.teachers', 'staffing.posts', 'staffing.appointments', 'scheduler.obligations', 'staffing.policy'],
  // BullMQ: the nightly achievable-school hints (apps/rotation/src/hints)
  usesRedis: true,
  // the holiday calendar's import, and an appeal's attachments (issue #13)
  uploadContentTypes: [XLSX_MIME, CSV_MIME, 'application/csv', 'application/pdf', 'image/png', 'image/jpeg'],
};
