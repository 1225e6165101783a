import { Injectable } from '@nestjs/common';
import { Forbidden, type Principal } from '@app/auth';
import { PreferencesSubmitted } from '@app/contracts';
import { Outbox } from '@app/messaging';
import { PolicyValuesStore, UnitOfWork } from '@app/runtime';
import { TeacherFactsRepository } from '../../eligibility/application/teacher-facts.repository';
import { explain } from '../../eligibility/domain/eligibility';
import { checkCorrectionWindow, checkPreferences, CycleNotFound, type Cycle } from '../domain/cycle';
import { CycleRepository } from './cycle.repository';
import { PreferenceRepository } from './preference.repository';

/**
 * A teacher's side of a cycle: their status and points (the shared eligibility rules, with the policy
 * values in force on the cycle's date), their ranked preferences until the deadline, and requests to correct
 * their points until planning starts. A teacher acts only on a cycle of their own county, as themself.
 */
@Injectable()
export class TeacherCycle {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cycles: CycleRepository,
    private readonly preferences: PreferenceRepository,
    private readonly facts: TeacherFactsRepository,
    private readonly policy: PolicyValuesStore,
    private readonly outbox: Outbox,
  ) {}

  async preferencesOf(p: Principal, cycleId: string) {
    const { cycle, teacherId } = await this.ownCycle(p, cycleId);
    const m = this.uow.reader;
    const saved = await this.preferences.find(m, cycle.id, teacherId);
    return { cycleId: cycle.id, state: cycle.state, deadline: cycle.preferenceDeadline, schoolIds: saved?.schoolIds ?? [], submittedAt: saved?.submittedAt ?? null, obligations: await this.facts.openObligations(m, teacherId) };
  }

  async setPreferences(p: Principal, cycleId: string, schoolIds: string[], today: string) {
    const { cycle, teacherId, currentSchoolId } = await this.ownCycle(p, cycleId);
    return this.uow.run(async (m) => {
      const ranked = checkPreferences(cycle, schoolIds, today, await this.facts.countySchools(m, cycle.countyCode), currentSchoolId);
      const saved = await this.preferences.save(m, cycle.id, teacherId, ranked);
      // reminders before the deadline go only to those who have not submitted (the notices service)
      await this.outbox.add(m, PreferencesSubmitted, { cycleId: cycle.id, countyCode: cycle.countyCode, teacherId, schools: ranked.length, submittedAt: new Date(saved.submittedAt).toISOString() });
      return { cycleId: cycle.id, ...saved };
    });
  }

  async status(p: Principal, cycleId: string) {
    const { cycle, teacherId } = await this.ownCycle(p, cycleId);
    const m = this.uow.reader;
    const record = await this.facts.record(m, teacherId);
    if (!record) throw new Forbidden(`teacher ${teacherId} is not in ${cycle.countyCode}'s pool`);
    const asOf = cycle.effectiveDate;
    const values = await this.policy.values(m);
    return { cycleId: cycle.id, asOf, ...explain(record, await this.facts.stints(m, teacherId), await this.facts.openObligations(m, teacherId), asOf, values, await this.facts.exemptions(m, teacherId)) };
  }

  /** The schools of the cycle's county the teacher may rank, their current school left out. */
  async schools(p: Principal, cycleId: string) {
    const { cycle, currentSchoolId } = await this.ownCycle(p, cycleId);
    const schools = await this.facts.schoolsForRanking(this.uow.reader, cycle.countyCode);
    return { cycleId: cycle.id, items: schools.filter((s) => s.schoolId !== currentSchoolId) };
  }

  /** The teacher's own cycles: those of the county whose pool they are in (the id comes from the token). */
  async myCycles(p: Principal) {
    if (!p.teacherId) throw new Forbidden(`${p.role} has no cycles of their own`);
    const teacher = await this.facts.membership(this.uow.reader, p.teacherId);
    return { teacherId: p.teacherId, items: teacher ? await this.cycles.list(this.uow.reader, teacher.countyCode) : [] };
  }

  async askCorrection(p: Principal, cycleId: string, message: string) {
    const { cycle, teacherId } = await this.ownCycle(p, cycleId);
    checkCorrectionWindow(cycle);
    return this.uow.run((m) => this.preferences.addCorrection(m, cycle.id, teacherId, message));
  }

  /** HR: the teachers' correction requests of a cycle. */
  async corrections(cycleId: string, authorize: (countyCode: string) => void) {
    const cycle = await this.cycles.findById(this.uow.reader, cycleId);
    if (!cycle) throw new CycleNotFound(cycleId);
    authorize(cycle.countyCode);
    return this.preferences.corrections(this.uow.reader, cycleId);
  }

  private async ownCycle(p: Principal, id: string): Promise<{ cycle: Cycle; teacherId: string; currentSchoolId: string | null }> {
    if (!p.teacherId) throw new Forbidden(`${p.role} has no preferences of their own`);
    const cycle = await this.cycles.findById(this.uow.reader, id);
    if (!cycle) throw new CycleNotFound(id);
    const teacher = await this.facts.membership(this.uow.reader, p.teacherId);
    if (!teacher || teacher.countyCode !== cycle.countyCode) throw new Forbidden(`teacher ${p.teacherId} is not in ${cycle.countyCode}'s pool`);
    return { cycle, teacherId: p.teacherId, currentSchoolId: teacher.currentSchoolId };
  }
}
