import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { KindergartenDesignated, KindergartenPairingEnded, KindergartenPairingStarted } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { checkDesignation, checkPairing, KindergartenRuleViolation, type Dated } from '../domain/kindergarten';
import { KindergartenRepository, type Designation, type Pairing } from './kindergarten.repository';

export interface PairingInput extends Dated {
  urbanSchoolId: string;
  villageSchoolId: string;
}

/** R10 records: quality designations and pairings, each audited and announced in its transaction. */
@Injectable()
export class ManageKindergartens {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: KindergartenRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  designate(actor: Actor, schoolId: string, d: Dated, authorize: (county: string) => void): Promise<Designation> {
    return this.uow.run(async (m) => {
      const school = await this.repo.school(m, schoolId);
      if (!school) throw new KindergartenRuleViolation('PAIRING_NOT_FOUND', `no school with id ${schoolId}`, { schoolId });
      authorize(school.countyCode);
      checkDesignation(school, d);
      const saved = await this.repo.addDesignation(m, schoolId, d, actor.subject);
      await this.outbox.add(m, KindergartenDesignated, { designationId: saved.id, schoolId, countyCode: school.countyCode, from: saved.from, until: saved.until });
      await this.audit.record(m, { actor, countyCode: school.countyCode, action: 'kindergarten.designate', entityType: 'school', entityId: schoolId, before: null, after: saved });
      return saved;
    });
  }

  pair(actor: Actor, input: PairingInput, authorize: (county: string) => void): Promise<Pairing> {
    return this.uow.run(async (m) => {
      const saved = await this.pairIn(m, actor, input, authorize);
      await this.audit.record(m, { actor, countyCode: saved.countyCode, action: 'kindergarten.pair', entityType: 'pairing', entityId: saved.id, before: null, after: saved });
      return saved;
    });
  }

  /** Checks and writes one pairing inside the caller's transaction (also used by the import). */
  async pairIn(m: EntityManager, actor: Actor, input: PairingInput, authorize: (county: string) => void): Promise<Pairing> {
    const [urban, village] = [await this.repo.school(m, input.urbanSchoolId), await this.repo.school(m, input.villageSchoolId)];
    if (!urban) throw new KindergartenRuleViolation('PAIRING_NOT_FOUND', `no school with id ${input.urbanSchoolId}`, { urbanSchoolId: input.urbanSchoolId });
    if (!village) throw new KindergartenRuleViolation('PAIRING_NOT_FOUND', `no school with id ${input.villageSchoolId}`, { villageSchoolId: input.villageSchoolId });
    authorize(urban.countyCode);
    const existing = await this.repo.pairingsOf(m, urban.id);
    checkPairing(urban, village, input, await this.repo.designations(m, urban.id), existing);
    const saved = await this.repo.addPairing(m, { urbanSchoolId: urban.id, villageSchoolId: village.id, countyCode: urban.countyCode, from: input.from, until: input.until }, actor.subject);
    await this.outbox.add(m, KindergartenPairingStarted, { pairingId: saved.id, urbanSchoolId: saved.urbanSchoolId, villageSchoolId: saved.villageSchoolId, countyCode: saved.countyCode, from: saved.from, until: saved.until });
    return saved;
  }

  end(actor: Actor, pairingId: string, until: string, reason: string, version: number, authorize: (county: string) => void): Promise<Pairing> {
    return this.uow.run(async (m) => {
      const before = await this.repo.findPairing(m, pairingId);
      if (!before) throw new KindergartenRuleViolation('PAIRING_NOT_FOUND', `no pairing with id ${pairingId}`, { pairingId });
      authorize(before.countyCode);
      if (until < before.from) throw new KindergartenRuleViolation('DATES_INVALID', `the pairing started on ${before.from}; it cannot end before that`, { until });
      const saved = await this.repo.endPairing(m, pairingId, until, reason, version);
      if (!saved) throw new KindergartenRuleViolation('STALE_VERSION', 'someone else changed this pairing since you read it: reload it and try again', { pairingId, version });
      await this.outbox.add(m, KindergartenPairingEnded, { pairingId, urbanSchoolId: saved.urbanSchoolId, villageSchoolId: saved.villageSchoolId, countyCode: saved.countyCode, from: saved.from, until, reason });
      await this.audit.record(m, { actor, countyCode: saved.countyCode, action: 'kindergarten.pairing_end', entityType: 'pairing', entityId: pairingId, before, after: saved });
      return saved;
    });
  }
}
