import { Injectable } from '@nestjs/common';
import { policyValue } from '@app/policy';
import { PolicyValuesStore, UnitOfWork } from '@app/runtime';
import { provinceShareFen } from '../../batches/domain/batch';
import { provinceShare } from '../../batches/application/payment-batches.use-case';
import { SchemeRepository } from '../../scheme/application/scheme.repository';
import { accrueCounty, roundHalfUp } from '../domain/accrual';
import { formatYuan } from '../domain/explain';
import { monthOf } from '../domain/calendar';
import { LedgerFacts } from './ledger-facts';
import { LedgerReports } from './ledger-reports';

const EXCEPTION_WORDS: Record<string, { zh: string; en: string }> = {
  NO_ESTABLISHMENT: { zh: '在补助学校任教，但没有编制类型记录', en: 'teaches at an eligible school but has no establishment type on record' },
  SHARES_OVER_ONE: { zh: '同一天的工作量合计超过1', en: 'workload shares sum to more than 1 on a day' },
  SCHOOL_WITHOUT_TIER: { zh: '乡村学校没有边远等级', en: 'a rural school without a remote tier' },
  NO_SCHEME: { zh: '当月部分日期没有生效的补助方案', en: 'no scheme version is in force on some days of the month' },
};

/** What HR and the city read: county totals per month against the 1,000-yuan floor, eligible teachers, exceptions. */
@Injectable()
export class LedgerViews {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly policy: PolicyValuesStore,
    private readonly reports: LedgerReports,
    private readonly facts: LedgerFacts,
    private readonly schemes: SchemeRepository,
  ) {}

  async summary(countyCode: string | undefined, from: string, to: string) {
    const rows = await this.reports.monthTotals(this.uow.reader, countyCode, from, to);
    const values = await this.policy.values(this.uow.reader);
    return rows.map((r) => {
      const floorFen = policyValue('R9.min_average_monthly_fen', `${r.month}-01`, values);
      const averageFen = r.paidTeachers ? roundHalfUp(r.totalFen, r.paidTeachers) : 0;
      const below = r.paidTeachers > 0 && averageFen < floorFen;
      const share = provinceShare(r.countyCode, r.month, values);
      return {
        ...r,
        accrued: r.accruedAt !== null,
        averageFen,
        floorFen,
        belowFloor: below,
        warning: below
          ? {
              zh: `人均${formatYuan(averageFen)}元，低于省定月人均不低于${formatYuan(floorFen)}元的标准`,
              en: `the average of ${formatYuan(averageFen)} yuan per teacher paid is below the province's floor of ${formatYuan(floorFen)} yuan a month`,
            }
          : null,
        byTier: r.byTier.map((t) => ({ ...t, averageFen: t.paidTeachers ? roundHalfUp(t.totalFen, t.paidTeachers) : 0 })),
        provinceShare: { share, fen: provinceShareFen(r.totalFen, share) },
      };
    });
  }

  async teachers(countyCode: string, month: string, page: { limit: number; offset: number }) {
    return this.reports.teachersOfMonth(this.uow.reader, countyCode, month, page);
  }

  /** Computed live from today's facts (the same rules as the accrual), so a fix shows at once. */
  async exceptions(countyCode: string, month: string) {
    const m = this.uow.reader;
    const mo = monthOf(month);
    const teachers = await this.facts.countyTeachers(m, countyCode, mo);
    const schools = await this.facts.schools(m, countyCode);
    const versions = await this.schemes.versions(m, countyCode);
    const { exceptions } = accrueCounty(teachers, mo, schools, versions);
    const names = await this.facts.schoolInfo(m, exceptions.map((e) => e.schoolId).filter((s): s is string => s !== null));
    const teacherNames = new Map<string, string>();
    for (const id of new Set(exceptions.map((e) => e.teacherId).filter((t): t is string => t !== null))) {
      const t = await this.facts.teacherInfo(m, id);
      if (t) teacherNames.set(id, t.staffNo ? `${t.name} (${t.staffNo})` : t.name);
    }
    return {
      countyCode,
      month,
      items: exceptions.map((e) => ({
        ...e,
        teacher: e.teacherId ? (teacherNames.get(e.teacherId) ?? null) : null,
        school: e.schoolId ? (names.get(e.schoolId)?.name ?? null) : null,
        message: EXCEPTION_WORDS[e.code],
      })),
    };
  }
}
