import { Injectable } from '@nestjs/common';
import { schoolYearOf, todayInShanghai } from '@app/rules';
import { PolicyValuesStore, UnitOfWork } from '@app/runtime';
import { JIANGMEN_COUNTY_CODES } from '../../calendar/domain/calendar';
import { exchangeQuota } from '../domain/quota';
import { CountyFactsQuery } from '../infrastructure/county-facts.query';

const SEVERITIES = ['warning', 'due', 'overdue'] as const;

/**
 * What the city dashboard reads from the scheduler, per county for a school year: R1 teachers moved by the
 * moves staffing applied ÷ teachers on 1 September (with the 5% in force then), and the open R2 and R3
 * obligations by severity.
 */
@Injectable()
export class CountyTargets {
  constructor(
    private readonly facts: CountyFactsQuery,
    private readonly uow: UnitOfWork,
    private readonly policy: PolicyValuesStore,
  ) {}

  async forSchoolYear(schoolYearAsked: number | undefined, only: string | undefined) {
    const today = todayInShanghai();
    const schoolYear = schoolYearAsked ?? schoolYearOf(today);
    const m = this.uow.reader;
    const values = await this.policy.values(m);
    // Jiangmen's seven, and any other county the read model has teachers of (a new unit, a test county).
    const counties = [...new Set<string>([...JIANGMEN_COUNTY_CODES, ...(await this.facts.countiesWithTeachers(m))])];
    const items = [];
    for (const countyCode of counties.filter((c) => only === undefined || c === only)) {
      const from = `${schoolYear}-09-01`;
      const { movedTeacherIds } = await this.facts.moves(m, countyCode, from, `${schoolYear + 1}-08-31`);
      const quota = exchangeQuota({ teachersOnCensus: await this.facts.teachersOnDate(m, countyCode, from), movedTeacherIds, eligibleByTenure: 0, asOf: today, countyCode, schoolYear }, values);
      const counts = await this.facts.openObligationCounts(m, countyCode);
      const rule = (r: 'R2' | 'R3') => Object.fromEntries(SEVERITIES.map((s) => [s, counts.find((c) => c.rule === r && c.severity === s)?.n ?? 0]));
      items.push({
        countyCode,
        R1: { moved: quota.moved, teachers: quota.teachers, ratio: quota.ratio, requiredRatio: quota.requiredRatio, required: quota.required, shortfall: quota.shortfall, source: '二.10 县域内每学年教师交流人数不低于教师总数5%' },
        R2: { ...rule('R2'), source: '二.11 领导人员在同一岗位连续任职一般不超过12年' },
        R3: { ...rule('R3'), source: '二.10 村小学、教学点新任教师,5年内须到县城学校或乡镇中心校任教至少1年' },
      });
    }
    return { schoolYear, items };
  }
}
