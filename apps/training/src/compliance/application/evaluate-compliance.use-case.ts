import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ComplianceRestored, ComplianceShortfall } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox, type PendingEvent } from '@app/messaging';
import { UnitOfWork, PolicyValuesStore } from '@app/runtime';
import { ActivityRepository } from '../../activities/application/activity.repository';
import { UnknownCounty } from '../../activities/application/manage-activities.use-case';
import { AttendanceRepository } from '../../attendance/application/attendance.repository';
import { calendarYearPeriod, schoolYearPeriod, semester, type IsoDate, type Term } from '../../calendar/domain/periods';
import { CreditLedger } from '../../credits/application/credit-ledger';
import { probationHours, yearTotals, type LedgerEntry } from '../../credits/domain/ledger';
import { TrainingSchoolStore } from '../../schools/infrastructure/training-school.store';
import { TeacherDirectory } from '../../teachers/application/teacher-directory';
import { evaluateCreditYear, evaluateSchoolYear, evaluateSemester } from '../domain/evaluate';
import { compareOutcomes, type Outcome } from '../domain/outcome';
import { ComplianceRepository } from './compliance.repository';

export interface EvaluationSummary {
  countyCode: string;
  asOf: IsoDate;
  periods: string[];
  results: number;
  written: number;
  shortfalls: number;
  restored: number;
}

/**
 * The term-end evaluation: at every term's end R7 for its semester; after the autumn term also the
 * credit hours of the calendar year that closed on 31 December (and probation years ending in it);
 * after the spring term R8 for the school year and R6 for every researcher. Results are stored per
 * period; only changes are written and only changes of status announced, so a re-run announces nothing.
 */
@Injectable()
export class EvaluateCompliance {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly policy: PolicyValuesStore,
    private readonly directory: TeacherDirectory,
    private readonly activities: ActivityRepository,
    private readonly attendance: AttendanceRepository,
    private readonly ledger: CreditLedger,
    private readonly schools: TrainingSchoolStore,
    private readonly results: ComplianceRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  /** HR or the city re-runs a term's evaluation (after late attendance or corrections). */
  async rerun(actor: Actor, countyCode: string, schoolYear: number, term: Term, asOf: IsoDate): Promise<EvaluationSummary> {
    return this.uow.run(async (m) => {
      if (!(await this.schools.countyKnown(m, countyCode))) throw new UnknownCounty(countyCode);
      const summary = await this.evaluateTerm(m, countyCode, schoolYear, term, asOf, `http:${actor.subject}`);
      await this.audit.record(m, { actor, countyCode, action: 'compliance.evaluate', entityType: 'evaluation', entityId: `${countyCode}:${schoolYear}-${term}`, before: null, after: summary });
      return summary;
    });
  }

  /** In the caller's transaction (a TermClosed handler's, or rerun's). */
  async evaluateTerm(m: EntityManager, countyCode: string, schoolYear: number, term: Term, asOf: IsoDate, trigger: string): Promise<EvaluationSummary> {
    const policy = await this.policy.values(m);
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`training.evaluate:${countyCode}`]);
    const teachers = await this.directory.county(m, countyCode, asOf);
    const sem = semester(schoolYear, term);
    const year = schoolYearPeriod(schoolYear);
    const activities = await this.activities.facts(m, countyCode, year.from, year.to);
    const ofKinds = (kinds: string[]) => activities.filter((a) => kinds.includes(a.kind)).map((a) => a.id);
    const attendance = await this.attendance.statusIndex(m, ofKinds(['county_special_training', 'regional_research']));
    const outcomes: Outcome[] = evaluateSemester({ countyCode, schoolYear, term, activities, teachers, attendance }, policy);
    const periods = [sem.key];
    if (term === 'spring') {
      const ruralSchoolIds = await this.schools.ruralIds(m, countyCode);
      outcomes.push(...evaluateSchoolYear({ countyCode, schoolYear, asOf, activities, teachers, attendance, ruralSchoolIds }, policy));
      periods.push(year.key);
    } else {
      const closed = schoolYear; // the autumn term of school year Y ends after 31 December Y
      const totals = await this.ledger.countyTotals(m, countyCode, closed, closed);
      const byTeacher = new Map<string, typeof totals>();
      for (const r of totals) byTeacher.set(r.teacherId, [...(byTeacher.get(r.teacherId) ?? []), r]);
      const countedByTeacher = new Map([...byTeacher].map(([id, rows]) => [id, yearTotals(rows, policy)[0]?.counted ?? 0]));
      const cal = calendarYearPeriod(closed);
      const entries = await this.ledger.countyEntriesBetween(m, countyCode, `${closed - 1}-01-01`, cal.to);
      const entriesBy = new Map<string, LedgerEntry[]>();
      for (const e of entries) entriesBy.set(e.teacherId, [...(entriesBy.get(e.teacherId) ?? []), e]);
      const probationCounted = new Map(
        teachers.filter((t) => t.firstServiceDate >= `${closed - 1}-01-01`).map((t) => [t.teacherId, probationHours(t.firstServiceDate, entriesBy.get(t.teacherId) ?? [], policy).counted]),
      );
      outcomes.push(...evaluateCreditYear({ countyCode, year: closed, teachers, countedByTeacher, probationCounted }, policy));
      periods.push(cal.key);
    }
    const rules = [...new Set(outcomes.map((o) => o.rule))];
    const previous = await this.results.stored(m, countyCode, rules, periods);
    const { write, shortfalls, restored } = compareOutcomes(previous, outcomes);
    await this.results.write(m, write, asOf);
    const subject = (o: Outcome) => ({ countyCode: o.countyCode, rule: o.rule, period: o.period, subjectType: o.subjectType, subjectId: o.subjectId, evaluatedOn: asOf, required: o.required, actual: o.actual });
    const events: PendingEvent[] = [
      ...shortfalls.map((o) => ({ contract: ComplianceShortfall, data: { ...subject(o), message: o.message } })),
      ...restored.map((o) => ({ contract: ComplianceRestored, data: subject(o) })),
    ];
    await this.outbox.addAll(m, events);
    const summary = { countyCode, asOf, periods, results: outcomes.length, written: write.length, shortfalls: shortfalls.length, restored: restored.length };
    await this.results.recordRun(m, { countyCode, kind: `${term}-term`, period: sem.key, asOf, trigger, results: outcomes.length, written: write.length, shortfalls: shortfalls.length, restored: restored.length });
    return summary;
  }
}
