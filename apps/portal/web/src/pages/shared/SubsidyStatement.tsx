import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, List, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { DownloadButton } from '../../components/DownloadButton';
import { QueryState } from '../../components/States';
import { fmtDay, fmtMonth, fmtYuan, inLanguage, today } from '../../format';

type Words = { zh: string; en: string };
interface StatementLine {
  lineId: string;
  kind: 'accrual' | 'adjustment';
  schoolName: string;
  amountFen: number;
  tier: number;
  band: string;
  daysCounted: number;
  beforeFen?: number;
  afterFen?: number;
  why: Words;
  after?: Words;
  payment: { status: string; batchPeriod: string | null; paidAt: string | null; payrollReference: string | null };
}
export interface Statement {
  teacher: { name: string; staffNo: string | null };
  year: number;
  months: { month: string; totalFen: number; lines: StatementLine[] }[];
  totals: { accruedFen: number; adjustmentsFen: number; totalFen: number; paidFen: number; unpaidFen: number };
}

const PAYMENT_COLOR: Record<string, string> = { paid: 'green', exported: 'blue', approved: 'blue', published: 'gold', draft: 'default', unpaid: 'orange', nothing_due: 'default' };

/**
 * A teacher's living subsidy for a year, month by month (newest first): each line's amount, why it is that
 * amount in words, adjustments with before and after, and where its payment stands; the yearly PDF.
 * The teacher's own (GET /me/subsidies) or, for HR, one teacher's (GET /teachers/:id/subsidies).
 */
export function SubsidyStatement({ teacherId, headingLevel = 2 }: { teacherId?: string; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation(['subsidies', 'common']);
  const current = Number(today().slice(0, 4));
  const [year, setYear] = useState(current);
  const base = teacherId ? `/teachers/${teacherId}/subsidies` : '/me/subsidies';
  const statement = useQuery({ queryKey: ['subsidies', 'statement', teacherId ?? 'me', year], queryFn: () => api<Statement>('subsidies', `${base}?year=${year}`) });
  const H = `h${headingLevel}` as 'h2' | 'h3';
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="statement-year">{t('statement.year')}</label>
        <Select id="statement-year" value={year} onChange={setYear} style={{ width: 120 }} options={Array.from({ length: 6 }, (_, i) => current - i).map((y) => ({ value: y, label: t('statement.yearLabel', { year: y }) }))} />
        <DownloadButton service="subsidies" path={`${base}/statement.pdf?year=${year}`} filename={`subsidy-${year}.pdf`}>
          {t('statement.pdf', { year })}
        </DownloadButton>
      </Space>
      <QueryState query={statement}>
        {(s) => (
          <>
            <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('statement.total')} value={fmtYuan(s.totals.totalFen)} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('statement.paid')} value={fmtYuan(s.totals.paidFen)} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('statement.unpaid')} value={fmtYuan(s.totals.unpaidFen)} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('statement.adjustments')} value={fmtYuan(s.totals.adjustmentsFen)} />
                </Card>
              </Col>
            </Row>
            {s.months.length === 0 ? (
              <Card size="small">
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('statement.none', { year: s.year })} />
              </Card>
            ) : (
              [...s.months].reverse().map((m) => (
                <Card
                  key={m.month}
                  size="small"
                  style={{ marginBottom: 12 }}
                  title={<H style={{ fontSize: 16, margin: 0 }}>{fmtMonth(m.month)}</H>}
                  extra={<Typography.Text strong>{fmtYuan(m.totalFen)}</Typography.Text>}
                >
                  <List
                    dataSource={m.lines}
                    renderItem={(l) => (
                      <List.Item>
                        <Space direction="vertical" size={4} style={{ width: '100%' }}>
                          <Space wrap size={4} style={{ justifyContent: 'space-between', width: '100%' }}>
                            <Typography.Text strong>{l.schoolName}</Typography.Text>
                            <Typography.Text strong>{fmtYuan(l.amountFen)}</Typography.Text>
                          </Space>
                          <Space wrap size={4}>
                            <Tag color={l.kind === 'adjustment' ? 'purple' : 'blue'}>{t(`statement.kinds.${l.kind}`)}</Tag>
                            <Tag color={PAYMENT_COLOR[l.payment.status] ?? 'default'}>{t(`payment.${l.payment.status}`, { defaultValue: l.payment.status })}</Tag>
                            {l.payment.status === 'paid' && l.payment.paidAt && <Typography.Text type="secondary">{t('statement.paidOn', { date: fmtDay(l.payment.paidAt), reference: l.payment.payrollReference ?? '—' })}</Typography.Text>}
                            {l.payment.batchPeriod && l.payment.status !== 'paid' && <Typography.Text type="secondary">{t('statement.inBatch', { month: fmtMonth(l.payment.batchPeriod) })}</Typography.Text>}
                          </Space>
                          {l.kind === 'adjustment' && l.beforeFen !== undefined && l.afterFen !== undefined && (
                            <Typography.Text>{t('statement.beforeAfter', { before: fmtYuan(l.beforeFen), after: fmtYuan(l.afterFen) })}</Typography.Text>
                          )}
                          <div>
                            <Typography.Text type="secondary">{t('statement.why')}</Typography.Text> <Typography.Text>{inLanguage(l.why)}</Typography.Text>
                          </div>
                          {l.after && (
                            <div>
                              <Typography.Text type="secondary">{t('statement.nowComputed')}</Typography.Text> <Typography.Text>{inLanguage(l.after)}</Typography.Text>
                            </div>
                          )}
                        </Space>
                      </List.Item>
                    )}
                  />
                </Card>
              ))
            )}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('statement.rounding')}
            </Typography.Paragraph>
          </>
        )}
      </QueryState>
    </>
  );
}
