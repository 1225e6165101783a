import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AdjustmentPosted } from '@app/contracts';
import { Outbox } from '@app/messaging';
import { SchemeRepository } from '../../scheme/application/scheme.repository';
import { accrueTeacherMonths, SchoolIndex, SchemeIndex, accrueTeacherMonth, type TeacherFacts } from '../domain/accrual';
import { adjustmentsFor } from '../domain/adjustment';
import { monthContaining, monthOf, type IsoDate } from '../domain/calendar';
import { LedgerFacts } from './ledger-facts';
import { LedgerRepository, type NewAdjustment, type PostedAdjustment } from './ledger.repository';

/**
 * Corrections by reversal: when a fact arrives late for months already accrued (a backdated appointment or
 * correction, an absence recorded late, an establishment type or a tier table with a past date), those
 * months are recomputed and each difference is posted as an adjustment line with
 * subsidies.AdjustmentPosted; the lines already written stay as they are.
 */
@Injectable()
export class RecomputeLedger {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly facts: LedgerFacts,
    private readonly schemes: SchemeRepository,
    private readonly outbox: Outbox,
  ) {}

  /** After a fact about one teacher (its county lock is held, shared, by the caller) that changes days from `from` on. */
  async teacher(m: EntityManager, input: { teacherId: string; countyCode: string; from: IsoDate; cause: string }): Promise<PostedAdjustment[]> {
    const months = await this.ledger.accruedMonths(m, input.countyCode, monthContaining(input.from));
    if (months.length === 0) return [];
    // One teacher's recomputes one at a time (facts arrive on several topics at once).
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`subsidies.teacher:${input.teacherId}`]);
    // One after the other: inside the transaction they share one connection.
    const facts = await this.facts.teacher(m, input.teacherId);
    const schools = await this.facts.schools(m, input.countyCode);
    const versions = await this.schemes.versions(m, input.countyCode);
    const lines = accrueTeacherMonths(facts, months.map(monthOf), schools, versions);
    return this.post(m, input.countyCode, [facts], months, lines, input.cause);
  }

  /** After a change of the county's scheme from a date: every teacher of each accrued month since (exclusive county lock held). */
  async county(m: EntityManager, input: { countyCode: string; from: IsoDate; cause: string }): Promise<{ months: string[]; adjustments: PostedAdjustment[] }> {
    const months = await this.ledger.accruedMonths(m, input.countyCode, monthContaining(input.from));
    const schools = await this.facts.schools(m, input.countyCode);
    const versions = await this.schemes.versions(m, input.countyCode);
    const schoolIndex = new SchoolIndex(schools);
    const schemes = new SchemeIndex(versions);
    const adjustments: PostedAdjustment[] = [];
    for (const key of months) {
      const month = monthOf(key);
      const teachers = await this.facts.countyTeachers(m, input.countyCode, month);
      const byDay = schemes.forMonth(month);
      const lines = teachers.flatMap((t) => accrueTeacherMonth(t, month, schoolIndex, byDay).lines);
      // Teachers with lines posted but no appointment left in the month are owed nothing now.
      adjustments.push(...(await this.post(m, input.countyCode, teachers, [key], lines, input.cause, true)));
    }
    return { months, adjustments };
  }

  private async post(
    m: EntityManager,
    countyCode: string,
    teachers: readonly TeacherFacts[],
    months: readonly string[],
    lines: ReturnType<typeof accrueTeacherMonths>,
    cause: string,
    includePostedOthers = false,
  ): Promise<PostedAdjustment[]> {
    const ids = teachers.map((t) => t.teacherId);
    const posted = await this.ledger.posted(m, includePostedOthers ? await this.postedTeachers(m, countyCode, months, ids) : ids, months);
    const byTeacher = new Map<string, typeof lines>();
    for (const l of lines) {
      const list = byTeacher.get(l.teacherId);
      if (list) list.push(l);
      else byTeacher.set(l.teacherId, [l]);
    }
    const teacherIds = new Set([...ids, ...posted.keys()]);
    const diffs: NewAdjustment[] = [];
    for (const teacherId of teacherIds) {
      for (const month of months) {
        for (const d of adjustmentsFor(month, posted.get(teacherId)?.get(month) ?? new Map(), byTeacher.get(teacherId) ?? [])) {
          diffs.push({ countyCode, teacherId, month, schoolId: d.schoolId, beforeFen: d.beforeFen, afterFen: d.afterFen, line: d.line, cause });
        }
      }
    }
    const out = await this.ledger.insertAdjustments(m, diffs);
    await this.outbox.addAll(m, out.map(({ id, ...data }) => ({ contract: AdjustmentPosted, data: { lineId: id, ...data } })));
    return out;
  }

  private async postedTeachers(m: EntityManager, countyCode: string, months: readonly string[], known: readonly string[]): Promise<string[]> {
    const rows = await m.query(`SELECT DISTINCT teacher_id AS id FROM subsidies.ledger_lines WHERE county_code = $1 AND month = ANY($2)`, [countyCode, months]);
    return [...new Set([...known, ...rows.map((r: { id: string }) => r.id)])];
  }
}
