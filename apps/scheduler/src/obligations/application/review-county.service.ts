import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MonthClosed, ObligationRaised, ObligationResolved, QuotaShortfall, TermClosed, type EventData } from '@app/contracts';
import { Outbox, type PendingEvent } from '@app/messaging';
import { isEligibleByTenure, schoolYearOf } from '@app/rules';
import { PolicyValuesStore, UnitOfWork } from '@app/runtime';
import { previousMonth } from '../../calendar/domain/calendar';
import type { ObligationFinding } from '../domain/facts';
import { assessTeacher, exchangeQuota } from '../domain';
import { CountyFactsQuery, type ChangedObligation, type NewObligation, type OpenObligation } from '../infrastructure/county-facts.query';

export interface ReviewOptions {
  countyCode: string;
  asOf: string;
  dryRun: boolean;
  /** spring term-end: check the R1 exchange quota for the school year */
  checkQuota?: boolean;
  /** term-end: announce the term closed */
  closeTerm?: { schoolYear: number; term: 'autumn' | 'spring' };
}

export interface ReviewSummary {
  countyCode: string;
  asOf: string;
  dryRun: boolean;
  teachers: number;
  exempt: number;
  open: Record<'R2' | 'R3', Record<'warning' | 'due' | 'overdue', number>>;
  raised: number;
  changed: number;
  resolved: number;
  unchanged: number;
  quota?: ReturnType<typeof exchangeQuota>;
  /** approved moves of the school year staffing rejected or has not applied (not counted toward R1) */
  movesNotCounted?: { rejected: number; notApplied: number };
  events: number;
}

type Raised = EventData<typeof ObligationRaised>;

/**
 * One county's review: R2 and R3 for every teacher, R1 at the spring term-end, in one transaction (with
 * the county's advisory lock). Only changes are written and announced: a new obligation, a changed
 * severity or due date, a resolved one — so re-running the same county and date emits nothing new, and a
 * worker killed mid-county leaves nothing half-written for its retry to duplicate.
 */
@Injectable()
export class ReviewCounty {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly facts: CountyFactsQuery,
    private readonly outbox: Outbox,
    private readonly policy: PolicyValuesStore,
  ) {}

  async review(o: ReviewOptions, onProgress?: (done: number, total: number) => void): Promise<ReviewSummary> {
    return this.uow.run(async (m) => {
      await this.facts.lockCounty(m, o.countyCode);
      // One connection (the transaction's): these run one after another.
      const teachers = await this.facts.teachers(m, o.countyCode);
      const appointments = await this.facts.appointments(m, o.countyCode);
      const exemptions = await this.facts.exemptions(m, o.countyCode, o.asOf);
      const open = await this.facts.openObligations(m, o.countyCode);
      // the defaults plus the city administrator's values (staffing.PolicyValueSet), each read on its rule's date
      const values = await this.policy.values(m);
      const openByKey = new Map(open.map((x) => [`${x.rule}|${x.teacherId}`, x]));
      const found = new Map<string, { teacherId: string; finding: ObligationFinding }>();
      const exemptReason = new Map<string, string>();
      let eligibleByTenure = 0;
      for (let i = 0; i < teachers.length; i++) {
        const t = teachers[i];
        // Give the event loop a turn every 500 teachers: a county of 60,000 takes seconds, and meanwhile
        // the worker must renew its job lock (or the job is declared stalled and run twice) and answer /health.
        if (i % 500 === 499) await new Promise<void>((r) => setImmediate(r));
        const own = appointments.get(t.teacherId) ?? [];
        const ex = exemptions.get(t.teacherId) ?? [];
        // the shared rules (@app/rules): the same exemption and tenure rotation applies
        const { exemption, findings } = assessTeacher(t, own, ex, o.asOf, values);
        if (exemption.exempt) exemptReason.set(t.teacherId, exemption.reason ?? 'exempt');
        else if (isEligibleByTenure(own, o.asOf, values)) eligibleByTenure++;
        for (const finding of findings) found.set(`${finding.rule}|${t.teacherId}`, { teacherId: t.teacherId, finding });
        if (onProgress && (i % 1000 === 999 || i === teachers.length - 1)) onProgress(i + 1, teachers.length);
      }

      const summary: ReviewSummary = {
        countyCode: o.countyCode,
        asOf: o.asOf,
        dryRun: o.dryRun,
        teachers: teachers.length,
        exempt: exemptReason.size,
        open: { R2: { warning: 0, due: 0, overdue: 0 }, R3: { warning: 0, due: 0, overdue: 0 } },
        raised: 0,
        changed: 0,
        resolved: 0,
        unchanged: 0,
        events: 0,
      };
      const events: PendingEvent[] = [];
      const inserts: { id: string; rule: string; teacherId: string; f: ObligationFinding }[] = [];
      const updates: { id: string; f: ObligationFinding }[] = [];
      for (const [key, { teacherId, finding }] of found) {
        summary.open[finding.rule][finding.severity]++;
        const existing = openByKey.get(key);
        if (existing && existing.severity === finding.severity && existing.dueBy === finding.dueBy) {
          summary.unchanged++;
          continue;
        }
        const id = existing?.id ?? randomUUID();
        if (existing) {
          summary.changed++;
          updates.push({ id, f: finding });
        } else {
          summary.raised++;
          inserts.push({ id, rule: finding.rule, teacherId, f: finding });
        }
        const data: Raised = { obligationId: id, rule: finding.rule, teacherId, countyCode: o.countyCode, severity: finding.severity, dueBy: finding.dueBy, asOf: o.asOf, facts: finding.facts };
        events.push({ contract: ObligationRaised, data });
      }
      const resolved: { id: string; reason: string }[] = [];
      for (const [key, existing] of openByKey) {
        if (found.has(key)) continue;
        const reason = exemptReason.has(existing.teacherId) ? `exempt: ${exemptReason.get(existing.teacherId)}` : `no longer applies on ${o.asOf}`;
        resolved.push({ id: existing.id, reason });
        events.push({ contract: ObligationResolved, data: { obligationId: existing.id, rule: existing.rule, teacherId: existing.teacherId, countyCode: o.countyCode, asOf: o.asOf, reason } });
      }
      summary.resolved = resolved.length;

      if (o.checkQuota) {
        const year = schoolYearOf(o.asOf);
        const from = `${year}-09-01`;
        const to = `${year + 1}-08-31`;
        const { movedTeacherIds: moved, rejected, notApplied } = await this.facts.moves(m, o.countyCode, from, to);
        summary.movesNotCounted = { rejected, notApplied };
        const onCensus = teachers.filter((t) => (appointments.get(t.teacherId) ?? []).some((a) => a.startDate <= from && (a.endDate === null || a.endDate >= from))).length;
        summary.quota = exchangeQuota({ teachersOnCensus: onCensus, movedTeacherIds: moved, eligibleByTenure, asOf: o.asOf, countyCode: o.countyCode, schoolYear: year }, values);
        if (summary.quota.shortfall > 0 && !o.dryRun && (await this.close(m, 'quota-shortfall', o.countyCode, String(year)))) {
          const q = summary.quota;
          events.push({
            contract: QuotaShortfall,
            data: {
              countyCode: o.countyCode,
              schoolYear: year,
              asOf: o.asOf,
              moved: q.moved,
              teachers: q.teachers,
              ratio: q.ratio,
              requiredRatio: q.requiredRatio,
              required: q.required,
              shortfall: q.shortfall,
              eligibleByTenure,
              nationalBaseRequired: q.nationalBaseRequired,
            },
          });
        }
      }
      if (o.closeTerm && !o.dryRun && (await this.close(m, 'term', o.countyCode, `${o.closeTerm.schoolYear}-${o.closeTerm.term}`))) {
        events.push({ contract: TermClosed, data: { countyCode: o.countyCode, schoolYear: o.closeTerm.schoolYear, term: o.closeTerm.term, endedOn: o.asOf } });
      }
      summary.events = events.length;
      if (o.dryRun) return summary;

      await this.write(m, o.countyCode, inserts, updates, resolved);
      await this.outbox.addAll(m, events);
      return summary;
    });
  }

  /** scheduler.MonthClosed for the month before asOf, once per county and month. */
  async closeMonth(countyCode: string, asOf: string, dryRun: boolean): Promise<{ countyCode: string; month: string; emitted: boolean }> {
    const month = previousMonth(asOf);
    return this.uow.run(async (m) => {
      if (dryRun) {
        return { countyCode, month: month.month, emitted: !(await this.facts.isClosed(m, 'month', countyCode, month.month)) };
      }
      const emitted = await this.close(m, 'month', countyCode, month.month);
      if (emitted) await this.outbox.add(m, MonthClosed, { countyCode, ...month });
      return { countyCode, month: month.month, emitted };
    });
  }

  private close(m: EntityManager, kind: string, countyCode: string, period: string): Promise<boolean> {
    return this.facts.close(m, kind, countyCode, period);
  }

  private write(m: EntityManager, countyCode: string, inserts: NewObligation[], updates: ChangedObligation[], resolved: { id: string; reason: string }[]): Promise<void> {
    return this.facts.writeObligations(m, countyCode, inserts, updates, resolved);
  }
}

export type { OpenObligation };
