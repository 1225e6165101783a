import { DomainError } from '@app/errors';
import { roundHalfUp } from '../../ledger/domain/accrual';

/**
 * A payment batch per county and period: draft (the county's unpaid lines and adjustments up to the
 * period) → published for review (公示) → approved by a second officer, never the one who drafted it →
 * exported for payroll → paid with the payroll's reference, which locks it: a paid batch never changes.
 * A draft or published batch may be withdrawn; its lines go back to the next batch.
 */
export const BATCH_STATUSES = ['draft', 'published', 'approved', 'exported', 'paid', 'withdrawn'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export type BatchAction = 'publish' | 'approve' | 'export' | 'pay' | 'withdraw';

export interface Batch {
  id: string;
  countyCode: string;
  period: string;
  status: BatchStatus;
  version: number;
  lines: number;
  teachers: number;
  totalFen: number;
  draftedBy: string;
  draftedAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  exportedBy: string | null;
  exportedAt: string | null;
  paidBy: string | null;
  paidAt: string | null;
  payrollReference: string | null;
  withdrawnBy: string | null;
  withdrawnAt: string | null;
  note: string | null;
}

const STEPS: Record<BatchAction, { from: readonly BatchStatus[]; to: BatchStatus; done: string; zh: string }> = {
  publish: { from: ['draft'], to: 'published', done: 'published', zh: '公示' },
  approve: { from: ['published'], to: 'approved', done: 'approved', zh: '审核通过' },
  export: { from: ['approved'], to: 'exported', done: 'exported', zh: '导出工资' },
  pay: { from: ['exported'], to: 'paid', done: 'marked paid', zh: '标记已发放' },
  withdraw: { from: ['draft', 'published'], to: 'withdrawn', done: 'withdrawn', zh: '撤回' },
};

export class BatchLocked extends DomainError {
  constructor(id: string, status: BatchStatus) {
    super('SUBSIDIES.BATCH_LOCKED', 'conflict', `batch ${id} is ${status} and locked: a paid or withdrawn batch never changes (该批次已锁定，不能再修改)`, { batchId: id, status });
  }
}

export class BatchStepRefused extends DomainError {
  constructor(id: string, status: BatchStatus, action: BatchAction) {
    const from = STEPS[action].from.join(' or ');
    super('SUBSIDIES.BATCH_STEP_REFUSED', 'conflict', `batch ${id} is ${status}; only a ${from} batch can be ${STEPS[action].done} (当前状态不能${STEPS[action].zh})`, {
      batchId: id,
      status,
      action,
    });
  }
}

export class FourEyesRefused extends DomainError {
  constructor(id: string, drafter: string) {
    super(
      'SUBSIDIES.FOUR_EYES',
      'forbidden',
      `the officer who drafted batch ${id} (${drafter}) may not approve it: a second officer must review and approve it (起草人不能审核自己起草的批次，请由另一名工作人员审核)`,
      { batchId: id, draftedBy: drafter },
    );
  }
}

export class BatchNotFound extends DomainError {
  constructor(id: string) {
    super('SUBSIDIES.BATCH_NOT_FOUND', 'not_found', `no payment batch with id ${id}`, { id });
  }
}

export class NothingToPay extends DomainError {
  constructor(countyCode: string, period: string) {
    super('SUBSIDIES.NOTHING_TO_PAY', 'invalid', `${countyCode} has no unpaid lines or adjustments up to ${period}: there is nothing to put in a batch`, { countyCode, period });
  }
}

/** Checks a step of the batch's life and who takes it; returns the status it moves to. */
export function nextStatus(b: Pick<Batch, 'id' | 'status' | 'draftedBy'>, action: BatchAction, actor: string): BatchStatus {
  if (b.status === 'paid' || b.status === 'withdrawn') throw new BatchLocked(b.id, b.status);
  if (!STEPS[action].from.includes(b.status)) throw new BatchStepRefused(b.id, b.status, action);
  if (action === 'approve' && actor === b.draftedBy) throw new FourEyesRefused(b.id, b.draftedBy);
  return STEPS[action].to;
}

/** The province's share of an amount (省级分担), rounded half-up to the fen. */
export function provinceShareFen(totalFen: number, share: number): number {
  return roundHalfUp(totalFen * Math.round(share * 10000), 10000);
}

export interface BatchTotals {
  totalFen: number;
  lines: number;
  /** per school, with its code and name (for the review rosters, one per school) and how many teachers */
  bySchool: { schoolId: string; schoolCode?: string | null; schoolName?: string; totalFen: number; lines: number; teachers?: number }[];
  byTier: { tier: number; totalFen: number; lines: number }[];
}

/** Totals reconcile: the batch's recorded total = Σ its lines = Σ per school = Σ per tier. */
export function reconcile(recordedTotalFen: number, t: BatchTotals): { reconciled: boolean; problems: string[] } {
  const problems: string[] = [];
  const schools = t.bySchool.reduce((s, x) => s + x.totalFen, 0);
  const tiers = t.byTier.reduce((s, x) => s + x.totalFen, 0);
  if (t.totalFen !== recordedTotalFen) problems.push(`lines sum to ${t.totalFen} fen, the batch recorded ${recordedTotalFen}`);
  if (schools !== t.totalFen) problems.push(`schools sum to ${schools} fen, lines to ${t.totalFen}`);
  if (tiers !== t.totalFen) problems.push(`tiers sum to ${tiers} fen, lines to ${t.totalFen}`);
  return { reconciled: problems.length === 0, problems };
}
