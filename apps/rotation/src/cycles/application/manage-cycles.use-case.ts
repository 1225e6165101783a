import { Injectable } from '@nestjs/common';
import { AuditTrail, type Actor } from '@app/audit';
import { DomainError } from '@app/platform';
import { UnitOfWork } from '@app/runtime';
import { CycleExists, CycleNotFound, newCycle, transition, type Cycle, type CycleState } from '../domain/cycle';
import { CycleRepository } from '../infrastructure/cycle.repository';

/** HR opens and advances cycles; every transition is audited; a stale version gets 409. */
@Injectable()
export class ManageCycles {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cycles: CycleRepository,
    private readonly audit: AuditTrail,
  ) {}

  async open(actor: Actor, countyCode: string, schoolYear: number): Promise<Cycle> {
    return this.uow.run(async (m) => {
      const saved = await this.cycles.insert(m, newCycle(countyCode, schoolYear));
      if (!saved) throw new CycleExists(countyCode, schoolYear);
      await this.audit.record(m, { actor, countyCode, action: 'cycle.create', entityType: 'cycle', entityId: saved.id, before: null, after: saved });
      return saved;
    });
  }

  async advance(
    actor: Actor,
    id: string,
    to: CycleState,
    version: number,
    today: string,
    preferenceDeadline: string | undefined,
    authorize: (countyCode: string) => void,
  ): Promise<Cycle> {
    return this.uow.run(async (m) => {
      const before = await this.cycles.findById(m, id);
      if (!before) throw new CycleNotFound(id);
      authorize(before.countyCode);
      const next = transition(before, to, today, preferenceDeadline);
      const saved = await this.cycles.save(m, next, version);
      if (!saved) throw new StaleCycleVersion(id);
      await this.audit.record(m, { actor, countyCode: before.countyCode, action: `cycle.${to}`, entityType: 'cycle', entityId: id, before, after: saved });
      return saved;
    });
  }
}

export class StaleCycleVersion extends DomainError {
  constructor(id: string) {
    super('ROTATION.STALE_VERSION', 'conflict', `cycle ${id} was changed by someone else; reload it and try again`, { id });
  }
}
