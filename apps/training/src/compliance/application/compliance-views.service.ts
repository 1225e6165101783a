import { Injectable } from '@nestjs/common';
import { policyValue } from '@app/policy';
import { UnitOfWork, PolicyValuesStore } from '@app/runtime';
import { writeWorkbook } from '@app/spreadsheet';
import { ActivityRepository } from '../../activities/application/activity.repository';
import { isTargeted } from '../../activities/domain/activity';
import { AttendanceRepository } from '../../attendance/application/attendance.repository';
import { calendarYearPeriod, daysInclusive, schoolYearPeriod, semester, semesterOf, within, type IsoDate } from '../../calendar/domain/periods';
import { CreditLedger } from '../../credits/application/credit-ledger';
import { annualRequirement, yearTotals } from '../../credits/domain/ledger';
import { TrainingSchoolStore } from '../../schools/infrastructure/training-school.store';
import { TeacherDirectory } from '../../teachers/application/teacher-directory';
import { evaluateSchoolYear } from '../domain/evaluate';
import { r7Teacher, r8Teacher } from '../domain/rules';
import { ComplianceRepository } from './compliance.repository';

export interface AtRiskItem {
  teacherId: string;
  staffNo: string | null;
  name: string;
  schoolId: string | null;
  schoolName: string | null;
  rule: 'R7.teacher' | 'R8' | 'hours.year';
  period: string;
  periodEnds: IsoDate;
  daysLeft: number;
  required: number;
  actual: number;
}

/** Read views for HR and the city: at-risk lists, researchers' visits, the workbook export. */
@Injectable()
export class ComplianceViews {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly policy: PolicyValuesStore,
    private readonly directory: TeacherDirectory,
    private readonly activities: ActivityRepository,
    private readonly attendance: AttendanceRepository,
    private readonly ledger: CreditLedger,
    private readonly schools: TrainingSchoolStore,
    private readonly results: ComplianceRepository,
  ) {}

  /**
   * Teachers not yet meeting a rule whose period ends within the first (60 days) or second (30 days)
   * notice: R7 for the semester, R8 for the school year, the year's credit hours.
   */
  async atRisk(countyCode: string, asOf: IsoDate, notice: 'first' | 'second'): Promise<{ countyCode: string; asOf: IsoDate; days: number; items: AtRiskItem[] }> {
    const m = this.uow.reader;
    const policy = await this.policy.values(m);
    const days = policyValue(notice === 'first' ? 'atrisk.first_notice_days' : 'atrisk.second_notice_days', asOf, policy);
    const { schoolYear, term } = semesterOf(asOf);
    const sem = semester(schoolYear, term);
    const year = schoolYearPeriod(schoolYear);
    const cal = calendarYearPeriod(Number(asOf.slice(0, 4)));
    const ending = (p: { to: string }) => daysInclusive(asOf, p.to) - 1;
    const open = (p: { to: string }) => ending(p) >= 0 && ending(p) <= days;
    const teachers = await this.directory.county(m, countyCode, asOf);
    const activities = await this.activities.facts(m, countyCode, year.from, year.to);
    const trainings = activities.filter((a) => a.kind === 'county_special_training' && a.organiser === 'county' && within(a.startDate, sem));
    const research = activities.filter((a) => a.kind === 'regional_research' && within(a.startDate, year));
    const index = await this.attendance.statusIndex(m, [...trainings, ...research].map((a) => a.id));
    const totals = open(cal) ? await this.ledger.countyTotals(m, countyCode, Number(cal.key), Number(cal.key)) : [];
    const hoursBy = new Map<string, typeof totals>();
    for (const r of totals) hoursBy.set(r.teacherId, [...(hoursBy.get(r.teacherId) ?? []), r]);
    const items: AtRiskItem[] = [];
    for (const t of teachers) {
      const mine = index.get(t.teacherId);
      const base = { teacherId: t.teacherId, staffNo: t.staffNo, name: t.name, schoolId: t.schoolId, schoolName: t.schoolName };
      if (t.rural && open(sem)) {
        const r = r7Teacher(trainings.filter((a) => isTargeted(a.target, t)).map((a) => mine?.get(a.id) ?? null), sem.to, policy);
        if (r.status !== 'met') items.push({ ...base, rule: 'R7.teacher', period: sem.key, periodEnds: sem.to, daysLeft: ending(sem), required: r.required, actual: r.actual });
      }
      if (t.smallScale && open(year)) {
        const r = r8Teacher(research.filter((a) => isTargeted(a.target, t)).map((a) => mine?.get(a.id) ?? null), year.to, policy);
        if (r.status !== 'met') items.push({ ...base, rule: 'R8', period: year.key, periodEnds: year.to, daysLeft: ending(year), required: r.required, actual: r.actual });
      }
      if (open(cal)) {
        const required = annualRequirement(t.firstServiceDate, Number(cal.key), policy);
        const counted = yearTotals(hoursBy.get(t.teacherId) ?? [], policy)[0]?.counted ?? 0;
        if (counted < required) items.push({ ...base, rule: 'hours.year', period: cal.key, periodEnds: cal.to, daysLeft: ending(cal), required, actual: counted });
      }
    }
    return { countyCode, asOf, days, items };
  }

  /** R6 per researcher as of a date: visits in the 5-year window (on track pro rata) and stationing. */
  async researchers(countyCode: string, asOf: IsoDate) {
    const m = this.uow.reader;
    const policy = await this.policy.values(m);
    const teachers = (await this.directory.county(m, countyCode, asOf)).filter((t) => t.category === 'researcher');
    const activities = await this.activities.facts(m, countyCode, asOf, asOf);
    const ruralSchoolIds = await this.schools.ruralIds(m, countyCode);
    const outcomes = evaluateSchoolYear({ countyCode, schoolYear: semesterOf(asOf).schoolYear, asOf, activities, teachers, attendance: new Map(), ruralSchoolIds }, policy);
    const visitsBy = new Map<string, number>();
    for (const a of activities) if (a.kind === 'guidance_visit' && a.researcherId && !a.confirmed) visitsBy.set(a.researcherId, (visitsBy.get(a.researcherId) ?? 0) + 1);
    return {
      countyCode,
      asOf,
      items: teachers.map((t) => {
        const mine = outcomes.filter((o) => o.subjectId === t.teacherId);
        const view = (rule: string) => {
          const o = mine.find((x) => x.rule === rule);
          return o ? { status: o.status, required: o.required, actual: o.actual, facts: o.facts } : null;
        };
        return { teacherId: t.teacherId, staffNo: t.staffNo, name: t.name, researcherSince: t.researcherSince, visits: view('R6.visits'), stationing: view('R6.stationing'), unconfirmedVisits: visitsBy.get(t.teacherId) ?? 0 };
      }),
    };
  }

  /** The county's compliance as a workbook: per school, the shortfalls, researchers, at-risk (first notice). */
  async workbook(countyCode: string, period: string | undefined, asOf: IsoDate): Promise<Buffer> {
    const m = this.uow.reader;
    const summary = await this.results.summary(m, countyCode, period, 'school');
    const shortfalls = await this.results.list(m, { countyCode, period, status: 'shortfall', limit: 100_000, offset: 0 });
    const teachers = new Map((await this.directory.county(m, countyCode, asOf)).map((t) => [t.teacherId, t]));
    const researchers = await this.researchers(countyCode, asOf);
    const risk = await this.atRisk(countyCode, asOf, 'first');
    const staff = (id: string) => teachers.get(id);
    return writeWorkbook([
      {
        name: '学校汇总 by school',
        columns: [{ header: '学校 school', key: 'key', width: 38 }, { header: '规则 rule', key: 'rule' }, { header: '期间 period', key: 'period' }, { header: '达标 met', key: 'met' }, { header: '未达标 shortfall', key: 'shortfall' }, { header: '进行中 in progress', key: 'inProgress' }],
        rows: summary as unknown as Record<string, unknown>[],
      },
      {
        name: '未达标 shortfalls',
        columns: [{ header: '规则 rule', key: 'rule' }, { header: '期间 period', key: 'period' }, { header: '工号 staffNo', key: 'staffNo' }, { header: '姓名 name', key: 'name' }, { header: '要求 required', key: 'required' }, { header: '实际 actual', key: 'actual' }, { header: '说明 message', key: 'message', width: 80 }],
        rows: shortfalls.items.map((o) => ({ ...o, staffNo: o.subjectType === 'teacher' ? staff(o.subjectId)?.staffNo : countyCode, name: o.subjectType === 'teacher' ? staff(o.subjectId)?.name : '' })),
      },
      {
        name: '教研员 researchers',
        columns: [{ header: '工号 staffNo', key: 'staffNo' }, { header: '姓名 name', key: 'name' }, { header: '起始 since', key: 'since' }, { header: '指导次数 visits', key: 'visits' }, { header: '应达 required by now', key: 'visitsRequired' }, { header: '蹲点天数 stationing days', key: 'stationing' }],
        rows: researchers.items.map((r) => ({ staffNo: r.staffNo, name: r.name, since: r.researcherSince, visits: r.visits?.actual, visitsRequired: r.visits?.required, stationing: r.stationing?.actual ?? '' })),
      },
      {
        name: `预警 at risk (${risk.days} days)`,
        columns: [{ header: '规则 rule', key: 'rule' }, { header: '期间 period', key: 'period' }, { header: '截止 ends', key: 'periodEnds' }, { header: '工号 staffNo', key: 'staffNo' }, { header: '姓名 name', key: 'name' }, { header: '要求 required', key: 'required' }, { header: '实际 actual', key: 'actual' }],
        rows: risk.items as unknown as Record<string, unknown>[],
      },
    ]);
  }
}
