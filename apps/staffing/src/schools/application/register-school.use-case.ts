import { Injectable } from '@nestjs/common';
import { SchoolRegistered } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { checkSchool, SchoolCodeTaken, UnknownCounty, type NewSchool, type School } from '../domain/school';
import { SchoolRepository } from './school.repository';

@Injectable()
export class RegisterSchool {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly schools: SchoolRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, input: NewSchool): Promise<School> {
    const candidate = checkSchool(input);
    return this.uow.run(async (manager) => {
      if (!(await this.schools.countyExists(manager, candidate.countyCode))) throw new UnknownCounty(candidate.countyCode);
      if (await this.schools.codeTaken(manager, candidate.countyCode, candidate.code)) throw new SchoolCodeTaken(candidate.countyCode, candidate.code);
      if (candidate.districtCode) await this.schools.ensureDistrict(manager, candidate.countyCode, candidate.districtCode);
      const saved = await this.schools.insert(manager, candidate);
      const { id: schoolId, version: _v, ...state } = saved;
      await this.outbox.add(manager, SchoolRegistered, { schoolId, ...state });
      await this.audit.record(manager, { actor, countyCode: saved.countyCode, action: 'school.register', entityType: 'school', entityId: saved.id, before: null, after: saved });
      return saved;
    });
  }
}
