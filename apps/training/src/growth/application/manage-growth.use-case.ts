import { Injectable } from '@nestjs/common';
import { StageChanged } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { DomainError } from '@app/platform';
import { UnitOfWork, PolicyValuesStore } from '@app/runtime';
import { todayInShanghai, type IsoDate } from '../../calendar/domain/periods';
import { CreditLedger } from '../../credits/application/credit-ledger';
import { yearTotals } from '../../credits/domain/ledger';
import { TeacherDirectory } from '../../teachers/application/teacher-directory';
import { checkStageChange, readiness, type GrowthCategory, type GrowthStage } from '../domain/growth';
import { GrowthRepository, type Award } from './growth.repository';

export class TeacherUnknown extends DomainError {
  constructor(id: string) {
    super('TRAINING.TEACHER_NOT_FOUND', 'not_found', `no teacher with id ${id} (training has not heard of them)`, { id });
  }
}

export class StaleStage extends DomainError {
  constructor(teacherId: string, expected: number, actual: number) {
    super('TRAINING.STALE_VERSION', 'conflict', `the stage of teacher ${teacherId} was changed by someone else (version ${actual}, you sent ${expected}); reload and try again`, { teacherId, expected, actual });
  }
}

/** HR records stage changes and awards (R12); the service says who may be ready for the next stage. */
@Injectable()
export class ManageGrowth {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly policy: PolicyValuesStore,
    private readonly growth: GrowthRepository,
    private readonly directory: TeacherDirectory,
    private readonly ledger: CreditLedger,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async recordStage(actor: Actor, teacherId: string, input: { category: GrowthCategory; stage: GrowthStage; since: IsoDate; evidence: string; version: number }, assertScope: (county: string) => void) {
    return this.uow.run(async (m) => {
      const teacher = await this.directory.find(m, teacherId, todayInShanghai());
      if (!teacher) throw new TeacherUnknown(teacherId);
      assertScope(teacher.countyCode);
      const current = await this.growth.lock(m, teacherId);
      const actual = current?.version ?? 0;
      if (actual !== input.version) throw new StaleStage(teacherId, input.version, actual);
      const next = checkStageChange(current, { category: input.category, stage: input.stage, since: input.since }, input.evidence, todayInShanghai());
      const saved = await this.growth.save(m, { teacherId, countyCode: teacher.countyCode, ...next }, actual, input.evidence.trim(), actor.subject);
      if (!saved) throw new StaleStage(teacherId, input.version, actual + 1);
      await this.outbox.add(m, StageChanged, { teacherId, countyCode: teacher.countyCode, category: next.category, fromStage: current?.stage ?? null, toStage: next.stage, since: next.since });
      await this.audit.record(m, { actor, countyCode: teacher.countyCode, action: 'stage.record', entityType: 'teacher_stage', entityId: teacherId, before: current, after: { ...saved, evidence: input.evidence } });
      return saved;
    });
  }

  async recordAward(actor: Actor, teacherId: string, award: Omit<Award, 'id'>, assertScope: (county: string) => void): Promise<Award> {
    return this.uow.run(async (m) => {
      const teacher = await this.directory.find(m, teacherId, todayInShanghai());
      if (!teacher) throw new TeacherUnknown(teacherId);
      assertScope(teacher.countyCode);
      const saved = await this.growth.addAward(m, teacherId, award, actor.subject);
      await this.audit.record(m, { actor, countyCode: teacher.countyCode, action: 'award.record', entityType: 'award', entityId: saved.id, before: null, after: { teacherId, ...saved } });
      return saved;
    });
  }

  /** Teachers of a county whose recorded stage meets every readiness criterion for the next one. */
  async ready(countyCode: string, asOf: IsoDate) {
    const m = this.uow.reader;
    const policy = await this.policy.values(m);
    const [stages, teachers, totals] = await Promise.all([
      this.growth.county(m, countyCode),
      this.directory.county(m, countyCode, asOf),
      this.ledger.countyTotals(m, countyCode, Number(asOf.slice(0, 4)) - 4, Number(asOf.slice(0, 4))),
    ]);
    const byId = new Map(teachers.map((t) => [t.teacherId, t]));
    const hours = new Map<string, typeof totals>();
    for (const r of totals) hours.set(r.teacherId, [...(hours.get(r.teacherId) ?? []), r]);
    const out = [];
    for (const s of stages) {
      const t = byId.get(s.teacherId);
      if (!t) continue;
      const hours5y = yearTotals(hours.get(s.teacherId) ?? [], policy).reduce((sum, y) => sum + y.counted, 0);
      const r = readiness(s, { title: t.title, hours5y, awards: s.awardDates.filter((d) => d >= s.since).length }, asOf, policy);
      if (r?.ready) out.push({ teacherId: s.teacherId, staffNo: t.staffNo, name: t.name, schoolId: t.schoolId, category: s.category, stage: s.stage, since: s.since, next: r.next, criteria: r.criteria });
    }
    return { countyCode, asOf, items: out };
  }
}
