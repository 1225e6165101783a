import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { PageTitle } from '../../components/PageTitle';
import { ErrorAlert } from '../../components/States';
import { useCounties } from '../../counties';
import { fmtTime } from '../../format';

interface Delivery {
  id: string;
  channel: 'email' | 'sms';
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  kind: string;
  recipientType: string;
  countyCode: string | null;
  updatedAt: string;
}
const PAGE = 50;

/**
 * Operators (and the city administrator): notice deliveries that failed, with the stored error (which holds
 * no address or number), and a re-send. A re-sent delivery leaves the list once the notices service picks it
 * up again; one that fails again comes back with its new error.
 */
export default function Deliveries() {
  const { t } = useTranslation(['notices', 'common']);
  const client = useQueryClient();
  const counties = useCounties();
  const [county, setCounty] = useState<string | undefined>();
  const [channel, setChannel] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [resent, setResent] = useState<string | null>(null);
  const params = new URLSearchParams({ status: 'failed', limit: String(PAGE), offset: String((page - 1) * PAGE), ...(county ? { countyCode: county } : {}), ...(channel ? { channel } : {}) });
  const failed = useQuery({ queryKey: ['notices', 'deliveries', county, channel, page], queryFn: () => api<{ items: Delivery[]; total: number }>('notices', `/deliveries?${params}`) });
  const resend = useMutation({
    mutationFn: (id: string) => api<Delivery>('notices', `/deliveries/${id}/resend`, { method: 'POST', body: {} }),
    onSuccess: async (d) => {
      setResent(d.id);
      await client.invalidateQueries({ queryKey: ['notices', 'deliveries'] });
    },
  });
  return (
    <>
      <PageTitle>{t('deliveries.title')}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('deliveries.help')}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          aria-label={t('deliveries.county')}
          placeholder={t('deliveries.allCounties')}
          style={{ width: 160 }}
          value={county}
          onChange={(v) => {
            setCounty(v);
            setPage(1);
          }}
          options={counties.list.map((c) => ({ value: c.code, label: counties.name(c.code) }))}
        />
        <Select
          allowClear
          aria-label={t('deliveries.channel')}
          placeholder={t('deliveries.channel')}
          style={{ width: 140 }}
          value={channel}
          onChange={(v) => {
            setChannel(v);
            setPage(1);
          }}
          options={(['email', 'sms'] as const).map((c) => ({ value: c, label: t(`deliveries.channels.${c}`) }))}
        />
        {failed.data && <Typography.Text type="secondary">{t('deliveries.total', { total: failed.data.total })}</Typography.Text>}
      </Space>
      {resent && <Alert type="success" showIcon role="status" title={t('deliveries.resent')} description={resent} closable onClose={() => setResent(null)} style={{ marginBottom: 12 }} />}
      <ErrorAlert error={failed.error ?? resend.error} onRetry={failed.error ? () => void failed.refetch() : undefined} />
      <Table
        size="small"
        rowKey="id"
        loading={failed.isLoading}
        dataSource={failed.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('deliveries.none')} /> }}
        scroll={{ x: 1000 }}
        pagination={{ current: page, pageSize: PAGE, total: failed.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('deliveries.updatedAt'), dataIndex: 'updatedAt', render: fmtTime },
          { title: t('deliveries.county'), dataIndex: 'countyCode', render: (c: string | null) => (c ? counties.name(c) : '—') },
          { title: t('deliveries.kind'), dataIndex: 'kind', render: (k: string) => t(`deliveries.kinds.${k}`, { defaultValue: k }) },
          { title: t('deliveries.recipient'), dataIndex: 'recipientType', render: (r: string) => t(`deliveries.recipientTypes.${r}`, { defaultValue: r }) },
          { title: t('deliveries.channel'), dataIndex: 'channel', render: (c: string) => <Tag>{t(`deliveries.channels.${c}`)}</Tag> },
          { title: t('deliveries.attempts'), dataIndex: 'attempts' },
          { title: t('deliveries.error'), dataIndex: 'lastError', render: (e: string | null) => <span style={{ wordBreak: 'break-word' }}>{e ?? '—'}</span> },
          { title: t('deliveries.messageId'), dataIndex: 'messageId', render: (m: string | null) => <code style={{ fontSize: 12, wordBreak: 'break-all' }}>{m ?? '—'}</code> },
          {
            title: t('deliveries.actions'),
            key: 'a',
            render: (_: unknown, d: Delivery) => (
              <Button size="small" onClick={() => resend.mutate(d.id)} loading={resend.isPending && resend.variables === d.id} aria-label={t('deliveries.resendOf', { id: d.messageId ?? d.id })}>
                {t('deliveries.resend')}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}
