import { adjustmentsFor } from './adjustment';
import type { AccruedLine } from './accrual';
import { explainAdjustment, explainLine, formatYuan } from './explain';

const line: Pick<AccruedLine, 'amountFen' | 'trace'> = {
  amountFen: 60000,
  trace: {
    month: '2026-11',
    daysInMonth: 30,
    numerator: 1_800_000_000,
    counted: [
      { from: '2026-11-01', to: '2026-11-10', days: 10, appointmentId: 'a', tier: 2, band: '0-5', shareMilli: 1000, rateFen: 90000, schemeVersion: 1 },
      { from: '2026-11-21', to: '2026-11-30', days: 10, appointmentId: 'a', tier: 2, band: '5-10', shareMilli: 1000, rateFen: 90000, schemeVersion: 1 },
    ],
    excluded: [{ from: '2026-11-11', to: '2026-11-20', days: 10, appointmentId: 'a', reason: 'absence', detail: 'unpaid_leave' }],
  },
};

describe('why this amount', () => {
  it('formats fen as yuan', () => {
    expect([formatYuan(0), formatYuan(5), formatYuan(123456), formatYuan(-2050)]).toEqual(['0.00', '0.05', '1234.56', '-20.50']);
  });

  it('says each run of days with its tier, band, rate and share, then the days that did not count', () => {
    const w = explainLine(line, '那洲小学');
    expect(w.zh).toBe(
      '那洲小学：11月1日–10日 边远二类、乡村任教不满5年档，每月900.00元 × 工作量1 × 10/30天；11月21日–30日 边远二类、乡村任教满5年不满10年档，每月900.00元 × 工作量1 × 10/30天；11月11日–20日 停薪假期间不计发。合计600.00元（按月整行四舍五入到分）。',
    );
    expect(w.en).toContain('11–20 Nov: not paid during unpaid leave');
    expect(w.en).toContain('1–10 Nov: remote tier 2, under 5 years at rural schools, 900.00 yuan a month × share 1 × 10/30 days');
  });

  it('explains an adjustment with the amounts before and after', () => {
    const w = explainAdjustment({ beforeFen: 90000, afterFen: 60000, amountFen: -30000, cause: 'staffing.AbsenceRecorded.v1' }, '那洲小学');
    expect(w.zh).toBe('那洲小学：因补录缺勤重算，原900.00元，现600.00元，在下一批中扣回300.00元。');
    expect(explainAdjustment({ beforeFen: 0, afterFen: 45000, amountFen: 45000, cause: 'staffing.TeacherAppointed.v1' }, '那洲小学').zh).toBe('那洲小学：因补录任职重算，原0.00元，现450.00元，补发450.00元，随下一批发放。');
    expect(w.en).toBe('那洲小学: recomputed after an absence recorded late: was 900.00 yuan, now 600.00 yuan, recovered 300.00 yuan in the next batch.');
  });
});

describe('corrections by reversal', () => {
  const recomputed = (schoolId: string, amountFen: number) => ({ schoolId, month: '2026-11', amountFen }) as AccruedLine;

  it('posts the difference per school, including a school that is owed nothing any more', () => {
    const posted = new Map([
      ['s1', 90000],
      ['s2', 30000],
    ]);
    expect(adjustmentsFor('2026-11', posted, [recomputed('s1', 60000), recomputed('s3', 45000)]).map((a) => [a.schoolId, a.beforeFen, a.afterFen, a.amountFen])).toEqual([
      ['s1', 90000, 60000, -30000],
      ['s2', 30000, 0, -30000],
      ['s3', 0, 45000, 45000],
    ]);
  });

  it('posts nothing when the month comes out the same', () => {
    expect(adjustmentsFor('2026-11', new Map([['s1', 90000]]), [recomputed('s1', 90000)])).toEqual([]);
  });
});
