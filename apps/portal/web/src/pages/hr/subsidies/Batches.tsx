import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../api';
import { PageTitle } from '../../../components/PageTitle';
import { ErrorAlert, QueryState } from '../../../components/States';
import { useCounties } from '../../../counties';
import { fmtMonth, fmtNumber, fmtTime, fmtYuan, thisMonth } from '../../../format';
import { monthBefore } from '../../../money';
import { useCounty } from '../../../session';

export interface Batch {
  id: string;
  countyCode: string;
  period: string;
  status: string;
  version: number;
  lines: number;
  teachers: number;
  totalFen: number;
  draftedBy: string;
  draftedAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  exportedBy: string | null;
  exportedAt: string | null;
  paidBy: string | null;
  paidAt: string | null;
  payrollReference: string | null;
  withdrawnBy: string | null;
  withdrawnAt: string | null;
  note: string | null;
}

export const BATCH_COLOR: Record<string, string> = { draft: 'default', published: 'gold', approved: 'blue', exported: 'purple', paid: 'green', withdrawn: 'default' };

/** County HR: the county's payment batches, and drafting the next one from every unpaid line up to a month. */
export default function Batches() {
  const { t } = useTranslation(['subsidies', 'common']);
  const { county } = useCounty();
  const counties = useCounties();
  const navigate = useNavigate();
  const client = useQueryClient();
  const batches = useQuery({ queryKey: ['subsidies', 'batches', county], queryFn: () => api<{ items: Batch[]; total: number }>('subsidies', `/batches?countyCode=${county}&limit=100`) });
  const draft = useMutation({
    mutationFn: (v: { period: string; note?: string }) => api<Batch>('subsidies', '/batches', { method: 'POST', body: { countyCode: county, period: v.period, note: v.note?.trim() ? v.note.trim() : null } }),
    onSuccess: async (b) => {
      await client.invalidateQueries({ queryKey: ['subsidies', 'batches'] });
      navigate(`/hr/subsidies/batches/${b.id}`);
    },
  });
  return (
    <>
      <PageTitle>{t('batches.title', { county: counties.name(county) })}</PageTitle>
      <Typography.Paragraph type="secondary">{t('batches.help')}</Typography.Paragraph>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('batches.draftTitle')}</h2>} style={{ marginBottom: 16 }}>
        <ErrorAlert error={draft.error} />
        <Form layout="inline" initialValues={{ period: monthBefore(thisMonth()) }} onFinish={(v) => draft.mutate(v)}>
          <Form.Item name="period" label={t('batches.period')} rules={[{ required: true }]}>
            <Input type="month" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="note" label={t('batches.note')}>
            <Input maxLength={500} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={draft.isPending}>
              {t('batches.draft')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('batches.list')}</h2>}>
        <QueryState query={batches} empty={(d) => d.items.length === 0}>
          {(d) => (
            <Table
              size="small"
              rowKey="id"
              dataSource={d.items}
              pagination={false}
              scroll={{ x: 720 }}
              columns={[
                { title: t('batches.period'), dataIndex: 'period', render: (v: string, b: Batch) => <Typography.Link onClick={() => navigate(`/hr/subsidies/batches/${b.id}`)}>{t('batches.open', { month: fmtMonth(v) })}</Typography.Link> },
                { title: t('batches.status'), dataIndex: 'status', render: (v: string) => <Tag color={BATCH_COLOR[v]}>{t(`batchStatus.${v}`)}</Tag> },
                { title: t('batches.teachers'), dataIndex: 'teachers', align: 'right' as const, render: (v: number) => fmtNumber(v) },
                { title: t('batches.lines'), dataIndex: 'lines', align: 'right' as const, render: (v: number) => fmtNumber(v) },
                { title: t('batches.total'), dataIndex: 'totalFen', align: 'right' as const, render: (v: number) => fmtYuan(v) },
                { title: t('batches.drafted'), key: 'drafted', render: (_: unknown, b: Batch) => `${b.draftedBy} · ${fmtTime(b.draftedAt)}` },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
