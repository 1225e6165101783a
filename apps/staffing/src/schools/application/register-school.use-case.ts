import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SchoolRegistered } from '@app/contracts';
import { Outbox, OutboxRelay } from '@app/messaging';
import { checkSchool, SchoolCodeTaken, UnknownCounty, type NewSchool, type School } from '../domain/school';
import { SchoolRepository } from './school.repository';

@Injectable()
export class RegisterSchool {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schools: SchoolRepository,
    private readonly outbox: Outbox,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(input: NewSchool): Promise<School> {
    const candidate = checkSchool(input);
    const school = await this.dataSource.transaction(async (manager) => {
      if (!(await this.schools.countyExists(manager, candidate.countyCode))) throw new UnknownCounty(candidate.countyCode);
      if (await this.schools.codeTaken(manager, candidate.countyCode, candidate.code)) throw new SchoolCodeTaken(candidate.countyCode, candidate.code);
      const saved = await this.schools.insert(manager, candidate);
      await this.outbox.add(manager, SchoolRegistered, {
        schoolId: saved.id,
        countyCode: saved.countyCode,
        code: saved.code,
        name: saved.name,
        type: saved.type,
        districtCode: saved.districtCode,
        weak: saved.weak,
        smallScale: saved.smallScale,
        rural: saved.rural,
        remoteTier: saved.remoteTier,
      });
      return saved;
    });
    this.relay.poke();
    return school;
  }
}
