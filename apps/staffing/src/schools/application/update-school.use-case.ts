import { Injectable } from '@nestjs/common';
import { SchoolUpdated } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { StaleVersion } from '../../posts/domain/post';
import { changeSchool, SchoolNotFound, type School, type SchoolChanges } from '../domain/school';
import { SchoolRepository } from './school.repository';

@Injectable()
export class UpdateSchool {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly schools: SchoolRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, id: string, version: number, changes: SchoolChanges, authorize: (countyCode: string) => void): Promise<School> {
    return this.uow.run(async (m) => {
      const before = await this.schools.findById(m, id);
      if (!before) throw new SchoolNotFound(id);
      authorize(before.countyCode);
      const next = changeSchool(before, changes);
      if (next.districtCode) await this.schools.ensureDistrict(m, next.countyCode, next.districtCode);
      const saved = await this.schools.update(m, id, next, version);
      if (!saved) throw new StaleVersion('school', id);
      const { id: schoolId, version: _v, ...state } = saved;
      await this.outbox.add(m, SchoolUpdated, { schoolId, ...state });
      await this.audit.record(m, { actor, countyCode: saved.countyCode, action: 'school.update', entityType: 'school', entityId: id, before, after: saved });
      return saved;
    });
  }
}
