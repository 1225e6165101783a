import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppealDecided, AppealFiled } from '@app/contracts';
import { AuditTrail } from '@app/audit';
import { Forbidden, type Principal } from '@app/auth';
import { Outbox } from '@app/messaging';
import { endOfDayInShanghai } from '@app/rules';
import { PolicyValuesStore, UnitOfWork } from '@app/runtime';
import { Clock } from '../../cycles/application/clock';
import { CycleRepository } from '../../cycles/application/cycle.repository';
import { CycleNotFound } from '../../cycles/domain/cycle';
import { TeacherFactsRepository } from '../../eligibility/application/teacher-facts.repository';
import { ApprovalRecords } from '../../plans/application/approval-records.service';
import { ApprovedPlanRepository, type ApprovedMoveRecord } from '../../plans/application/approved-plan.repository';
import { PlanRepository } from '../../plans/application/plan.repository';
import { appealOpen, appealPeriod, AppealAlreadyOpen, AppealNotFound, checkOpen, isOverdue, newAppeal, NoMoveToAppeal, StaleAppealVersion, type Appeal, type AppealStatus } from '../domain/appeal';
import { AttachmentNotFound, checkAttachment, type AttachmentMeta } from '../domain/attachment';
import { AmendmentRepository, type AmendmentRecord } from './amendment.repository';
import { AppealRepository } from './appeal.repository';
import { WorkingCalendarService } from './working-calendar.use-case';

/** Who decides appeals of a county: its HR officers, and the city. */
export function canDecide(p: Principal, countyCode: string): boolean {
  return p.role === 'city_admin' || (p.role === 'county_hr' && p.countyCode === countyCode);
}

export function assertCanDecide(p: Principal, countyCode: string): void {
  if (!canDecide(p, countyCode)) throw new Forbidden(`${p.role}${p.countyCode ? ` of ${p.countyCode}` : ''} may not decide the appeals of ${countyCode}`, { countyCode });
}

/** An appeal is read by the teacher who filed it and by those who decide it: nobody else. */
export function assertCanReadAppeal(p: Principal, a: Pick<Appeal, 'teacherId' | 'countyCode'>): void {
  if (p.role === 'teacher' ? p.teacherId === a.teacherId : canDecide(p, a.countyCode)) return;
  throw new Forbidden(`${p.role === 'teacher' ? `teacher ${p.teacherId}` : p.role} may not read this appeal`);
}

export interface AppealView extends Appeal {
  /** the decision period ended and HR has not decided */
  overdue: boolean;
  decideByEndsAt: string;
  appealDeadlineEndsAt: string;
  move: { moveId: string; fromSchoolId: string; toSchoolId: string; effectiveDate: string; toldOn: string } | null;
  attachments: AttachmentMeta[];
  amendments: { id: string; number: number; status: string; action: AmendmentRecord['action']; createdAt: string }[];
}

/**
 * Appeals of approved moves (issue #13): a teacher files one for their own move within the appeal period
 * (late: refused with the date and time it ended), adds attachments while it is open, and reads it; HR of
 * the county (or the city) lists the county's appeals, overdue ones flagged, reads them with their files,
 * and upholds the decision with a reason — or amends the plan (AmendPlan). Every step is audited and
 * announced (rotation.AppealFiled, rotation.AppealDecided) in its transaction, so people are told.
 */
@Injectable()
export class Appeals {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly appeals: AppealRepository,
    private readonly amendments: AmendmentRepository,
    private readonly cycles: CycleRepository,
    private readonly approved: ApprovedPlanRepository,
    private readonly plans: PlanRepository,
    private readonly facts: TeacherFactsRepository,
    private readonly calendar: WorkingCalendarService,
    private readonly policy: PolicyValuesStore,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly approvals: ApprovalRecords,
  ) {}

  /** The teacher's approved move in the cycle, the appeal period and their appeals of it. */
  async myMove(p: Principal, cycleId: string) {
    const { move, countyCode } = await this.ownMove(p, cycleId);
    const m = this.uow.reader;
    const now = this.clock.now();
    const appeals = move ? (await this.appeals.list(m, { teacherId: p.teacherId!, cycleId, limit: 100, offset: 0 })).items : [];
    if (!move) return { cycleId, countyCode, move: null, appealPeriod: null, appeals: await this.views(m, appeals, now) };
    const period = appealPeriod(move.toldOn, await this.policy.values(m), await this.calendar.calendar(m));
    const names = await this.plans.names(m, [move.teacherId], [move.planned.fromSchoolId, move.planned.toSchoolId]);
    return {
      cycleId,
      countyCode,
      move: { moveId: move.moveId, fromSchoolId: move.planned.fromSchoolId, toSchoolId: move.planned.toSchoolId, effectiveDate: move.announced.effectiveDate, toldOn: move.toldOn, schools: names.schools },
      appealPeriod: { ...period, open: appealOpen(period, now) },
      appeals: await this.views(m, appeals, now),
    };
  }

  /** A teacher appeals their own standing move, within the appeal period. */
  async file(p: Principal, cycleId: string, reasons: string): Promise<AppealView> {
    const { move, countyCode, cycle } = await this.ownMove(p, cycleId);
    if (!move) throw new NoMoveToAppeal(cycleId, `you have no approved move in cycle ${cycle.schoolYear} of ${countyCode} to appeal`);
    const now = this.clock.now();
    const appeal = await this.uow.run(async (m) => {
      const values = await this.policy.values(m);
      const cal = await this.calendar.calendar(m);
      const draft = newAppeal({ cycleId, planId: move.planId, moveId: move.moveId, teacherId: move.teacherId, countyCode }, reasons, appealPeriod(move.toldOn, values, cal), now, values, cal);
      const saved = await this.appeals.insert(m, draft);
      if (!saved) throw new AppealAlreadyOpen((await this.appeals.openForMove(m, move.moveId))?.id ?? 'unknown');
      await this.outbox.add(m, AppealFiled, { appealId: saved.id, cycleId, planId: saved.planId, moveId: saved.moveId, teacherId: saved.teacherId, countyCode, filedAt: draft.filedAt, decideBy: saved.decideBy });
      await this.audit.record(m, { actor: p, countyCode, action: 'appeal.filed', entityType: 'appeal', entityId: saved.id, before: null, after: saved });
      return saved;
    });
    return (await this.views(this.uow.reader, [appeal], now))[0];
  }

  async get(p: Principal, id: string): Promise<AppealView> {
    const a = await this.appeals.find(this.uow.reader, id);
    if (!a) throw new AppealNotFound(id);
    assertCanReadAppeal(p, a);
    return (await this.views(this.uow.reader, [a], this.clock.now()))[0];
  }

  /** HR's list of a county's appeals (the city: any county), open ones first by their decision day, overdue flagged. */
  async list(p: Principal, q: { countyCode?: string; cycleId?: string; status?: AppealStatus; overdue?: boolean; limit: number; offset: number }) {
    const countyCode = q.countyCode ?? (p.role === 'county_hr' ? p.countyCode : undefined);
    if (countyCode !== undefined) assertCanDecide(p, countyCode);
    else if (p.role !== 'city_admin') throw new Forbidden(`${p.role} may not list appeals`);
    const now = this.clock.now();
    const status = q.overdue ? 'open' : q.status;
    const { items, total } = await this.appeals.list(this.uow.reader, { countyCode, cycleId: q.cycleId, status, limit: q.overdue ? 10_000 : q.limit, offset: q.overdue ? 0 : q.offset });
    const picked = q.overdue ? items.filter((a) => isOverdue(a, now)) : items;
    const page = q.overdue ? picked.slice(q.offset, q.offset + q.limit) : picked;
    const views = await this.views(this.uow.reader, page, now);
    const names = await this.plans.names(this.uow.reader, views.map((v) => v.teacherId), views.flatMap((v) => (v.move ? [v.move.fromSchoolId, v.move.toSchoolId] : [])));
    return { items: views, total: q.overdue ? picked.length : total, overdue: views.filter((v) => v.overdue).length, names };
  }

  /** The teacher's own appeals, every cycle. */
  async mine(p: Principal) {
    if (!p.teacherId) throw new Forbidden(`${p.role} has no appeals of their own`);
    const { items } = await this.appeals.list(this.uow.reader, { teacherId: p.teacherId, limit: 500, offset: 0 });
    return { teacherId: p.teacherId, items: await this.views(this.uow.reader, items, this.clock.now()) };
  }

  /** The teacher adds a file to their open appeal. */
  async attach(p: Principal, appealId: string, file: { contentType: string | undefined; filename: string | undefined; bytes: Buffer }): Promise<AttachmentMeta> {
    return this.uow.run(async (m) => {
      const a = await this.appeals.lock(m, appealId);
      if (!a) throw new AppealNotFound(appealId);
      if (p.role !== 'teacher' || p.teacherId !== a.teacherId) throw new Forbidden('only the teacher who filed the appeal adds files to it');
      checkOpen(a);
      const already = (await this.appeals.attachments(m, [a.id])).length;
      const ok = checkAttachment(file.contentType, file.bytes, file.filename, already);
      const saved = await this.appeals.addAttachment(m, {
        appealId: a.id,
        filename: ok.filename,
        contentType: ok.contentType,
        size: file.bytes.length,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        content: file.bytes,
        uploadedBy: p.subject,
      });
      await this.audit.record(m, { actor: p, countyCode: a.countyCode, action: 'appeal.attachment', entityType: 'appeal', entityId: a.id, before: null, after: saved });
      return saved;
    });
  }

  /** A file of an appeal, for the teacher who filed it and HR of the county (and the city). */
  async download(p: Principal, appealId: string, attachmentId: string): Promise<AttachmentMeta & { content: Buffer }> {
    const a = await this.appeals.find(this.uow.reader, appealId);
    if (!a) throw new AppealNotFound(appealId);
    assertCanReadAppeal(p, a);
    const file = await this.appeals.attachment(this.uow.reader, appealId, attachmentId);
    if (!file) throw new AttachmentNotFound(attachmentId);
    return file;
  }

  /** HR upholds the decision: the move stands, for the reason given. */
  async uphold(p: Principal, appealId: string, reason: string, version: number): Promise<AppealView> {
    const now = this.clock.now();
    const decided = await this.uow.run(async (m) => {
      const a = await this.appeals.lock(m, appealId);
      if (!a) throw new AppealNotFound(appealId);
      assertCanDecide(p, a.countyCode);
      checkOpen(a);
      const saved = await this.appeals.decide(m, a.id, version, { status: 'upheld', decidedAt: now.toISOString(), decidedBy: p.subject, decisionReason: reason, amendmentId: null });
      if (!saved) throw new StaleAppealVersion(a.id);
      await this.outbox.add(m, AppealDecided, { appealId: a.id, cycleId: a.cycleId, moveId: a.moveId, teacherId: a.teacherId, countyCode: a.countyCode, decision: 'upheld', amendmentId: null, reason, decidedAt: now.toISOString() });
      await this.audit.record(m, { actor: p, countyCode: a.countyCode, action: 'appeal.upheld', entityType: 'appeal', entityId: a.id, before: a, after: saved });
      return saved;
    });
    return (await this.views(this.uow.reader, [decided], now))[0];
  }

  private async ownMove(p: Principal, cycleId: string): Promise<{ move: ApprovedMoveRecord | null; countyCode: string; cycle: { schoolYear: number } }> {
    const m = this.uow.reader;
    const cycle = await this.cycles.findById(m, cycleId);
    if (!cycle) throw new CycleNotFound(cycleId);
    if (p.role !== 'teacher' || !p.teacherId) throw new Forbidden(`${p.role} has no move of their own to appeal`);
    const teacher = await this.facts.membership(m, p.teacherId);
    if (!teacher || teacher.countyCode !== cycle.countyCode) throw new Forbidden(`teacher ${p.teacherId} is not in ${cycle.countyCode}'s pool`);
    const approval = await this.approvals.of(cycle);
    const move = approval ? await this.approved.currentMoveOf(m, approval.planId, p.teacherId) : null;
    return { move, countyCode: cycle.countyCode, cycle };
  }

  private async views(m: EntityManager, appeals: readonly Appeal[], now: Date): Promise<AppealView[]> {
    const ids = appeals.map((a) => a.id);
    const [moves, files, amendments] = await Promise.all([this.approved.findMoves(m, appeals.map((a) => a.moveId)), this.appeals.attachments(m, ids), this.amendments.forAppeals(m, ids)]);
    const moveById = new Map(moves.map((x) => [x.moveId, x]));
    return appeals.map((a) => {
      const mv = moveById.get(a.moveId);
      return {
        ...a,
        overdue: isOverdue(a, now),
        decideByEndsAt: endOfDayInShanghai(a.decideBy),
        appealDeadlineEndsAt: endOfDayInShanghai(a.appealDeadline),
        move: mv ? { moveId: mv.moveId, fromSchoolId: mv.planned.fromSchoolId, toSchoolId: mv.planned.toSchoolId, effectiveDate: mv.announced.effectiveDate, toldOn: mv.toldOn } : null,
        attachments: files.filter((f) => f.appealId === a.id),
        amendments: amendments.filter((x) => x.appealId === a.id).map((x) => ({ id: x.id, number: x.number, status: x.status, action: x.action, createdAt: x.createdAt })),
      };
    });
  }
}
