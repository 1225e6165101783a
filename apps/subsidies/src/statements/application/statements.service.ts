import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/platform';
import { pdfTable, renderPdf } from '@app/pdf';
import { countyDisplayName } from '@app/rules';
import { UnitOfWork } from '@app/runtime';
import { LedgerFacts, type TeacherInfo } from '../../ledger/application/ledger-facts';
import { LedgerReports, type StatementLine } from '../../ledger/application/ledger-reports';
import type { LineTrace } from '../../ledger/domain/accrual';
import { explainAdjustment, explainLine, formatYuan } from '../../ledger/domain/explain';

export class NoSubsidyRecord extends DomainError {
  constructor(teacherId: string) {
    super('SUBSIDIES.TEACHER_NOT_FOUND', 'not_found', `no teacher with id ${teacherId} is known to the subsidies service`, { teacherId });
  }
}

const PAYMENT_ZH: Record<string, string> = { nothing_due: '无需发放', unpaid: '待发放', draft: '已入批次（草稿）', published: '公示中', approved: '已审核', exported: '已报工资', paid: '已发放' };

function payment(l: StatementLine) {
  const status = l.batchStatus ?? (l.amountFen === 0 ? 'nothing_due' : 'unpaid');
  return { status, statusZh: PAYMENT_ZH[status] ?? status, batchId: l.batchId, batchPeriod: l.batchPeriod, paidAt: l.paidAt, payrollReference: l.payrollReference };
}

/**
 * What a teacher reads about their living subsidy: month by month, each line with "why this amount" in
 * words, adjustments with before and after, and payment status; the same as a yearly PDF statement.
 */
@Injectable()
export class Statements {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly facts: LedgerFacts,
    private readonly reports: LedgerReports,
  ) {}

  async teacher(teacherId: string): Promise<TeacherInfo> {
    const t = await this.facts.teacherInfo(this.uow.reader, teacherId);
    if (!t) throw new NoSubsidyRecord(teacherId);
    return t;
  }

  async statement(teacher: TeacherInfo, year: number) {
    const lines = await this.reports.statementLines(this.uow.reader, teacher.teacherId, year);
    const months = new Map<string, StatementLine[]>();
    for (const l of lines) months.set(l.month, [...(months.get(l.month) ?? []), l]);
    const sum = (xs: StatementLine[]) => xs.reduce((s, l) => s + l.amountFen, 0);
    return {
      teacher: { teacherId: teacher.teacherId, staffNo: teacher.staffNo, name: teacher.name, countyCode: teacher.countyCode },
      year,
      months: [...months.entries()].map(([month, ls]) => ({
        month,
        totalFen: sum(ls),
        total: formatYuan(sum(ls)),
        lines: ls.map((l) => ({
          lineId: l.lineId,
          kind: l.kind,
          schoolId: l.schoolId,
          schoolName: l.schoolName,
          amountFen: l.amountFen,
          amount: formatYuan(l.amountFen),
          tier: l.tier,
          band: l.band,
          daysCounted: l.daysCounted,
          ...(l.kind === 'adjustment' ? { beforeFen: l.beforeFen, afterFen: l.afterFen, cause: l.cause } : {}),
          why:
            l.kind === 'adjustment'
              ? explainAdjustment({ beforeFen: l.beforeFen ?? 0, afterFen: l.afterFen ?? 0, amountFen: l.amountFen, cause: l.cause ?? '' }, l.schoolName)
              : explainLine({ amountFen: l.amountFen, trace: l.trace as LineTrace }, l.schoolName),
          after: l.kind === 'adjustment' && l.trace ? explainLine({ amountFen: l.afterFen ?? 0, trace: l.trace as LineTrace }, l.schoolName) : undefined,
          trace: l.trace,
          payment: payment(l),
          postedAt: l.createdAt,
        })),
      })),
      totals: {
        accruedFen: sum(lines.filter((l) => l.kind === 'accrual')),
        adjustmentsFen: sum(lines.filter((l) => l.kind === 'adjustment')),
        totalFen: sum(lines),
        paidFen: sum(lines.filter((l) => l.batchStatus === 'paid')),
        unpaidFen: sum(lines.filter((l) => l.batchStatus !== 'paid')),
      },
    };
  }

  /** The year's statement as a PDF (A4, Noto Sans CJK embedded). */
  async pdf(teacher: TeacherInfo, year: number): Promise<Buffer> {
    const s = await this.statement(teacher, year);
    return renderPdf({ title: `${year}年乡村教师生活补助明细 ${teacher.name}`, subject: 'Living subsidy statement (R9)' }, (doc) => {
      doc.fontSize(15).text(`江门市山区和农村边远地区学校教师生活补助 ${year}年度明细`);
      doc.fontSize(9).fillColor('#555555').text(`Living subsidy for teachers at mountain and remote rural schools — statement for ${year}`).fillColor('black');
      doc.moveDown(0.5);
      doc.fontSize(10).text(`姓名 Name：${teacher.name}    工号 Staff no.：${teacher.staffNo ?? '—'}    县（市、区）County：${countyDisplayName(teacher.countyCode)}`);
      doc.text(
        `全年合计 Total：${formatYuan(s.totals.totalFen)} 元（其中调整 adjustments ${formatYuan(s.totals.adjustmentsFen)} 元；已发放 paid ${formatYuan(s.totals.paidFen)} 元，待发放 unpaid ${formatYuan(s.totals.unpaidFen)} 元）`,
      );
      doc.moveDown(0.5);
      const rows = s.months.flatMap((mo) =>
        mo.lines.map((l) => [mo.month, l.schoolName, l.kind === 'adjustment' ? '调整 adjustment' : '月度 monthly', formatYuan(l.amountFen), l.payment.statusZh, l.why.zh]),
      );
      pdfTable(
        doc,
        [
          { header: '月份 Month', width: 0.1 },
          { header: '学校 School', width: 0.17 },
          { header: '类型 Kind', width: 0.1 },
          { header: '金额（元）Yuan', width: 0.1, align: 'right' },
          { header: '发放 Payment', width: 0.1 },
          { header: '计算说明 Why this amount', width: 0.43 },
        ],
        rows.length ? rows : [['—', '—', '—', '0.00', '—', `${year}年无补助记录 no subsidy recorded for ${year}`]],
        { fontSize: 7.5 },
      );
      doc.moveDown(0.5);
      doc.fontSize(8).fillColor('#555555').text('金额按月、按学校整行四舍五入到分；更正以调整行补发或扣回，原记录不作修改。Amounts are rounded half-up to the fen once per month and school; corrections are posted as adjustment lines, never by editing a line.');
    });
  }
}
