import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Drawer, Empty, Form, Grid, Input, List, Progress, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, download } from '../../api';
import { PageTitle } from '../../components/PageTitle';
import { ErrorAlert, QueryState } from '../../components/States';
import { useCounties } from '../../counties';
import { fmtDate, fmtTime } from '../../format';
import { useCounty } from '../../session';

type Status = 'open' | 'upheld' | 'amended';
interface Move {
  moveId: string;
  fromSchoolId: string;
  toSchoolId: string;
  effectiveDate: string;
}
interface Appeal {
  id: string;
  cycleId: string;
  teacherId: string;
  countyCode: string;
  reasons: string;
  status: Status;
  filedAt: string;
  appealDeadline: string;
  decideBy: string;
  decidedAt: string | null;
  decisionReason: string | null;
  overdue: boolean;
  version: number;
  move: Move | null;
  attachments: { id: string; filename: string; size: number }[];
  amendments: { id: string; number: number; status: string; createdAt: string }[];
}
interface Names {
  teachers: Record<string, string>;
  schools: Record<string, string>;
}
interface Change {
  teacherId: string;
  fromSchoolId: string;
  toSchoolId: string;
}
interface Amendment {
  id: string;
  number: number;
  status: 'solving' | 'ready' | 'infeasible' | 'failed' | 'approved';
  baselineVersion: number;
  cycleVersion: number;
  stale: boolean;
  solve: { progress: { stage?: string; percent?: number } | null } | null;
  error: { message: string } | null;
  result: { infeasibilities: unknown[] } | null;
  changes: { cancelled: Change[]; added: Change[]; kept: number } | null;
  names: Names;
  approvedAt: string | null;
  reason: string | null;
}

const STATUS_COLOR = { open: 'processing', upheld: 'default', amended: 'green' } as const;
const PAGE = 50;

/**
 * County HR's appeals (issue #13): the county's appeals with filed date, appeal deadline, decision deadline
 * and status (overdue flagged), and deciding one: uphold with a reason, or amend — the re-solve that keeps
 * every other approved move, its diff, and its approval with the cycle's version (a conflict explained).
 */
export default function Appeals() {
  const { t } = useTranslation(['appeals', 'common']);
  const { county } = useCounty();
  const counties = useCounties();
  const [status, setStatus] = useState<Status | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const narrow = !Grid.useBreakpoint().md;
  const params = new URLSearchParams({ countyCode: county, limit: String(PAGE), offset: String((page - 1) * PAGE), ...(status ? { status } : {}), ...(overdue ? { overdue: 'true' } : {}) });
  const list = useQuery({ queryKey: ['rotation', 'appeals', county, status, overdue, page], queryFn: () => api<{ items: Appeal[]; total: number; overdue: number; names: Names }>('rotation', `/appeals?${params}`) });
  const names = list.data?.names ?? { teachers: {}, schools: {} };
  const school = (id: string) => names.schools[id] ?? id;
  return (
    <>
      <PageTitle>{t('hr.title', { county: counties.name(county) })}</PageTitle>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          aria-label={t('hr.filter')}
          placeholder={t('hr.all')}
          style={{ width: 180 }}
          value={status}
          disabled={overdue}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={(['open', 'upheld', 'amended'] as const).map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
        />
        <Switch
          checked={overdue}
          aria-label={t('hr.overdueOnly')}
          onChange={(v) => {
            setOverdue(v);
            setPage(1);
          }}
        />
        <span aria-hidden>{t('hr.overdueOnly')}</span>
        {list.data && <Typography.Text type="secondary">{t('hr.total', { total: list.data.total, overdue: list.data.overdue })}</Typography.Text>}
      </Space>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Table
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('hr.none')} /> }}
        scroll={{ x: 900 }}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('hr.teacher'), dataIndex: 'teacherId', render: (id: string) => names.teachers[id] ?? id },
          { title: t('hr.move'), key: 'move', render: (_: unknown, a: Appeal) => (a.move ? `${school(a.move.fromSchoolId)} → ${school(a.move.toSchoolId)}` : '—') },
          { title: t('hr.filedAt'), dataIndex: 'filedAt', render: fmtTime },
          { title: t('hr.deadline'), dataIndex: 'appealDeadline', render: (d: string) => `${fmtDate(d)} 23:59` },
          {
            title: t('hr.decideBy'),
            dataIndex: 'decideBy',
            render: (d: string, a: Appeal) => (
              <Space size={4}>
                {`${fmtDate(d)} 23:59`}
                {a.overdue && <Tag color="red">{t('hr.overdue')}</Tag>}
              </Space>
            ),
          },
          { title: t('hr.status'), dataIndex: 'status', render: (s: Status) => <Tag color={STATUS_COLOR[s]}>{t(`statuses.${s}`)}</Tag> },
          {
            title: t('hr.actions'),
            key: 'a',
            render: (_: unknown, a: Appeal) => (
              <Button size="small" type={a.status === 'open' ? 'primary' : 'default'} onClick={() => setOpen(a.id)}>
                {t('hr.open')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer open={!!open} onClose={() => setOpen(null)} title={t('hr.detail')} size={narrow ? '100%' : 680} destroyOnHidden>
        {open && <AppealDetail id={open} names={names} />}
      </Drawer>
    </>
  );
}

function AppealDetail({ id, names }: { id: string; names: Names }) {
  const { t } = useTranslation('appeals');
  const appeal = useQuery({ queryKey: ['rotation', 'appeal', id], queryFn: () => api<Appeal>('rotation', `/appeals/${id}`) });
  const [error, setError] = useState<unknown>(null);
  const school = (s: string) => names.schools[s] ?? s;
  return (
    <QueryState query={appeal}>
      {(a) => (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('hr.teacher')}>{names.teachers[a.teacherId] ?? a.teacherId}</Descriptions.Item>
            <Descriptions.Item label={t('hr.move')}>{a.move ? `${school(a.move.fromSchoolId)} → ${school(a.move.toSchoolId)} (${fmtDate(a.move.effectiveDate)})` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('hr.filedAt')}>{fmtTime(a.filedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('hr.decideBy')}>
              {fmtDate(a.decideBy)} 23:59 {a.overdue && <Tag color="red">{t('hr.overdue')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('hr.status')}>
              <Tag color={STATUS_COLOR[a.status]}>{t(`statuses.${a.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('hr.reasons')}>
              <span style={{ whiteSpace: 'pre-line' }}>{a.reasons}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('hr.attachments')}>
              {a.attachments.length === 0
                ? '—'
                : a.attachments.map((f) => (
                    <Button key={f.id} type="link" size="small" onClick={() => download('rotation', `/appeals/${a.id}/attachments/${f.id}`, f.filename).catch(setError)}>
                      {f.filename}
                    </Button>
                  ))}
            </Descriptions.Item>
            {a.decidedAt && <Descriptions.Item label={t('hr.decidedAt')}>{fmtTime(a.decidedAt)}</Descriptions.Item>}
            {a.decisionReason && <Descriptions.Item label={t('hr.decisionReason')}>{a.decisionReason}</Descriptions.Item>}
          </Descriptions>
          <ErrorAlert error={error} />
          {a.status === 'open' && (
            <>
              <Uphold appeal={a} />
              <Amend appeal={a} names={names} />
            </>
          )}
          {a.status === 'amended' && a.amendments.filter((x) => x.status === 'approved').map((x) => <AmendmentView key={x.id} appeal={a} amendmentId={x.id} />)}
        </>
      )}
    </QueryState>
  );
}

function useRefreshAppeals() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['rotation', 'appeal'] }).then(() => client.invalidateQueries({ queryKey: ['rotation', 'appeals'] }));
}

function Uphold({ appeal }: { appeal: Appeal }) {
  const { t } = useTranslation('appeals');
  const refresh = useRefreshAppeals();
  const uphold = useMutation({
    mutationFn: (reason: string) => api<Appeal>('rotation', `/appeals/${appeal.id}/uphold`, { method: 'POST', body: { reason, version: appeal.version } }),
    onSuccess: refresh,
  });
  return (
    <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('hr.uphold')}</h2>} style={{ marginTop: 12 }}>
      {/* a name of its own: both forms have a reason field, and their ids (what the labels point to) must differ */}
      <Form name={`uphold-${appeal.id}`} layout="vertical" onFinish={(v) => uphold.mutate(v.reason)}>
        <Form.Item name="reason" label={t('hr.upholdReason')} rules={[{ required: true, whitespace: true, message: t('hr.upholdReasonRequired') }, { max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <ErrorAlert error={uphold.error} />
        <Button htmlType="submit" loading={uphold.isPending}>
          {t('hr.upholdButton')}
        </Button>
      </Form>
    </Card>
  );
}

function Amend({ appeal, names }: { appeal: Appeal; names: Names }) {
  const { t } = useTranslation('appeals');
  const client = useQueryClient();
  const [action, setAction] = useState<'forbid' | 'pin'>('forbid');
  const [schoolId, setSchoolId] = useState<string | undefined>();
  // the latest amendment of this appeal, so HR coming back finds the re-solve where it was
  const latest = [...appeal.amendments].sort((a, b) => b.number - a.number)[0];
  const [amendmentId, setAmendmentId] = useState<string | undefined>(latest?.id);
  const schools = useQuery({
    queryKey: ['staffing', 'schools', appeal.countyCode, 'all'],
    queryFn: () => api<{ items: { id: string; name: string }[] }>('staffing', `/schools?countyCode=${appeal.countyCode}&limit=500`),
    enabled: action === 'pin',
  });
  const start = useMutation({
    mutationFn: () => api<{ id: string }>('rotation', `/appeals/${appeal.id}/amendments`, { method: 'POST', body: action === 'pin' ? { action, schoolId } : { action } }),
    onSuccess: async (r) => {
      setAmendmentId(r.id);
      await client.invalidateQueries({ queryKey: ['rotation', 'appeal', appeal.id] });
    },
  });
  return (
    <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('hr.amend')}</h2>} style={{ marginTop: 12 }}>
      <Typography.Paragraph type="secondary">{t('hr.amendHelp')}</Typography.Paragraph>
      <Radio.Group
        aria-label={t('hr.action')}
        value={action}
        onChange={(e) => setAction(e.target.value)}
        options={[
          { value: 'forbid', label: t('hr.forbid') },
          { value: 'pin', label: t('hr.pin') },
        ]}
        style={{ marginBottom: 8 }}
      />
      {action === 'pin' && (
        <Select
          showSearch
          aria-label={t('hr.school')}
          placeholder={t('hr.school')}
          optionFilterProp="label"
          style={{ width: '100%', marginBottom: 8 }}
          loading={schools.isLoading}
          value={schoolId}
          onChange={setSchoolId}
          options={(schools.data?.items ?? []).filter((s) => s.id !== appeal.move?.toSchoolId && s.id !== appeal.move?.fromSchoolId).map((s) => ({ value: s.id, label: s.name }))}
        />
      )}
      <ErrorAlert error={start.error ?? schools.error} />
      <Button onClick={() => start.mutate()} loading={start.isPending} disabled={action === 'pin' && !schoolId}>
        {t('hr.startAmend')}
      </Button>
      {amendmentId && <AmendmentView appeal={appeal} amendmentId={amendmentId} fallbackNames={names} />}
    </Card>
  );
}

function AmendmentView({ appeal, amendmentId, fallbackNames }: { appeal: Appeal; amendmentId: string; fallbackNames?: Names }) {
  const { t } = useTranslation('appeals');
  const refresh = useRefreshAppeals();
  const amendment = useQuery({
    queryKey: ['rotation', 'appeal', appeal.id, 'amendment', amendmentId],
    queryFn: () => api<Amendment>('rotation', `/appeals/${appeal.id}/amendments/${amendmentId}`),
    refetchInterval: (q) => (q.state.data?.status === 'solving' ? 1500 : false),
  });
  const approve = useMutation({
    mutationFn: (v: { reason: string; version: number }) => api<Amendment>('rotation', `/appeals/${appeal.id}/amendments/${amendmentId}/approve`, { method: 'POST', body: v }),
    onSuccess: refresh,
  });
  const conflict = approve.error instanceof ApiError && approve.error.status === 409;
  return (
    <section style={{ marginTop: 12 }} aria-live="polite">
      <QueryState query={amendment}>
        {(x) => {
          const name = (id: string) => x.names.teachers[id] ?? fallbackNames?.teachers[id] ?? id;
          const school = (id: string) => x.names.schools[id] ?? fallbackNames?.schools[id] ?? id;
          const moves = (title: string, list: Change[]) => (
            <section aria-label={title}>
              <h4 style={{ fontSize: 14, margin: '8px 0 4px' }}>{title}</h4>
              {list.length === 0 ? (
                <Typography.Text type="secondary">{t('hr.noChange')}</Typography.Text>
              ) : (
                <List size="small" dataSource={list} renderItem={(c) => <List.Item>{`${name(c.teacherId)}：${school(c.fromSchoolId)} → ${school(c.toSchoolId)}`}</List.Item>} />
              )}
            </section>
          );
          return (
            <>
              <Space wrap>
                <h3 style={{ fontSize: 15, margin: 0 }}>{t('hr.amendment', { number: x.number })}</h3>
                <Tag color={x.status === 'ready' ? 'blue' : x.status === 'approved' ? 'green' : x.status === 'solving' ? 'processing' : 'red'}>{t(`hr.amendmentStatus.${x.status}`)}</Tag>
              </Space>
              {x.status === 'solving' && (
                <>
                  <Typography.Paragraph style={{ marginTop: 8 }}>{t('hr.solving')}</Typography.Paragraph>
                  <Progress percent={Math.round(x.solve?.progress?.percent ?? 0)} status="active" aria-label={t('hr.solving')} />
                </>
              )}
              {x.status === 'failed' && <Alert type="error" showIcon title={t('hr.error')} description={x.error?.message} style={{ marginTop: 8 }} />}
              {x.status === 'infeasible' && <Alert type="warning" showIcon title={t('hr.infeasible')} description={<pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{JSON.stringify(x.result?.infeasibilities ?? [], null, 1)}</pre>} style={{ marginTop: 8 }} />}
              {x.changes && (
                <div>
                  {moves(t('hr.cancelled'), x.changes.cancelled)}
                  {moves(t('hr.added'), x.changes.added)}
                  <Typography.Paragraph style={{ marginTop: 8 }}>{t('hr.kept', { count: x.changes.kept })}</Typography.Paragraph>
                </div>
              )}
              {x.status === 'approved' && <Alert type="success" showIcon role="status" title={t('hr.approved')} description={x.reason ?? undefined} style={{ marginTop: 8 }} />}
              {x.status === 'ready' && (
                <>
                  {x.stale && <Alert type="warning" showIcon title={t('hr.stale', { from: x.baselineVersion, to: x.cycleVersion })} style={{ marginTop: 8 }} />}
                  <Form name={`approve-${x.id}`} layout="vertical" style={{ marginTop: 8 }} onFinish={(v) => approve.mutate({ reason: v.reason, version: x.cycleVersion })}>
                    <Form.Item name="reason" label={t('hr.approveReason')} rules={[{ required: true, whitespace: true, message: t('hr.approveReasonRequired') }, { max: 2000 }]}>
                      <Input.TextArea rows={2} maxLength={2000} />
                    </Form.Item>
                    <ErrorAlert error={approve.error} />
                    {conflict && <Typography.Paragraph type="danger">{t('hr.conflictHelp')}</Typography.Paragraph>}
                    <Button type="primary" htmlType="submit" loading={approve.isPending} disabled={x.stale}>
                      {t('hr.approve')}
                    </Button>
                  </Form>
                </>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
