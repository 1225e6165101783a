import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { policyValue } from '@app/policy';
import { renderPdf, pdfTable } from '@app/pdf';
import { countyDisplayName } from '@app/rules';
import { UnitOfWork, PolicyValuesStore } from '@app/runtime';
import { ActivityRepository } from '../../activities/application/activity.repository';
import { isTargeted, type ActivityKind } from '../../activities/domain/activity';
import { AttendanceRepository } from '../../attendance/application/attendance.repository';
import { schoolYearPeriod, semester, semesterOf, within, type IsoDate, type Period } from '../../calendar/domain/periods';
import { ComplianceRepository } from '../../compliance/application/compliance.repository';
import type { ActivityFacts } from '../../compliance/domain/evaluate';
import { r7Teacher, r8Teacher, type RuleResult } from '../../compliance/domain/rules';
import { CreditLedger } from '../../credits/application/credit-ledger';
import { annualRequirement, cycleProgress, yearTotals } from '../../credits/domain/ledger';
import { GrowthRepository } from '../../growth/application/growth.repository';
import { readiness, STAGE_NAMES } from '../../growth/domain/growth';
import { TeacherUnknown } from '../../growth/application/manage-growth.use-case';
import { TeacherDirectory, type TeacherView } from './teacher-directory';

const CATEGORY_NAMES: Record<string, string> = { centralised: '集中', school_based: '校本', online: '网络', public_required: '公需' };

/** Live status of a teacher for an open period: not met yet is "in progress" until the period ends. */
function live(r: RuleResult, period: Period, asOf: IsoDate): RuleResult & { period: string; periodEnds: IsoDate } {
  return { ...r, status: r.status === 'shortfall' && asOf <= period.to ? 'in_progress' : r.status, period: period.key, periodEnds: period.to };
}

/** What a teacher (and HR for them) reads: hours by year and category, 5-year progress, R7/R8 status, stage; the transcript. */
@Injectable()
export class TeacherRecords {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly policy: PolicyValuesStore,
    private readonly directory: TeacherDirectory,
    private readonly ledger: CreditLedger,
    private readonly activities: ActivityRepository,
    private readonly attendance: AttendanceRepository,
    private readonly results: ComplianceRepository,
    private readonly growth: GrowthRepository,
  ) {}

  async teacher(teacherId: string, asOf: IsoDate): Promise<TeacherView> {
    const t = await this.directory.find(this.uow.reader, teacherId, asOf);
    if (!t) throw new TeacherUnknown(teacherId);
    return t;
  }

  async record(teacherId: string, asOf: IsoDate) {
    const m = this.uow.reader;
    const policy = await this.policy.values(m);
    const t = await this.teacher(teacherId, asOf);
    const entries = await this.ledger.teacherEntries(m, teacherId);
    const years = yearTotals(entries, policy);
    const { schoolYear, term } = semesterOf(asOf);
    const sem = semester(schoolYear, term);
    const year = schoolYearPeriod(schoolYear);
    const activities = await this.activities.facts(m, t.countyCode, year.from, year.to);
    const statuses = await this.statuses(m, t, activities, ['county_special_training', 'regional_research']);
    const r7 = t.rural ? live(r7Teacher(statuses('county_special_training', sem), sem.to, policy), sem, asOf) : null;
    const r8 = t.smallScale ? live(r8Teacher(statuses('regional_research', year), year.to, policy), year, asOf) : null;
    const stage = await this.growth.current(m, teacherId);
    const awards = await this.growth.awards(m, teacherId);
    const hours5y = years.filter((y) => y.year > Number(asOf.slice(0, 4)) - 5).reduce((s, y) => s + y.counted, 0);
    return {
      teacher: { id: t.teacherId, staffNo: t.staffNo, name: t.name, countyCode: t.countyCode, schoolId: t.schoolId, schoolName: t.schoolName, category: t.category, title: t.title, rural: t.rural, smallScale: t.smallScale, firstServiceDate: t.firstServiceDate },
      asOf,
      credits: { years, progress: cycleProgress(t.firstServiceDate, years, asOf, policy), entries },
      status: { R7: r7, R8: r8 },
      results: await this.results.forTeacher(m, teacherId),
      stage: stage
        ? { ...stage, name: STAGE_NAMES[stage.stage], history: await this.growth.history(m, teacherId), awards, readiness: readiness(stage, { title: t.title, hours5y, awards: awards.filter((a) => a.awardedOn >= stage.since).length }, asOf, policy) }
        : null,
    };
  }

  /** Statuses of the teacher at the activities of a kind offered to them in a period (null: no row). */
  private async statuses(m: EntityManager, t: TeacherView, activities: ActivityFacts[], kinds: ActivityKind[]) {
    const relevant = activities.filter((a) => kinds.includes(a.kind) && isTargeted(a.target, t));
    const index = await this.attendance.statusIndex(m, relevant.map((a) => a.id));
    const mine = index.get(t.teacherId);
    return (kind: ActivityKind, p: Period) => relevant.filter((a) => a.kind === kind && within(a.startDate, p)).map((a) => mine?.get(a.id) ?? null);
  }

  /** 学时证明: the teacher's credit hours as a PDF (Chinese and English), from the ledger. */
  async transcript(teacherId: string, asOf: IsoDate): Promise<Buffer> {
    const policy = await this.policy.values(this.uow.reader);
    const r = await this.record(teacherId, asOf);
    const p = r.credits.progress;
    const live = new Map<string, number>();
    for (const e of r.credits.entries) live.set(`${e.activityId}`, (live.get(e.activityId) ?? 0) + e.hours);
    const lines = r.credits.entries.filter((e) => !e.reversesId && (live.get(e.activityId) ?? 0) > 0 && !r.credits.entries.some((x) => x.reversesId === e.id));
    return renderPdf({ title: `学时证明 Credit-hour transcript — ${r.teacher.name}`, subject: 'continuing education credit hours' }, (doc) => {
      doc.fontSize(16).text('继续教育学时证明 / Continuing-education credit-hour transcript', { align: 'center' });
      doc.moveDown(0.5).fontSize(10);
      doc.text(`姓名 Name: ${r.teacher.name}    工号 Staff no.: ${r.teacher.staffNo ?? '—'}    县 County: ${countyDisplayName(r.teacher.countyCode)}`);
      doc.text(`学校 School: ${r.teacher.schoolName ?? '—'}    职称 Title: ${r.teacher.title ?? '—'}    截至 As of: ${asOf}`);
      doc.text(`周期 Cycle ${p.cycle.from}–${p.cycle.to}: ${p.counted} / ${p.required} 学时 hours (尚需 remaining ${p.remaining});  ${p.thisYear.year} 年度 year: ${p.thisYear.counted} / ${p.thisYear.required}`);
      if (r.stage) doc.text(`成长阶段 Growth stage: ${r.stage.category} · ${r.stage.name} (${r.stage.stage}) since ${r.stage.since}`);
      doc.moveDown(0.5);
      pdfTable(
        doc,
        [
          { header: '年度 Year', width: 0.12 },
          ...(['centralised', 'school_based', 'online', 'public_required'] as const).map((c) => ({ header: `${CATEGORY_NAMES[c]} ${c.replace('_', '-')}`, width: 0.14, align: 'right' as const })),
          { header: '计入 Counted', width: 0.16, align: 'right' },
          { header: '要求 Required', width: 0.16, align: 'right' },
        ],
        r.credits.years.map((y) => [String(y.year), ...(['centralised', 'school_based', 'online', 'public_required'] as const).map((c) => String(y.byCategory[c])), String(y.counted), String(annualRequirement(r.teacher.firstServiceDate, y.year, policy))]),
      );
      pdfTable(
        doc,
        [
          { header: '日期 Date', width: 0.13 },
          { header: '编号 Code', width: 0.13 },
          { header: '活动 Activity', width: 0.38 },
          { header: '类别 Category', width: 0.12 },
          { header: '学时 Hours', width: 0.1, align: 'right' },
          { header: '证书 Certificate', width: 0.14 },
        ],
        lines.map((e) => [e.earnedOn, e.code, e.title, CATEGORY_NAMES[e.category] ?? e.category, String(e.hours), e.certificateNo ?? '']),
      );
      doc.fontSize(8).text(`江门市教育局 Jiangmen education bureau · ${asOf} · 每年12月31日结算，不结转 (each year closes on 31 December without carry-over); 网络学时每年最多计入 ${policyValue('credits.online_max_hours_per_year', asOf, policy)} (online hours counted up to the yearly cap)`);
    });
  }
}

