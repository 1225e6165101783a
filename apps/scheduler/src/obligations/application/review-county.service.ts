import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MonthClosed, ObligationRaised, ObligationResolved, QuotaShortfall, TermClosed, type EventData } from '@app/contracts';
import { Outbox, type PendingEvent } from '@app/messaging';
import { policyValue } from '@app/policy';
import { UnitOfWork } from '@app/runtime';
import { previousMonth, schoolYearOf } from '../../calendar/domain/calendar';
import type { ObligationFinding } from '../domain/facts';
import { evaluateTeacher, exchangeQuota, isExempt, yearsAtCurrentSchool } from '../domain';
import { CountyFactsQuery, type OpenObligation } from '../infrastructure/county-facts.query';

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
  ) {}

  async review(o: ReviewOptions, onProgress?: (done: number, total: number) => void): Promise<ReviewSummary> {
    return this.uow.run(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`scheduler:county:${o.countyCode}`]);
      // One connection (the transaction's): these run one after another.
      const teachers = await this.facts.teachers(m, o.countyCode);
      const appointments = await this.facts.appointments(m, o.countyCode);
      const exemptions = await this.facts.exemptions(m, o.countyCode, o.asOf);
      const open = await this.facts.openObligations(m, o.countyCode);
      const openByKey = new Map(open.map((x) => [`${x.rule}|${x.teacherId}`, x]));
      const found = new Map<string, { teacherId: string; finding: ObligationFinding }>();
      const exemptReason = new Map<string, string>();
      const tenureYears = policyValue('R1.tenure_eligibility_years', o.asOf);
      let eligibleByTenure = 0;
      teachers.forEach((t, i) => {
        const own = appointments.get(t.teacherId) ?? [];
        const ex = exemptions.get(t.teacherId) ?? [];
        const exemption = isExempt(t, ex, o.asOf);
        if (exemption.exempt) exemptReason.set(t.teacherId, exemption.reason ?? 'exempt');
        else if (yearsAtCurrentSchool(own, o.asOf) >= tenureYears) eligibleByTenure++;
        for (const finding of evaluateTeacher(t, own, ex, o.asOf)) found.set(`${finding.rule}|${t.teacherId}`, { teacherId: t.teacherId, finding });
        if (onProgress && (i % 1000 === 999 || i === teachers.length - 1)) onProgress(i + 1, teachers.length);
      });

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
        const moved = await this.facts.movedTeacherIds(m, o.countyCode, from, to);
        const onCensus = teachers.filter((t) => (appointments.get(t.teacherId) ?? []).some((a) => a.startDate <= from && (a.endDate === null || a.endDate >= from))).length;
        summary.quota = exchangeQuota({ teachersOnCensus: onCensus, movedTeacherIds: moved, eligibleByTenure, asOf: o.asOf, countyCode: o.countyCode, schoolYear: year });
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
        const [row] = await m.query(`SELECT 1 FROM scheduler.closings WHERE kind = 'month' AND county_code = $1 AND period = $2`, [countyCode, month.month]);
        return { countyCode, month: month.month, emitted: !row };
      }
      const emitted = await this.close(m, 'month', countyCode, month.month);
      if (emitted) await this.outbox.add(m, MonthClosed, { countyCode, ...month });
      return { countyCode, month: month.month, emitted };
    });
  }

  private async close(m: EntityManager, kind: string, countyCode: string, period: string): Promise<boolean> {
    const rows = await m.query(`INSERT INTO scheduler.closings (kind, county_code, period) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING period`, [kind, countyCode, period]);
    return rows.length === 1;
  }

  private async write(
    m: EntityManager,
    countyCode: string,
    inserts: { id: string; rule: string; teacherId: string; f: ObligationFinding }[],
    updates: { id: string; f: ObligationFinding }[],
    resolved: { id: string; reason: string }[],
  ): Promise<void> {
    for (let i = 0; i < inserts.length; i += 5000) {
      const c = inserts.slice(i, i + 5000);
      await m.query(
        `INSERT INTO scheduler.obligations (id, rule, teacher_id, county_code, severity, due_by, facts)
         SELECT x.id, x.rule, x.teacher_id, $1, x.severity, x.due_by, x.facts FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::date[], $7::jsonb[])
           AS x(id, rule, teacher_id, severity, due_by, facts)`,
        [countyCode, c.map((x) => x.id), c.map((x) => x.rule), c.map((x) => x.teacherId), c.map((x) => x.f.severity), c.map((x) => x.f.dueBy), c.map((x) => JSON.stringify(x.f.facts))],
      );
    }
    if (updates.length) {
      await m.query(
        `UPDATE scheduler.obligations o SET severity = x.severity, due_by = x.due_by, facts = x.facts, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::date[], $4::jsonb[]) AS x(id, severity, due_by, facts) WHERE o.id = x.id`,
        [updates.map((x) => x.id), updates.map((x) => x.f.severity), updates.map((x) => x.f.dueBy), updates.map((x) => JSON.stringify(x.f.facts))],
      );
    }
    if (resolved.length) {
      await m.query(
        `UPDATE scheduler.obligations o SET status = 'resolved', resolved_at = now(), resolution = x.reason, updated_at = now()
           FROM unnest($1::uuid[], $2::text[]) AS x(id, reason) WHERE o.id = x.id`,
        [resolved.map((x) => x.id), resolved.map((x) => x.reason)],
      );
    }
  }
}

export type { OpenObligation };
