import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Popconfirm, Row, Space, Statistic, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../../api';
import { DownloadButton } from '../../../components/DownloadButton';
import { PageTitle } from '../../../components/PageTitle';
import { ErrorAlert, QueryState } from '../../../components/States';
import { fmtMonth, fmtNumber, fmtPercent, fmtTime, fmtYuan } from '../../../format';
import { useSession } from '../../../session';
import { BATCH_COLOR, type Batch } from './Batches';

interface BatchView extends Batch {
  totals: {
    totalFen: number;
    lines: number;
    bySchool: { schoolId: string; schoolCode: string | null; schoolName: string; totalFen: number; lines: number; teachers: number }[];
    byTier: { tier: number; totalFen: number; lines: number }[];
    reconciled: boolean;
    problems: string[];
  };
  provinceShare: { share: number; fen: number; countyFen: number };
}
interface Line {
  lineId: string;
  staffNo: string | null;
  name: string;
  schoolName: string;
  month: string;
  kind: string;
  tier: number;
  band: string;
  daysCounted: number;
  amountFen: number;
}
type Step = 'publish' | 'approve' | 'export' | 'withdraw' | 'paid';
const STEPS = ['draft', 'published', 'approved', 'exported', 'paid'] as const;

/**
 * One payment batch through its life: publish for review with a roster workbook per school (公示),
 * approval by a second officer (the drafter is refused by the service, whose sentence is shown), export
 * for payroll, marking it paid with the payroll's reference (then locked). Each step sends the version read.
 */
export default function BatchDetail() {
  const { id } = useParams();
  const { t } = useTranslation(['subsidies', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const session = useSession();
  const me = session.data?.principal?.subject;
  const batch = useQuery({ queryKey: ['subsidies', 'batch', id], queryFn: () => api<BatchView>('subsidies', `/batches/${id}`) });
  const [page, setPage] = useState(1);
  const lines = useQuery({ queryKey: ['subsidies', 'batch', id, 'lines', page], queryFn: () => api<{ items: Line[]; total: number }>('subsidies', `/batches/${id}/lines?limit=20&offset=${(page - 1) * 20}`) });
  const step = useMutation({
    mutationFn: ({ action, payrollReference }: { action: Step; payrollReference?: string }) =>
      api<Batch>('subsidies', `/batches/${id}/${action}`, { method: 'POST', body: { version: batch.data!.version, ...(payrollReference ? { payrollReference } : {}) } }),
    onSuccess: async (b, v) => {
      message.success(t(`batch.done.${v.action}`));
      await client.invalidateQueries({ queryKey: ['subsidies'] });
      return b;
    },
  });
  const act = (action: Step, payrollReference?: string) => step.mutate({ action, payrollReference });
  return (
    <QueryState query={batch}>
      {(b) => {
        const current = b.status === 'withdrawn' ? -1 : STEPS.indexOf(b.status as (typeof STEPS)[number]);
        const who = (by: string | null, at: string | null) => (by ? t('batch.by', { who: by, at: fmtTime(at) }) : undefined);
        const drafter = me !== undefined && me === b.draftedBy;
        return (
          <>
            <Space wrap align="center" style={{ marginBottom: 8 }}>
              <PageTitle>{t('batch.title', { month: fmtMonth(b.period) })}</PageTitle>
              <Tag color={BATCH_COLOR[b.status]} style={{ fontSize: 14 }}>
                {t(`batchStatus.${b.status}`)}
              </Tag>
            </Space>
            <Card size="small" style={{ marginBottom: 16 }}>
              <Steps
                size="small"
                current={current}
                items={[
                  { title: t('batchStatus.draft'), description: who(b.draftedBy, b.draftedAt) },
                  { title: t('batchStatus.published'), description: who(b.publishedBy, b.publishedAt) },
                  { title: t('batchStatus.approved'), description: who(b.approvedBy, b.approvedAt) },
                  { title: t('batchStatus.exported'), description: who(b.exportedBy, b.exportedAt) },
                  { title: t('batchStatus.paid'), description: b.paidBy ? `${who(b.paidBy, b.paidAt)} · ${b.payrollReference}` : undefined },
                ]}
              />
              {b.status === 'withdrawn' && <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('batch.withdrawn', { who: b.withdrawnBy, at: fmtTime(b.withdrawnAt) })} />}
            </Card>

            <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('batch.next')}</h2>} style={{ marginBottom: 16 }}>
              <ErrorAlert error={step.error} />
              <Space wrap align="start">
                {b.status === 'draft' && (
                  <Button type="primary" loading={step.isPending} onClick={() => act('publish')}>
                    {t('batch.publish')}
                  </Button>
                )}
                {b.status === 'published' && (
                  <Space direction="vertical">
                    {drafter && <Typography.Text type="secondary">{t('batch.youDrafted')}</Typography.Text>}
                    <Button type="primary" loading={step.isPending} onClick={() => act('approve')}>
                      {t('batch.approve')}
                    </Button>
                  </Space>
                )}
                {b.status === 'approved' && (
                  <Button type="primary" loading={step.isPending} onClick={() => act('export')}>
                    {t('batch.export')}
                  </Button>
                )}
                {(b.status === 'exported' || b.status === 'paid') && (
                  <>
                    <DownloadButton service="subsidies" path={`/batches/${b.id}/payroll.xlsx`} filename={`payroll-${b.countyCode}-${b.period}.xlsx`}>
                      {t('batch.payrollXlsx')}
                    </DownloadButton>
                    <DownloadButton service="subsidies" path={`/batches/${b.id}/payroll.csv`} filename={`payroll-${b.countyCode}-${b.period}.csv`}>
                      {t('batch.payrollCsv')}
                    </DownloadButton>
                  </>
                )}
                {b.status === 'exported' && (
                  <Form layout="inline" onFinish={(v: { payrollReference: string }) => act('paid', v.payrollReference.trim())}>
                    <Form.Item name="payrollReference" label={t('batch.payrollReference')} rules={[{ required: true, whitespace: true, message: t('batch.referenceRequired') }]}>
                      <Input maxLength={100} style={{ width: 200 }} />
                    </Form.Item>
                    <Form.Item>
                      <Button type="primary" htmlType="submit" loading={step.isPending}>
                        {t('batch.markPaid')}
                      </Button>
                    </Form.Item>
                  </Form>
                )}
                {(b.status === 'draft' || b.status === 'published') && (
                  <Popconfirm title={t('batch.withdrawConfirm')} okText={t('batch.withdraw')} cancelText={t('common:actions.cancel')} onConfirm={() => act('withdraw')}>
                    <Button danger>{t('batch.withdraw')}</Button>
                  </Popconfirm>
                )}
                {b.status === 'paid' && <Typography.Text>{t('batch.locked')}</Typography.Text>}
              </Space>
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {t('batch.fourEyes')}
              </Typography.Paragraph>
            </Card>

            <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('batches.total')} value={fmtYuan(b.totals.totalFen)} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('batches.teachers')} value={fmtNumber(b.teachers)} suffix={<Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('batch.linesCount', { n: fmtNumber(b.lines) })}</Typography.Text>} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('month.provinceShare', { share: fmtPercent(b.provinceShare.share, 0) })} value={fmtYuan(b.provinceShare.fen)} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card size="small">
                  <Statistic title={t('month.countyShare')} value={fmtYuan(b.provinceShare.countyFen)} />
                </Card>
              </Col>
            </Row>
            {b.totals.reconciled ? (
              <Alert type="success" showIcon title={t('batch.reconciled')} style={{ marginBottom: 16 }} />
            ) : (
              <Alert type="error" showIcon role="alert" title={t('batch.notReconciled')} description={b.totals.problems.join('; ')} style={{ marginBottom: 16 }} />
            )}

            <Card
              size="small"
              title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('batch.rosters')}</h2>}
              extra={
                <DownloadButton service="subsidies" path={`/batches/${b.id}/roster.xlsx`} filename={`roster-${b.countyCode}-${b.period}.xlsx`} size="small">
                  {t('batch.rosterAll')}
                </DownloadButton>
              }
              style={{ marginBottom: 16 }}
            >
              <Typography.Paragraph type="secondary">{t('batch.rosterHelp')}</Typography.Paragraph>
              <Table
                size="small"
                rowKey="schoolId"
                pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
                scroll={{ x: 560 }}
                dataSource={b.totals.bySchool}
                columns={[
                  { title: t('batch.school'), key: 'school', render: (_: unknown, s) => `${s.schoolName}${s.schoolCode ? ` (${s.schoolCode})` : ''}` },
                  { title: t('batches.teachers'), dataIndex: 'teachers', align: 'right' as const, render: (v: number) => fmtNumber(v) },
                  { title: t('batches.total'), dataIndex: 'totalFen', align: 'right' as const, render: (v: number) => fmtYuan(v) },
                  {
                    title: t('batch.roster'),
                    key: 'roster',
                    render: (_: unknown, s) => (
                      <DownloadButton service="subsidies" path={`/batches/${b.id}/roster.xlsx?schoolId=${s.schoolId}`} filename={`roster-${b.period}-${s.schoolCode ?? s.schoolId}.xlsx`} size="small" aria-label={t('batch.rosterOf', { school: s.schoolName })}>
                        {t('batch.rosterOne')}
                      </DownloadButton>
                    ),
                  },
                ]}
              />
              {b.totals.byTier.length > 0 && (
                <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }}>
                  {b.totals.byTier.map((x) => (
                    <Descriptions.Item key={x.tier} label={t('batch.tier', { tier: x.tier })}>
                      {fmtYuan(x.totalFen)} · {t('batch.linesCount', { n: fmtNumber(x.lines) })}
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              )}
            </Card>

            <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('batch.lines')}</h2>}>
              <QueryState query={lines} empty={(d) => d.items.length === 0}>
                {(d) => (
                  <Table
                    size="small"
                    rowKey="lineId"
                    dataSource={d.items}
                    scroll={{ x: 800 }}
                    pagination={{ current: page, pageSize: 20, total: d.total, onChange: setPage, showSizeChanger: false }}
                    columns={[
                      { title: t('month.staffNo'), dataIndex: 'staffNo' },
                      { title: t('month.name'), dataIndex: 'name' },
                      { title: t('batch.school'), dataIndex: 'schoolName' },
                      { title: t('summary.month'), dataIndex: 'month', render: (v: string) => fmtMonth(v) },
                      { title: t('batch.kind'), dataIndex: 'kind', render: (v: string) => t(`statement.kinds.${v}`) },
                      { title: t('month.tierBand'), key: 'tb', render: (_: unknown, l: Line) => t('month.tierBandValue', { tier: l.tier, band: l.band }) },
                      { title: t('month.days'), dataIndex: 'daysCounted', align: 'right' as const },
                      { title: t('batches.total'), dataIndex: 'amountFen', align: 'right' as const, render: (v: number) => fmtYuan(v) },
                    ]}
                  />
                )}
              </QueryState>
            </Card>
          </>
        );
      }}
    </QueryState>
  );
}
