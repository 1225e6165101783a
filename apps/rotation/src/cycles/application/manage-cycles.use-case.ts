import { Injectable } from '@nestjs/common';
import { AuditTrail, type Actor } from '@app/audit';
import { CycleOpened } from '@app/contracts';
import { DomainError } from '@app/errors';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { CycleExists, CycleNotFound, newCycle, transition, type Cycle, type CycleState } from '../domain/cycle';
import { CycleRepository } from './cycle.repository';

export class StaleCycleVersion extends DomainError {
  constructor(id: string) {
    super('ROTATION.STALE_VERSION', 'conflict', `cycle ${id} was changed by someone else; reload it and try again`, { id });
  }
}

/**
 * HR opens and advances cycles; every transition is audited; a stale version gets 409. Opening preference
 * collection is announced (rotation.CycleOpened) in the same transaction, so the county's teachers are told.
 */
@Injectable()
export class ManageCycles {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cycles: CycleRepository,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
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
      const next = transition(before, to, today, { preferenceDeadline });
      const saved = await this.cycles.save(m, next, version);
      if (!saved) throw new StaleCycleVersion(id);
      await this.audit.record(m, { actor, countyCode: before.countyCode, action: `cycle.${to}`, entityType: 'cycle', entityId: id, before, after: saved });
      if (saved.state === 'collecting') {
        await this.outbox.add(m, CycleOpened, { cycleId: saved.id, countyCode: saved.countyCode, schoolYear: saved.schoolYear, preferenceDeadline: saved.preferenceDeadline!, effectiveDate: saved.effectiveDate });
      }
      return saved;
    });
  }

  async get(id: string, authorize: (cycle: Cycle) => void): Promise<Cycle> {
    const cycle = await this.cycles.findById(this.uow.reader, id);
    if (!cycle) throw new CycleNotFound(id);
    authorize(cycle);
    return cycle;
  }

  list(countyCode: string | undefined): Promise<Cycle[]> {
    return this.cycles.list(this.uow.reader, countyCode);
  }
}
