import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Drawer, Form, Input, Progress, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ErrorAlert, QueryState } from '../../components/States';
import { useCounties } from '../../counties';
import { fmtDate, fmtTime } from '../../format';
import { PageTitle } from '../../components/PageTitle';

/** The scheduler's job kinds (POST /runs `job`). */
const JOBS = ['obligation-refresh', 'term-end-review', 'monthly-close'] as const;

/** Operators: job runs with their progress, start or re-run one, and the queue dashboard under the same sign-in. */
export default function Runs() {
  const { t } = useTranslation(['ops', 'common']);
  const client = useQueryClient();
  const { message } = App.useApp();
  const counties = useCounties();
  const [open, setOpen] = useState<string | null>(null);
  const runs = useQuery({
    queryKey: ['scheduler', 'runs'],
    queryFn: () => api<{ items: any[] }>('scheduler', '/runs?limit=50'),
    refetchInterval: (q) => ((q.state.data?.items ?? []).some((r: any) => r.status === 'running') ? 2000 : 10000),
  });
  const trigger = useMutation({
    mutationFn: (body: any) => api<{ runId: string }>('scheduler', '/runs', { method: 'POST', body }),
    onSuccess: async (r) => {
      message.success(t('runs.started', { id: r.runId }));
      setOpen(r.runId);
      await client.invalidateQueries({ queryKey: ['scheduler', 'runs'] });
    },
  });
  const rerun = (r: any) => trigger.mutate({ job: r.job, ...(r.countyCode ? { countyCode: r.countyCode } : {}), asOf: r.asOf, dryRun: r.dryRun });
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <PageTitle>
          {t('runs.title')}
        </PageTitle>
        <Button href="/queues" target="_blank" rel="noopener">
          {t('runs.queueDashboard')}
        </Button>
      </Space>
      <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('runs.start')}</h2>} style={{ marginBottom: 16 }}>
        <Form layout="inline" initialValues={{ job: 'obligation-refresh', dryRun: false }} onFinish={(v) => trigger.mutate({ job: v.job, ...(v.countyCode ? { countyCode: v.countyCode } : {}), ...(v.asOf ? { asOf: v.asOf } : {}), dryRun: v.dryRun })}>
          <Form.Item name="job" label={t('runs.job')}>
            <Select style={{ width: 180 }} options={JOBS.map((j) => ({ value: j, label: t(`runs.jobs.${j}`) }))} />
          </Form.Item>
          <Form.Item name="countyCode" label={t('runs.county')}>
            <Select allowClear style={{ width: 140 }} placeholder={t('runs.allCounties')} options={counties.list.map((c) => ({ value: c.code, label: counties.name(c.code) }))} />
          </Form.Item>
          <Form.Item name="asOf" label={t('runs.asOf')}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="dryRun" label={t('runs.dryRun')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Button htmlType="submit" type="primary" loading={trigger.isPending}>
            {t('runs.startButton')}
          </Button>
        </Form>
        <div style={{ marginTop: 8 }}>
          <ErrorAlert error={trigger.error} />
        </div>
      </Card>
      <ErrorAlert error={runs.error} />
      <Table
        size="small"
        rowKey="id"
        loading={runs.isLoading}
        dataSource={runs.data?.items ?? []}
        scroll={{ x: 900 }}
        columns={[
          { title: t('runs.job'), dataIndex: 'job', render: (j: string) => t(`runs.jobs.${j}`, { defaultValue: j }) },
          { title: t('runs.county'), dataIndex: 'countyCode', render: (c: string | null) => (c ? counties.name(c) : t('runs.allCounties')) },
          { title: t('runs.asOf'), dataIndex: 'asOf', render: fmtDate },
          { title: t('runs.status'), dataIndex: 'status', render: (s: string, r: any) => <Tag color={s === 'completed' ? 'green' : s === 'failed' ? 'red' : 'processing'}>{t(`runs.statuses.${s}`)}{r.dryRun ? ` · ${t('runs.dryRun')}` : ''}</Tag> },
          { title: t('runs.startedAt'), dataIndex: 'startedAt', render: fmtTime },
          { title: t('runs.finished'), dataIndex: 'finishedAt', render: fmtTime },
          {
            title: t('runs.actions'),
            key: 'a',
            render: (_: unknown, r: any) => (
              <Space>
                <Button size="small" onClick={() => setOpen(r.id)}>
                  {t('runs.details')}
                </Button>
                <Button size="small" onClick={() => rerun(r)} disabled={r.status === 'running'}>
                  {t('runs.rerun')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Drawer open={!!open} onClose={() => setOpen(null)} title={t('runs.details')} width={520}>
        {open && <RunDetail id={open} />}
      </Drawer>
    </>
  );
}

function RunDetail({ id }: { id: string }) {
  const { t } = useTranslation('ops');
  const run = useQuery({ queryKey: ['scheduler', 'run', id], queryFn: () => api<any>('scheduler', `/runs/${encodeURIComponent(id)}`), refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? 1500 : false) });
  return (
    <QueryState query={run}>
      {(r) => {
        const progress = typeof r.queue?.progress === 'number' ? r.queue.progress : typeof r.queue?.progress?.percent === 'number' ? r.queue.progress.percent : r.status === 'completed' ? 100 : 0;
        return (
          <>
            <Progress percent={Math.round(progress)} status={r.status === 'failed' ? 'exception' : r.status === 'completed' ? 'success' : 'active'} aria-label={t('runs.progress')} />
            <Descriptions size="small" column={1} bordered style={{ marginTop: 12 }}>
              <Descriptions.Item label={t('runs.id')}>{r.id}</Descriptions.Item>
              <Descriptions.Item label={t('runs.status')}>{t(`runs.statuses.${r.status}`)}</Descriptions.Item>
              <Descriptions.Item label={t('runs.queueState')}>{r.queue?.state ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('runs.attempts')}>{r.attempts}</Descriptions.Item>
              {r.error && <Descriptions.Item label={t('runs.error')}>{r.error}</Descriptions.Item>}
            </Descriptions>
            {r.summary && (
              <pre style={{ marginTop: 12, fontSize: 12, background: '#f6f6f6', padding: 8, whiteSpace: 'pre-wrap' }} aria-label={t('runs.summary')}>
                {JSON.stringify(r.summary, null, 2)}
              </pre>
            )}
          </>
        );
      }}
    </QueryState>
  );
}
