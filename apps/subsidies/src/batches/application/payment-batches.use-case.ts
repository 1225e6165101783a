import { Injectable } from '@nestjs/common';
import { BatchApproved, BatchPaid } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { DomainError } from '@app/platform';
import { policyValue, type PolicyKey, type PolicyValue } from '@app/policy';
import { UnitOfWork, PolicyValuesStore } from '@app/runtime';
import { todayInShanghai } from '../../ledger/domain/calendar';
import { BatchNotFound, NothingToPay, nextStatus, provinceShareFen, reconcile, type Batch, type BatchAction } from '../domain/batch';
import { BatchRepository } from './batch.repository';

export class BatchExists extends DomainError {
  constructor(countyCode: string, period: string) {
    super('SUBSIDIES.BATCH_EXISTS', 'conflict', `${countyCode} already has a payment batch for ${period}; withdraw it or draft the next period`, { countyCode, period });
  }
}

export class StaleBatch extends DomainError {
  constructor(id: string) {
    super('SUBSIDIES.STALE_VERSION', 'conflict', `batch ${id} was changed by someone else; reload it and try again`, { batchId: id });
  }
}

/** The province's share of the county's cost, as a fraction, in force on the first day of a month (the policy values in force then). */
export function provinceShare(countyCode: string, month: string, values: readonly PolicyValue[]): number {
  return policyValue(`R9.province_share.${countyCode}` as PolicyKey, `${month}-01`, values);
}

/**
 * Payment batches: drafted from the county's unpaid lines and adjustments, published for review (公示),
 * approved by a second officer (four eyes), exported for payroll, marked paid (which locks them). Every
 * step sends the version read (409 when stale), is audited, and approval and payment are announced.
 */
@Injectable()
export class PaymentBatches {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly policy: PolicyValuesStore,
    private readonly batches: BatchRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async draft(actor: Actor, input: { countyCode: string; period: string; note: string | null }): Promise<Batch> {
    return this.uow.run(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`subsidies.batch:${input.countyCode}:${input.period}`]);
      if (await this.batches.liveFor(m, input.countyCode, input.period)) throw new BatchExists(input.countyCode, input.period);
      const batch = await this.batches.draft(m, input.countyCode, input.period, actor.subject, input.note);
      if (!batch) throw new NothingToPay(input.countyCode, input.period);
      await this.audit.record(m, { actor, countyCode: batch.countyCode, action: 'batch.draft', entityType: 'batch', entityId: batch.id, before: null, after: batch });
      return batch;
    });
  }

  async step(actor: Actor, id: string, action: BatchAction, version: number, authorize: (countyCode: string) => void, extra: { payrollReference?: string } = {}): Promise<Batch> {
    return this.uow.run(async (m) => {
      const before = await this.batches.findById(m, id);
      if (!before) throw new BatchNotFound(id);
      authorize(before.countyCode);
      const status = nextStatus(before, action, actor.subject);
      const after = await this.batches.step(m, id, version, status, actor.subject, extra);
      if (!after) throw new StaleBatch(id);
      if (action === 'withdraw') await this.batches.release(m, id);
      const share = provinceShareFen(after.totalFen, provinceShare(after.countyCode, after.period, await this.policy.values(m)));
      const facts = { batchId: id, countyCode: after.countyCode, period: after.period, lines: after.lines, teachers: after.teachers, totalFen: after.totalFen, provinceShareFen: share };
      if (action === 'approve') await this.outbox.add(m, BatchApproved, { ...facts, draftedBy: after.draftedBy, approvedBy: actor.subject });
      if (action === 'pay') await this.outbox.add(m, BatchPaid, { ...facts, payrollReference: extra.payrollReference!, paidOn: todayInShanghai() });
      await this.audit.record(m, { actor, countyCode: after.countyCode, action: `batch.${action}`, entityType: 'batch', entityId: id, before, after });
      return after;
    });
  }

  /** The batch with its totals: per school, per tier, the province's share, and whether they reconcile. */
  async view(id: string, authorize: (countyCode: string) => void) {
    const m = this.uow.reader;
    const batch = await this.batches.findById(m, id);
    if (!batch) throw new BatchNotFound(id);
    authorize(batch.countyCode);
    const totals = await this.batches.totals(m, id);
    const share = provinceShare(batch.countyCode, batch.period, await this.policy.values(m));
    return {
      ...batch,
      totals: { ...totals, ...reconcile(batch.totalFen, totals) },
      provinceShare: { share, fen: provinceShareFen(totals.totalFen, share), countyFen: totals.totalFen - provinceShareFen(totals.totalFen, share) },
    };
  }
}
