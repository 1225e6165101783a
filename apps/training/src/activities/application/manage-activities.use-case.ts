import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrail, type Actor } from '@app/audit';
import { DomainError } from '@app/platform';
import { UnitOfWork, PolicyValuesStore } from '@app/runtime';
import { todayInShanghai } from '../../calendar/domain/periods';
import { TrainingSchoolStore } from '../../schools/infrastructure/training-school.store';
import { TeacherDirectory } from '../../teachers/application/teacher-directory';
import { ActivityCodeTaken, ActivityInvalid, ActivityNotFound, checkActivity, StaleActivity, type Activity, type NewActivity } from '../domain/activity';
import { ActivityRepository } from './activity.repository';


export type ActivityChanges = Partial<Pick<NewActivity, 'title' | 'organiser' | 'organiserCode' | 'category' | 'startDate' | 'endDate' | 'fullDays' | 'halfDays' | 'periods' | 'target'>>;

export class NotAResearcher extends DomainError {
  constructor(teacherId: string) {
    super('TRAINING.NOT_A_RESEARCHER', 'invalid', `teacher ${teacherId} is not a teaching researcher (教研员) in this county`, { researcherId: teacherId });
  }
}

export class UnknownCounty extends DomainError {
  constructor(countyCode: string) {
    super('TRAINING.UNKNOWN_COUNTY', 'not_found', `training knows no school in county ${countyCode} yet (未知的县)`, { countyCode });
  }
}

export class UnknownSchool extends DomainError {
  constructor(schoolId: string, countyCode: string) {
    super('TRAINING.UNKNOWN_SCHOOL', 'not_found', `no school ${schoolId} in ${countyCode} (training has not heard of it)`, { schoolId });
  }
}

/** HR creates, changes and the visited school confirms activities; every write audited. */
@Injectable()
export class ManageActivities {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly policy: PolicyValuesStore,
    private readonly activities: ActivityRepository,
    private readonly directory: TeacherDirectory,
    private readonly schools: TrainingSchoolStore,
    private readonly audit: AuditTrail,
  ) {}

  async create(actor: Actor, input: NewActivity): Promise<Activity> {
    return this.uow.run(async (m) => {
      const policy = await this.policy.values(m);
      if (!(await this.schools.countyKnown(m, input.countyCode))) throw new UnknownCounty(input.countyCode);
      const checked = checkActivity(input, policy);
      await this.checkReferences(m, checked);
      const saved = await this.activities.insertMany(m, [checked]);
      if (!saved) throw new ActivityCodeTaken(input.countyCode, input.code);
      await this.audit.record(m, { actor, countyCode: input.countyCode, action: 'activity.create', entityType: 'activity', entityId: saved[0].id, before: null, after: saved[0] });
      return saved[0];
    });
  }

  async update(actor: Actor, id: string, version: number, changes: ActivityChanges, assertScope: (a: Activity) => void): Promise<Activity> {
    return this.uow.run(async (m) => {
      const policy = await this.policy.values(m);
      const before = await this.activities.lock(m, id);
      if (!before) throw new ActivityNotFound(id);
      assertScope(before);
      if (before.version !== version) throw new StaleActivity(id, version, before.version);
      const checked = checkActivity({ ...before, ...changes }, policy);
      await this.checkReferences(m, checked);
      const saved = await this.activities.update(m, { ...before, ...checked }, version);
      if (!saved) throw new StaleActivity(id, version, before.version + 1);
      await this.audit.record(m, { actor, countyCode: before.countyCode, action: 'activity.update', entityType: 'activity', entityId: id, before, after: saved });
      return saved;
    });
  }

  /** Schools and researcher named by an activity exist in its county. */
  async checkReferences(m: EntityManager, a: NewActivity): Promise<void> {
    if (!(await this.schools.countyKnown(m, a.countyCode))) throw new UnknownCounty(a.countyCode);
    for (const schoolId of [...a.target.schoolIds, ...(a.schoolId ? [a.schoolId] : [])]) {
      const s = await this.schools.byId(m, schoolId);
      if (!s || s.countyCode !== a.countyCode) throw new UnknownSchool(schoolId, a.countyCode);
    }
    if (a.researcherId) {
      const r = await this.directory.find(m, a.researcherId, todayInShanghai());
      if (!r || r.countyCode !== a.countyCode || r.category !== 'researcher') throw new NotAResearcher(a.researcherId);
    }
    if (a.startDate < '1990-01-01') throw new ActivityInvalid('the start date is before 1990', { startDate: a.startDate });
  }
}
