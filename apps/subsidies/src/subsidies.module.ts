import { Module } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { PolicyCopyModule, UnitOfWork } from '@app/runtime';
import { BatchRepository } from './batches/application/batch.repository';
import { PaymentBatches } from './batches/application/payment-batches.use-case';
import { SqlBatchRepository } from './batches/infrastructure/batch.repository.sql';
import { BatchesController } from './batches/interface/batches.controller';
import { AccrueMonth } from './ledger/application/accrue-month.use-case';
import { LedgerFacts } from './ledger/application/ledger-facts';
import { LedgerReports } from './ledger/application/ledger-reports';
import { LedgerViews } from './ledger/application/ledger-views.service';
import { LedgerRepository } from './ledger/application/ledger.repository';
import { RecomputeLedger } from './ledger/application/recompute.service';
import { SqlLedgerFacts } from './ledger/infrastructure/ledger-facts.sql';
import { SqlLedgerReports } from './ledger/infrastructure/ledger-reports.sql';
import { SqlLedgerRepository } from './ledger/infrastructure/ledger.repository.sql';
import { AuditController } from './ledger/interface/audit.controller';
import { LedgerController } from './ledger/interface/ledger.controller';
import { MonthClosedHandler } from './ledger/interface/month-closed.handler';
import { IngestFacts } from './read-model/application/ingest-facts.service';
import { ReadModelStore } from './read-model/infrastructure/read-model.store';
import { StaffingEventsHandler } from './read-model/interface/staffing-events.handler';
import { PublishSchemeVersion } from './scheme/application/publish-scheme-version.use-case';
import { SchemeRepository } from './scheme/application/scheme.repository';
import { SqlSchemeRepository } from './scheme/infrastructure/scheme.repository.sql';
import { SchemeController } from './scheme/interface/scheme.controller';
import { RemoteSchoolStore } from './schools/infrastructure/remote-school.store';
import { SchoolEventsHandler } from './schools/interface/school-events.handler';
import { SchoolsController } from './schools/interface/schools.controller';
import { Statements } from './statements/application/statements.service';
import { StatementsController } from './statements/interface/statements.controller';

/** The subsidies bounded context (R9): scheme, ledger, batches, statements, and its read model of staffing. */
@Module({
  imports: [PolicyCopyModule.forSchema('subsidies')],
  controllers: [
    SchoolEventsHandler,
    StaffingEventsHandler,
    MonthClosedHandler,
    SchoolsController,
    SchemeController,
    LedgerController,
    BatchesController,
    StatementsController,
    AuditController,
  ],
  providers: [
    UnitOfWork,
    { provide: AuditTrail, useValue: new AuditTrail('subsidies') },
    { provide: LedgerRepository, useClass: SqlLedgerRepository },
    { provide: LedgerFacts, useClass: SqlLedgerFacts },
    { provide: LedgerReports, useClass: SqlLedgerReports },
    { provide: SchemeRepository, useClass: SqlSchemeRepository },
    { provide: BatchRepository, useClass: SqlBatchRepository },
    RemoteSchoolStore,
    ReadModelStore,
    IngestFacts,
    AccrueMonth,
    RecomputeLedger,
    LedgerViews,
    PublishSchemeVersion,
    PaymentBatches,
    Statements,
  ],
})
export class SubsidiesModule {}
