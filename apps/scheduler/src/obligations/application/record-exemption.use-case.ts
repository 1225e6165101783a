import { Injectable } from '@nestjs/common';
import { ExemptionRecorded } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { DomainError } from '@app/errors';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { ExemptionRepository, ObligationRepository, type ObligationFilter, type RecordedExemptionRow } from './exemption.repository';

export class ExemptionTeacherUnknown extends DomainError {
  constructor(teacherId: string, countyCode: string) {
    super('SCHEDULER.TEACHER_NOT_FOUND', 'not_found', `no teacher ${teacherId} in ${countyCode} (as staffing announced them); check the teacher and the county`, { teacherId, countyCode });
  }
}

/**
 * HR records an exemption (health, maternity…) with its reason and expiry: stored, audited and announced
 * (scheduler.ExemptionRecorded, which rotation applies too) in one transaction. The next review resolves the
 * teacher's obligations with the reason.
 */
@Injectable()
export class RecordExemption {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly exemptions: ExemptionRepository,
    private readonly obligations: ObligationRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, e: { teacherId: string; countyCode: string; reason: string; from: string; until: string }): Promise<RecordedExemptionRow> {
    return this.uow.run(async (m) => {
      if (!(await this.exemptions.teacherInCounty(m, e.teacherId, e.countyCode))) throw new ExemptionTeacherUnknown(e.teacherId, e.countyCode);
      const row = await this.exemptions.insert(m, { ...e, recordedBy: actor.subject });
      await this.outbox.add(m, ExemptionRecorded, { exemptionId: row.id, teacherId: row.teacherId, countyCode: row.countyCode, reason: row.reason, from: row.from, until: row.until });
      await this.audit.record(m, { actor, countyCode: row.countyCode, action: 'exemption.record', entityType: 'exemption', entityId: row.id, before: null, after: row });
      return row;
    });
  }

  list(countyCode: string | undefined, limit: number, offset: number): Promise<RecordedExemptionRow[]> {
    return this.exemptions.list(this.uow.reader, countyCode, limit, offset);
  }

  obligationsOf(f: ObligationFilter) {
    return this.obligations.list(this.uow.reader, f);
  }
}
