import { Injectable } from '@nestjs/common';
import { addDays, todayInShanghai } from '@app/rules';
import { PolicyValuesStore, UnitOfWork } from '@app/runtime';
import type { Cycle } from '../../cycles/domain/cycle';
import { approvedMoves, moveIdOf } from '../domain/approved-moves';
import { ApprovedPlanRepository, type ApprovalRecord } from './approved-plan.repository';
import { PlanRepository } from './plan.repository';

/**
 * The approval record of a cycle's plan (issue #13): written by the approval itself; for a plan approved
 * before approvals were recorded, written on first use from what is known — the day of its approval from the
 * audit row, each move's id as staffing knows it, what each move ended from the read model with the plan's
 * own appointments taken out (an end the plan set is given back as open: what it was before is not recorded).
 */
@Injectable()
export class ApprovalRecords {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly plans: PlanRepository,
    private readonly approved: ApprovedPlanRepository,
    private readonly policy: PolicyValuesStore,
  ) {}

  async of(cycle: Cycle): Promise<ApprovalRecord | null> {
    if ((cycle.state !== 'approved' && cycle.state !== 'executed') || !cycle.proposedPlanId) return null;
    const found = await this.approved.approvalOfCycle(this.uow.reader, cycle.id);
    if (found) return found;
    const planId = cycle.proposedPlanId;
    return this.uow.run(async (m) => {
      const plan = await this.plans.find(m, cycle.id, planId);
      if (!plan) return null;
      const audited = await this.approved.approvalAudit(m, cycle.id);
      const approvedAt = audited ? new Date(audited.at) : new Date();
      const record: ApprovalRecord = { planId, cycleId: cycle.id, countyCode: cycle.countyCode, approvedAt: approvedAt.toISOString(), approvedOn: todayInShanghai(approvedAt), approvedBy: audited?.actor ?? 'unknown' };
      if (!(await this.approved.recordApproval(m, record))) return this.approved.approvalOfCycle(m, cycle.id);
      const ids = new Set(plan.moves.map((mv) => moveIdOf(planId, mv.teacherId)));
      const dayBefore = addDays(cycle.effectiveDate, -1);
      const rows = (await this.plans.moverAppointments(m, plan.moves.map((mv) => mv.teacherId)))
        .filter((r) => !(r.moveId && ids.has(r.moveId)))
        .map((r) => (r.endDate === dayBefore ? { ...r, endDate: null } : r));
      const moves = approvedMoves(plan.moves, cycle.effectiveDate, rows, await this.plans.posts(m, cycle.countyCode, cycle.schoolYear), await this.policy.values(m), (t) => moveIdOf(planId, t));
      const planned = new Map(plan.moves.map((mv) => [mv.teacherId, mv]));
      await this.approved.insertMoves(
        m,
        moves.map((mv) => ({ moveId: mv.moveId, planId, teacherId: mv.teacherId, amendmentId: null, toldOn: record.approvedOn, planned: planned.get(mv.teacherId)!, announced: mv, priorEnds: mv.endsAppointmentIds.map((id) => ({ appointmentId: id, endDate: null })) })),
      );
      return record;
    });
  }
}
