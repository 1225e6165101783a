import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  AdjustmentPosted,
  AppealDecided,
  AppealFiled,
  ComplianceRestored,
  ComplianceShortfall,
  CycleOpened,
  EventData,
  MoveApprovedV2,
  MoveRejected,
  ObligationRaised,
  PlanAmended,
  PlanApproved,
} from '@app/contracts';
import { todayInShanghai } from '@app/rules';
import { Directory, type TeacherCard } from '../../directory/application/directory';
import { ENABLED_CHANNELS } from '../../delivery/application/channel';
import type { ChannelName } from '../../delivery/domain/delivery';
import { amendmentRecipients, type AmendmentInput, type MoveFacts } from '../domain/amendments';
import { obligationNoticeKind } from '../domain/obligations';
import { render, type FactRow, type Facts, type NoticeKind } from '../domain/templates';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../domain/wording';
import { NoticeRepository, type NewNotice, type Recipient } from './notice.repository';

/** The source event a notice comes from: its id (the notice's idempotency key, with the recipient) and type. */
export interface Source {
  id: string;
  type: string;
}

export const CITY_INBOX = 'jiangmen';

/**
 * Who is told what, event by event: builds the recipients from the read model, renders each notice in the
 * recipient's language and writes it (with its deliveries) in the consumer's transaction. Writing is
 * idempotent per event and recipient, so a redelivered or replayed event adds nothing.
 */
@Injectable()
export class NotifyService {
  constructor(
    private readonly directory: Directory,
    private readonly notices: NoticeRepository,
    @Inject(ENABLED_CHANNELS) private readonly channels: readonly ChannelName[],
  ) {}

  async moveApproved(m: EntityManager, src: Source, e: EventData<typeof MoveApprovedV2>): Promise<number> {
    const { teacher, schools: names } = await this.directory.teacherAndSchools(m, e.teacherId, [e.toSchoolId, ...(e.fromSchoolId ? [e.fromSchoolId] : [])], todayInShanghai());
    const facts: Facts = {
      planId: e.planId,
      cycleId: e.cycleId,
      moveId: e.moveId,
      teacherId: e.teacherId,
      teacherName: teacher?.name ?? null,
      staffNo: teacher?.staffNo ?? null,
      fromSchoolId: e.fromSchoolId,
      fromSchoolName: e.fromSchoolId ? (names.get(e.fromSchoolId) ?? null) : null,
      toSchoolId: e.toSchoolId,
      toSchoolName: names.get(e.toSchoolId) ?? null,
      moveKind: e.kind,
      role: e.role,
      effectiveDate: e.effectiveDate,
      endDate: e.endDate,
    };
    const out: NewNotice[] = [this.notice(src, { type: 'teacher', id: e.teacherId }, e.countyCode, 'move_approved', teacher?.language, facts)];
    if (e.fromSchoolId) out.push(this.notice(src, { type: 'school', id: e.fromSchoolId }, e.countyCode, 'move_approved_leaving', DEFAULT_LANGUAGE, { ...facts, schoolName: facts.fromSchoolName }));
    if (e.toSchoolId !== e.fromSchoolId) out.push(this.notice(src, { type: 'school', id: e.toSchoolId }, e.countyCode, 'move_approved_joining', DEFAULT_LANGUAGE, { ...facts, schoolName: facts.toSchoolName }));
    return this.notices.add(m, out, this.channels);
  }

  async moveRejected(m: EntityManager, src: Source, e: EventData<typeof MoveRejected>): Promise<number> {
    const teacher = await this.teacherOrNull(m, e.teacherId);
    if (!teacher) return 0; // no county to tell: the teacher is not in the read model (never registered)
    const facts: Facts = { moveId: e.moveId, teacherId: e.teacherId, teacherName: teacher.name, staffNo: teacher.staffNo, code: e.code, reason: e.reason, toSchoolName: null };
    return this.notices.add(m, [this.notice(src, { type: 'county', id: teacher.countyCode }, teacher.countyCode, 'move_rejected', DEFAULT_LANGUAGE, facts)], this.channels);
  }

  /** The teacher and the county's HR; which notice depends on what was known of the obligation before. */
  async obligationRaised(m: EntityManager, src: Source, e: EventData<typeof ObligationRaised>, before: { severity: string; dueBy: string } | null): Promise<number> {
    const kind = obligationNoticeKind(before, e);
    if (!kind) return 0;
    const teacher = await this.teacherOrNull(m, e.teacherId);
    const facts: Facts = {
      obligationId: e.obligationId,
      rule: e.rule,
      teacherId: e.teacherId,
      teacherName: teacher?.name ?? null,
      staffNo: teacher?.staffNo ?? null,
      severity: e.severity,
      previousSeverity: before?.severity ?? null,
      dueBy: e.dueBy,
      previousDueBy: before?.dueBy ?? null,
      asOf: e.asOf,
    };
    return this.notices.add(
      m,
      [
        this.notice(src, { type: 'teacher', id: e.teacherId }, e.countyCode, kind, teacher?.language, facts),
        this.notice(src, { type: 'county', id: e.countyCode }, e.countyCode, kind, DEFAULT_LANGUAGE, facts),
      ],
      this.channels,
    );
  }

  async cycleOpened(m: EntityManager, src: Source, e: EventData<typeof CycleOpened>): Promise<number> {
    const facts: Facts = { cycleId: e.cycleId, countyCode: e.countyCode, schoolYear: e.schoolYear, deadline: e.preferenceDeadline, effectiveDate: e.effectiveDate };
    return this.notices.broadcast(m, { sourceEventId: src.id, sourceType: src.type, countyCode: e.countyCode, kind: 'cycle_opened', facts, rendered: renderBoth('cycle_opened', facts) }, this.channels);
  }

  /** A cycle's reminder of `offset` days (sent `daysLeft` days ahead), to its county's teachers who have not submitted. */
  async preferenceReminder(m: EntityManager, cycle: { cycleId: string; countyCode: string; schoolYear: number; deadline: string }, due: { offset: number; daysLeft: number }): Promise<number> {
    const facts: Facts = { cycleId: cycle.cycleId, countyCode: cycle.countyCode, schoolYear: cycle.schoolYear, deadline: cycle.deadline, daysLeft: due.daysLeft, reminder: due.offset };
    // Deterministic: the reminder of a cycle and day is one "event", so a rerun for the same date sends nothing new.
    return this.notices.broadcast(
      m,
      {
        sourceEventId: `reminder:${cycle.cycleId}:${due.offset}`,
        sourceType: 'notices.PreferenceReminder',
        countyCode: cycle.countyCode,
        kind: 'preference_reminder',
        facts,
        rendered: renderBoth('preference_reminder', facts),
        notSubmittedIn: cycle.cycleId,
      },
      this.channels,
    );
  }

  async planApproved(m: EntityManager, src: Source, e: EventData<typeof PlanApproved>): Promise<number> {
    const facts: Facts = { cycleId: e.cycleId, planId: e.planId, countyCode: e.countyCode, schoolYear: e.schoolYear, effectiveDate: e.effectiveDate, moves: e.moves, approvedBy: e.approvedBy };
    return this.notices.add(
      m,
      [
        this.notice(src, { type: 'county', id: e.countyCode }, e.countyCode, 'plan_approved', DEFAULT_LANGUAGE, facts),
        this.notice(src, { type: 'city', id: CITY_INBOX }, e.countyCode, 'plan_approved', DEFAULT_LANGUAGE, facts),
      ],
      this.channels,
    );
  }

  async appealFiled(m: EntityManager, src: Source, e: EventData<typeof AppealFiled>): Promise<number> {
    const teacher = await this.teacherOrNull(m, e.teacherId);
    const facts: Facts = {
      appealId: e.appealId,
      cycleId: e.cycleId,
      moveId: e.moveId,
      teacherId: e.teacherId,
      teacherName: teacher?.name ?? null,
      staffNo: teacher?.staffNo ?? null,
      filedOn: todayInShanghai(new Date(e.filedAt)),
      decideBy: e.decideBy,
    };
    return this.toTeacherAndCounty(m, src, e.teacherId, e.countyCode, 'appeal_filed', teacher, facts);
  }

  async appealDecided(m: EntityManager, src: Source, e: EventData<typeof AppealDecided>): Promise<number> {
    const teacher = await this.teacherOrNull(m, e.teacherId);
    const facts: Facts = {
      appealId: e.appealId,
      cycleId: e.cycleId,
      moveId: e.moveId,
      teacherId: e.teacherId,
      teacherName: teacher?.name ?? null,
      staffNo: teacher?.staffNo ?? null,
      decision: e.decision,
      amendmentId: e.amendmentId,
      reason: e.reason,
      decidedOn: todayInShanghai(new Date(e.decidedAt)),
    };
    return this.toTeacherAndCounty(m, src, e.teacherId, e.countyCode, 'appeal_decided', teacher, facts);
  }

  /**
   * An amended plan: each teacher whose move it cancelled or added, and the appealing teacher (told when
   * their move is unchanged too); the administrators of each school whose arrivals or departures changed;
   * the county's HR. One notice per recipient, each in its reader's language.
   */
  async planAmended(m: EntityManager, src: Source, e: EventData<typeof PlanAmended>, known: { cancelled: MoveFacts[]; appellant: AmendmentInput['appellant'] }): Promise<number> {
    const added: MoveFacts[] = e.moves.map((v) => ({ moveId: v.moveId, teacherId: v.teacherId, fromSchoolId: v.fromSchoolId, toSchoolId: v.toSchoolId, kind: v.kind, effectiveDate: v.effectiveDate, endDate: v.endDate }));
    const { teachers, schools } = amendmentRecipients({ cancelledMoveIds: e.cancelledMoveIds, cancelled: known.cancelled, added, appellant: known.appellant });
    const schoolIds = new Set<string>();
    for (const v of [...known.cancelled, ...added, ...(known.appellant?.appealedMove ? [known.appellant.appealedMove] : [])]) {
      schoolIds.add(v.toSchoolId);
      if (v.fromSchoolId) schoolIds.add(v.fromSchoolId);
    }
    const names = await this.directory.schoolNames(m, [...schoolIds]);
    const name = (id: string | null | undefined) => (id ? (names.get(id) ?? null) : null);
    const cards = new Map<string, TeacherCard | null>();
    for (const id of new Set([...teachers.map((t) => t.teacherId), ...known.cancelled.map((v) => v.teacherId)])) cards.set(id, await this.teacherOrNull(m, id));
    const card = (id: string) => cards.get(id) ?? null;
    const base: Facts = { planId: e.planId, amendmentId: e.amendmentId, cycleId: e.cycleId };
    const out: NewNotice[] = [];

    for (const t of teachers) {
      const c = card(t.teacherId);
      const facts: Facts = {
        ...base,
        ...(t.appellant ? { appealId: e.appealId } : {}),
        teacherId: t.teacherId,
        teacherName: c?.name ?? null,
        staffNo: c?.staffNo ?? null,
        change: t.change,
        appellant: t.appellant,
        cancelledMoveId: t.cancelled?.moveId ?? null,
        cancelledFromSchoolId: t.cancelled?.fromSchoolId ?? null,
        cancelledFromSchoolName: name(t.cancelled?.fromSchoolId),
        cancelledToSchoolId: t.cancelled?.toSchoolId ?? null,
        cancelledToSchoolName: name(t.cancelled?.toSchoolId),
        cancelledEffectiveDate: t.cancelled?.effectiveDate ?? null,
        newMoveId: t.added?.moveId ?? null,
        newFromSchoolId: t.added?.fromSchoolId ?? null,
        newFromSchoolName: name(t.added?.fromSchoolId),
        newToSchoolId: t.added?.toSchoolId ?? null,
        newToSchoolName: name(t.added?.toSchoolId),
        newMoveKind: t.added?.kind ?? null,
        newEffectiveDate: t.added?.effectiveDate ?? null,
        newEndDate: t.added?.endDate ?? null,
        standingMoveId: t.standing?.moveId ?? null,
        standingToSchoolName: t.standing ? name(t.standing.toSchoolId) : null,
        standingEffectiveDate: t.standing?.effectiveDate ?? null,
      };
      out.push(this.notice(src, { type: 'teacher', id: t.teacherId }, e.countyCode, 'plan_amended', c?.language, facts));
    }

    for (const sc of schools) {
      const lines: FactRow[] = sc.lines.map((l) => {
        const other = (v: MoveFacts | null) => (v ? name(l.direction === 'leaving' ? v.toSchoolId : v.fromSchoolId) : null);
        return {
          teacherId: l.teacherId,
          teacherName: card(l.teacherId)?.name ?? null,
          staffNo: card(l.teacherId)?.staffNo ?? null,
          direction: l.direction,
          wasSchoolName: other(l.was),
          wasEffectiveDate: l.was?.effectiveDate ?? null,
          nowSchoolName: other(l.now),
          nowEffectiveDate: l.now?.effectiveDate ?? null,
          nowMoveKind: l.now?.kind ?? null,
        };
      });
      out.push(this.notice(src, { type: 'school', id: sc.schoolId }, e.countyCode, 'plan_amended', DEFAULT_LANGUAGE, { ...base, schoolId: sc.schoolId, schoolName: name(sc.schoolId), lines }));
    }

    const row = (v: MoveFacts): FactRow => ({
      moveId: v.moveId,
      teacherId: v.teacherId,
      teacherName: card(v.teacherId)?.name ?? null,
      staffNo: card(v.teacherId)?.staffNo ?? null,
      fromSchoolName: name(v.fromSchoolId),
      toSchoolName: name(v.toSchoolId),
      effectiveDate: v.effectiveDate,
    });
    const appellant = known.appellant ? card(known.appellant.teacherId) : null;
    const county: Facts = {
      ...base,
      countyCode: e.countyCode,
      appealId: e.appealId,
      appellantName: appellant?.name ?? null,
      appellantStaffNo: appellant?.staffNo ?? null,
      cancelledCount: e.cancelledMoveIds.length,
      unknownCancelled: e.cancelledMoveIds.length - known.cancelled.length,
      cancelled: known.cancelled.map(row),
      added: added.map(row),
    };
    out.push(this.notice(src, { type: 'county', id: e.countyCode }, e.countyCode, 'plan_amended', DEFAULT_LANGUAGE, county));
    return this.notices.add(m, out, this.channels);
  }

  async adjustmentPosted(m: EntityManager, src: Source, e: EventData<typeof AdjustmentPosted>): Promise<number> {
    const teacher = await this.teacherOrNull(m, e.teacherId);
    const names = await this.directory.schoolNames(m, [e.schoolId]);
    const facts: Facts = {
      lineId: e.lineId,
      teacherId: e.teacherId,
      teacherName: teacher?.name ?? null,
      month: e.month,
      schoolId: e.schoolId,
      schoolName: names.get(e.schoolId) ?? null,
      beforeFen: e.beforeFen,
      afterFen: e.afterFen,
      amountFen: e.amountFen,
      cause: e.cause,
    };
    return this.notices.add(m, [this.notice(src, { type: 'teacher', id: e.teacherId }, e.countyCode, 'subsidy_adjustment', teacher?.language, facts)], this.channels);
  }

  complianceShortfall(m: EntityManager, src: Source, e: EventData<typeof ComplianceShortfall>): Promise<number> {
    return this.compliance(m, src, 'training_shortfall', e, { message: e.message });
  }

  /** A rule announced as short is met after all: told to whoever was told of the shortfall. */
  complianceRestored(m: EntityManager, src: Source, e: EventData<typeof ComplianceRestored>): Promise<number> {
    return this.compliance(m, src, 'training_restored', e, {});
  }

  private async compliance(m: EntityManager, src: Source, kind: NoticeKind, e: EventData<typeof ComplianceRestored>, extra: Facts): Promise<number> {
    const facts: Facts = { countyCode: e.countyCode, rule: e.rule, period: e.period, subjectType: e.subjectType, subjectId: e.subjectId, required: e.required, actual: e.actual, ...extra, evaluatedOn: e.evaluatedOn };
    if (e.subjectType === 'county') {
      return this.notices.add(m, [this.notice(src, { type: 'county', id: e.countyCode }, e.countyCode, kind, DEFAULT_LANGUAGE, facts)], this.channels);
    }
    const teacher = await this.teacherOrNull(m, e.subjectId);
    return this.notices.add(
      m,
      [this.notice(src, { type: 'teacher', id: e.subjectId }, e.countyCode, kind, teacher?.language, { ...facts, teacherId: e.subjectId, teacherName: teacher?.name ?? null })],
      this.channels,
    );
  }

  private toTeacherAndCounty(m: EntityManager, src: Source, teacherId: string, countyCode: string, kind: NoticeKind, teacher: TeacherCard | null, facts: Facts): Promise<number> {
    return this.notices.add(
      m,
      [this.notice(src, { type: 'teacher', id: teacherId }, countyCode, kind, teacher?.language, facts), this.notice(src, { type: 'county', id: countyCode }, countyCode, kind, DEFAULT_LANGUAGE, facts)],
      this.channels,
    );
  }

  private teacherOrNull(m: EntityManager, teacherId: string): Promise<TeacherCard | null> {
    return this.directory.teacher(m, teacherId, todayInShanghai());
  }

  private notice(src: Source, recipient: Recipient, countyCode: string | null, kind: NoticeKind, language: Language | undefined, facts: Facts): NewNotice {
    const lang = language ?? DEFAULT_LANGUAGE;
    // A teacher the read model does not know yet is still addressed, by the neutral form of address.
    const rendered = render(kind, recipient.type, lang, { ...facts, teacherName: facts.teacherName ?? (lang === 'zh-CN' ? '' : 'teacher') });
    return { sourceEventId: src.id, sourceType: src.type, recipient, countyCode, kind, language: lang, subject: rendered.subject, body: rendered.body, facts };
  }
}

function renderBoth(kind: NoticeKind, facts: Facts) {
  return Object.fromEntries(LANGUAGES.map((l) => [l, render(kind, 'teacher', l, facts)])) as Record<Language, ReturnType<typeof render>>;
}
