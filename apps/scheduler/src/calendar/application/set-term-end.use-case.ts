import { Injectable } from '@nestjs/common';
import { AuditTrail, type Actor } from '@app/audit';
import { UnitOfWork } from '@app/runtime';
import { TermRepository, type TermRow } from '../../jobs/application/run.repository';

/** HR sets when a county's term ends (the term-end review runs the day after); audited. */
@Injectable()
export class SetTermEnd {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly terms: TermRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, t: TermRow): Promise<TermRow> {
    return this.uow.run(async (m) => {
      const { before, after } = await this.terms.set(m, t);
      await this.audit.record(m, { actor, countyCode: t.countyCode, action: 'term.set', entityType: 'term', entityId: `${t.countyCode}:${t.schoolYear}:${t.term}`, before, after });
      return after;
    });
  }

  list(countyCode: string): Promise<TermRow[]> {
    return this.terms.list(this.uow.reader, countyCode);
  }
}
