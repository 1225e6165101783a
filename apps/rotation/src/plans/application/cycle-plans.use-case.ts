import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MoveApproved } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox, type PendingEvent } from '@app/messaging';
import { DomainError } from '@app/platform';
import { UnitOfWork, updateReturning } from '@app/runtime';
import { CycleNotFound, CycleTransitionRefused, type Cycle } from '../../cycles/domain/cycle';
import { CycleRepository } from '../../cycles/infrastructure/cycle.repository';
import { StaleCycleVersion } from '../../cycles/application/manage-cycles.use-case';
import { checkPlan } from '../../planning/domain/checker';
import { planMetrics } from '../../planning/domain/metrics';
import type { Pin, PlannerParameters, PlannerWeights } from '../../planning/domain/plan-input';

/** What-if changes: any parameter, and any of the weights. */
export type WhatIf = Partial<Omit<PlannerParameters, 'weights'>> & { weights?: Partial<PlannerWeights> };
import { planRotation } from '../../planning/domain/planner';
import type { PlannedMove } from '../../planning/domain/plan';
import { PlannerInputBuilder } from './planner-input.builder';
import { diffPlans, type PlanDiff } from '../domain/plan-diff';

export class PlanNotFound extends DomainError {
  constructor(id: string) {
    super('ROTATION.PLAN_NOT_FOUND', 'not_found', `no plan with id ${id} in this cycle`, { id });
  }
}

export class PlanNotApprovable extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ROTATION.PLAN_NOT_APPROVABLE', 'conflict', message, details);
  }
}

export interface StoredPlan {
  id: string;
  number: number;
  method: string;
  status: string;
  objective: number;
  moves: PlannedMove[];
  metrics: unknown;
  infeasibilities: unknown[];
  pins: Pin[];
  createdBy: string;
  createdAt: string;
}

const PLAN_COLUMNS = `id, number, method, status, objective, moves, metrics, infeasibilities, pins, created_by AS "createdBy", created_at AS "createdAt"`;

/**
 * Plans of a cycle: solve (saved, or a what-if with changed parameters that is not), propose one, and
 * approve the proposal — which announces every move with rotation.MoveApproved through the outbox, in
 * the same transaction as the cycle's state, so staffing applies exactly the approved plan.
 */
@Injectable()
export class CyclePlans {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cycles: CycleRepository,
    private readonly builder: PlannerInputBuilder,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async solve(actor: Actor, cycleId: string, pins: Pin[], whatIf: WhatIf | null, authorize: (county: string) => void) {
    const cycle = await this.cycle(cycleId, authorize);
    if (cycle.state !== 'planning') throw new CycleTransitionRefused(cycle.state, 'proposed', `plans are made while the cycle is planning; it is ${cycle.state}`);
    // The cycle's saved pins always apply; pins sent with this request add to them.
    const saved: Pin[] = await this.uow.reader.query(`SELECT teacher_id AS "teacherId", school_id AS "schoolId", kind FROM rotation.pins WHERE cycle_id = $1`, [cycle.id]);
    const key = (p: Pin) => `${p.teacherId}|${p.schoolId}`;
    const allPins = [...new Map([...saved, ...pins].map((p) => [key(p), p])).values()];
    pins = allPins;
    const base = await this.builder.build(this.uow.reader, cycle, pins);
    const input = whatIf ? { ...base, parameters: { ...base.parameters, ...whatIf, weights: { ...base.parameters.weights, ...(whatIf.weights ?? {}) } } } : base;
    const plan = await planRotation(input);
    const metrics = planMetrics(input, plan.moves);
    const violations = checkPlan(input, plan.moves);
    if (whatIf) return { saved: false, method: plan.method, status: plan.status, objective: plan.objective, bound: plan.bound, moves: plan.moves, metrics, infeasibilities: plan.infeasibilities, violations };
    return this.uow.run(async (m) => {
      const [row] = await m.query(
        `INSERT INTO rotation.plans (cycle_id, number, method, status, objective, moves, metrics, infeasibilities, pins, created_by)
         SELECT $1, coalesce(max(number), 0) + 1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb, $9 FROM rotation.plans WHERE cycle_id = $1
         RETURNING ${PLAN_COLUMNS}`,
        [cycle.id, plan.method, plan.status, plan.objective, JSON.stringify(plan.moves), JSON.stringify(metrics), JSON.stringify(plan.infeasibilities), JSON.stringify(pins), actor.subject],
      );
      await this.audit.record(m, { actor, countyCode: cycle.countyCode, action: 'plan.solve', entityType: 'plan', entityId: row.id, before: null, after: { number: row.number, status: row.status, moves: plan.moves.length, objective: plan.objective } });
      return { saved: true, ...row, bound: plan.bound, violations };
    });
  }

  /** Replaces the cycle's pins (audited); they apply to every later solve. */
  async setPins(actor: Actor, cycleId: string, pins: Pin[], authorize: (county: string) => void): Promise<Pin[]> {
    const cycle = await this.cycle(cycleId, authorize);
    if (cycle.state !== 'planning') throw new CycleTransitionRefused(cycle.state, 'proposed', `pins are set while the cycle is planning; it is ${cycle.state}`);
    return this.uow.run(async (m) => {
      const before = await updateReturning<Pin>(m, `DELETE FROM rotation.pins WHERE cycle_id = $1 RETURNING teacher_id AS "teacherId", school_id AS "schoolId", kind`, [cycleId]);
      if (pins.length) {
        await m.query(
          `INSERT INTO rotation.pins (cycle_id, teacher_id, school_id, kind, created_by) SELECT $1, * , $5 FROM unnest($2::uuid[], $3::uuid[], $4::text[]) ON CONFLICT DO NOTHING`,
          [cycleId, pins.map((p) => p.teacherId), pins.map((p) => p.schoolId), pins.map((p) => p.kind), actor.subject],
        );
      }
      await this.audit.record(m, { actor, countyCode: cycle.countyCode, action: 'cycle.pins', entityType: 'cycle', entityId: cycleId, before, after: pins });
      return pins;
    });
  }

  async pins(cycleId: string, authorize: (county: string) => void): Promise<Pin[]> {
    await this.cycle(cycleId, authorize);
    return this.uow.reader.query(`SELECT teacher_id AS "teacherId", school_id AS "schoolId", kind FROM rotation.pins WHERE cycle_id = $1 ORDER BY created_at`, [cycleId]);
  }

  async get(cycleId: string, planId: string, authorize: (county: string) => void): Promise<StoredPlan & { rejections: { teacherId: string; code: string; reason: string }[] }> {
    await this.cycle(cycleId, authorize);
    const [row] = await this.uow.reader.query(`SELECT ${PLAN_COLUMNS} FROM rotation.plans WHERE id = $1 AND cycle_id = $2`, [planId, cycleId]);
    if (!row) throw new PlanNotFound(planId);
    // Moves staffing refused to apply (staffing.MoveRejected), matched by the move ids approval gave them.
    const ids = (row.moves as PlannedMove[]).map((m) => moveIdOf(planId, m.teacherId));
    const rejections = await this.uow.reader.query(`SELECT teacher_id AS "teacherId", code, reason FROM rotation.move_rejections WHERE move_id = ANY($1)`, [ids]);
    return { ...row, rejections };
  }

  async diff(cycleId: string, planId: string, otherId: string, authorize: (county: string) => void): Promise<PlanDiff & { from: number; to: number }> {
    const [a, b] = [await this.get(cycleId, otherId, authorize), await this.get(cycleId, planId, authorize)];
    return { from: a.number, to: b.number, ...diffPlans(a.moves, b.moves) };
  }

  /** planning → proposed with this plan; only a plan without infeasibilities can be proposed. */
  async propose(actor: Actor, cycleId: string, planId: string, version: number, authorize: (county: string) => void): Promise<Cycle> {
    const plan = await this.get(cycleId, planId, authorize);
    if (plan.status === 'infeasible') throw new PlanNotApprovable(`plan ${plan.number} breaks hard constraints; re-solve with pins or deferrals first`, { infeasibilities: plan.infeasibilities.length });
    return this.uow.run(async (m) => {
      const [saved] = await updateReturning<Cycle>(
        m,
        `UPDATE rotation.cycles SET state = 'proposed', proposed_plan_id = $3, version = version + 1 WHERE id = $1 AND version = $2 AND state = 'planning'
         RETURNING id, county_code AS "countyCode", school_year AS "schoolYear", state, preference_deadline AS "preferenceDeadline", effective_date AS "effectiveDate", version`,
        [cycleId, version, planId],
      );
      if (!saved) throw new StaleCycleVersion(cycleId);
      await this.audit.record(m, { actor, countyCode: saved.countyCode, action: 'cycle.proposed', entityType: 'cycle', entityId: cycleId, before: { version }, after: { ...saved, planId } });
      return saved;
    });
  }

  /** proposed → approved: every move of the proposed plan goes out as rotation.MoveApproved. */
  async approve(actor: Actor, cycleId: string, version: number, authorize: (county: string) => void): Promise<{ cycle: Cycle; moves: number }> {
    const cycle = await this.cycle(cycleId, authorize);
    if (cycle.state !== 'proposed') throw new CycleTransitionRefused(cycle.state, 'approved');
    return this.uow.run(async (m) => {
      const [saved] = await updateReturning<Cycle & { planId: string }>(
        m,
        `UPDATE rotation.cycles SET state = 'approved', version = version + 1 WHERE id = $1 AND version = $2 AND state = 'proposed'
         RETURNING id, county_code AS "countyCode", school_year AS "schoolYear", state, preference_deadline AS "preferenceDeadline", effective_date AS "effectiveDate", version,
                   proposed_plan_id AS "planId"`,
        [cycleId, version],
      );
      if (!saved) throw new StaleCycleVersion(cycleId);
      const [plan] = await m.query(`SELECT moves FROM rotation.plans WHERE id = $1`, [saved.planId]);
      const moves: PlannedMove[] = plan.moves;
      const events: PendingEvent[] = moves.map((mv) => ({
        contract: MoveApproved,
        data: {
          moveId: moveIdOf(saved.planId, mv.teacherId),
          teacherId: mv.teacherId,
          fromSchoolId: mv.fromSchoolId,
          toSchoolId: mv.toSchoolId,
          kind: 'rotation' as const,
          role: mv.category === 'principal' ? ('principal' as const) : mv.category === 'researcher' ? ('researcher' as const) : ('teacher' as const),
          workloadShare: 1,
          effectiveDate: saved.effectiveDate,
          endDate: null,
        },
      }));
      await this.outbox.addAll(m, events);
      await this.audit.record(m, { actor, countyCode: saved.countyCode, action: 'cycle.approved', entityType: 'cycle', entityId: cycleId, before: { version }, after: { ...saved, moves: moves.length } });
      const { planId: _p, ...c } = saved;
      return { cycle: c, moves: moves.length };
    });
  }

  private async cycle(id: string, authorize: (county: string) => void): Promise<Cycle> {
    const cycle = await this.cycles.findById(this.uow.reader, id);
    if (!cycle) throw new CycleNotFound(id);
    authorize(cycle.countyCode);
    return cycle;
  }
}

/** One move id per plan and teacher, stable across retries (a v4-shaped UUID derived from both). */
export function moveIdOf(planId: string, teacherId: string): string {
  const h = createHash('sha256').update(`${planId}:${teacherId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
