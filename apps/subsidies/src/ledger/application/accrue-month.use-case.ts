import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MonthAccrued } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { DomainError } from '@app/platform';
import { SchemeRepository } from '../../scheme/application/scheme.repository';
import { accrueCounty } from '../domain/accrual';
import { monthOf, todayInShanghai } from '../domain/calendar';
import { LedgerFacts } from './ledger-facts';
import { LedgerRepository, type AccrualSummary } from './ledger.repository';

export class MonthNotOver extends DomainError {
  constructor(month: string, today: string) {
    super('SUBSIDIES.MONTH_NOT_OVER', 'invalid', `${month} is not over yet (today is ${today}): a month is accrued once it has ended`, { month, today });
  }
}

export type AccrualOutcome = { status: 'accrued'; summary: AccrualSummary } | { status: 'already_accrued'; summary: AccrualSummary };

/**
 * A county's month close: every teacher's lines for the month, written with the summary and
 * subsidies.MonthAccrued in one transaction, under the county's exclusive lock. A duplicate or replayed
 * close finds the month accrued and writes nothing; a close killed half-way leaves nothing, and its retry
 * writes the month once (the database refuses a second line for a teacher, month and school).
 */
@Injectable()
export class AccrueMonth {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly facts: LedgerFacts,
    private readonly schemes: SchemeRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(m: EntityManager, input: { countyCode: string; month: string; trigger: string; actor?: Actor }): Promise<AccrualOutcome> {
    const today = todayInShanghai();
    const month = monthOf(input.month);
    if (month.lastDay >= today) throw new MonthNotOver(input.month, today);
    await this.ledger.lockCounty(m, input.countyCode, 'exclusive');
    const existing = await this.ledger.accrual(m, input.countyCode, input.month);
    if (existing) return { status: 'already_accrued', summary: existing };

    // One after the other: inside the transaction they share one connection.
    const teachers = await this.facts.countyTeachers(m, input.countyCode, month);
    const schools = await this.facts.schools(m, input.countyCode);
    const versions = await this.schemes.versions(m, input.countyCode);
    const { lines, exceptions, schemeVersions } = accrueCounty(teachers, month, schools, versions);
    await this.ledger.insertLines(m, input.countyCode, lines);
    const perTeacher = new Map<string, number>();
    for (const l of lines) perTeacher.set(l.teacherId, (perTeacher.get(l.teacherId) ?? 0) + l.amountFen);
    const summary: AccrualSummary = {
      countyCode: input.countyCode,
      month: input.month,
      teachers: perTeacher.size,
      paidTeachers: [...perTeacher.values()].filter((fen) => fen > 0).length,
      lines: lines.length,
      totalFen: lines.reduce((s, l) => s + l.amountFen, 0),
      schemeVersions,
      exceptions: exceptions.length,
      trigger: input.trigger,
    };
    await this.ledger.insertAccrual(m, summary);
    const { exceptions: _e, trigger: _t, ...data } = summary;
    await this.outbox.add(m, MonthAccrued, data);
    if (input.actor) {
      await this.audit.record(m, { actor: input.actor, countyCode: input.countyCode, action: 'month.accrue', entityType: 'accrual', entityId: `${input.countyCode}:${input.month}`, before: null, after: summary });
    }
    return { status: 'accrued', summary };
  }
}
