import type { Provider } from '@nestjs/common';
import { ComputeHints } from './application/compute-hints.use-case';
import { HintQueue, HintRepository } from './application/hint.repository';
import { ReadHints } from './application/read-hints.use-case';
import { BullHintQueue, HintWorker } from './infrastructure/hint-jobs';
import { SqlHintRepository } from './infrastructure/hint.repository.sql';

export { HintsController } from './interface/hints.controller';

/** The hints module's providers, listed here so rotation.module.ts names the module once. */
export const HINTS_PROVIDERS: Provider[] = [
  { provide: HintRepository, useClass: SqlHintRepository },
  BullHintQueue,
  { provide: HintQueue, useExisting: BullHintQueue },
  HintWorker,
  ComputeHints,
  ReadHints,
];
