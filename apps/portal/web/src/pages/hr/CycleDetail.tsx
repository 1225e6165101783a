import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, Progress, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError, download } from '../../api';
import { Chart } from '../../components/Chart';
import { ErrorAlert, QueryState } from '../../components/States';
import { CYCLE_NEXT } from '../../domain';
import { fmtDate, fmtNumber, fmtPercent, fmtTime } from '../../format';
import { useSolvePlan, type WhatIf } from './useSolvePlan';
import { PageTitle } from '../../components/PageTitle';

interface Pin {
  teacherId: string;
  schoolId: string;
  kind: 'force' | 'forbid';
}
type Names = { teachers: Record<string, string>; schools: Record<string, string> };

/** One cycle: advance its states, solve plans, review, compare and propose them, and approve. */
export default function CycleDetail() {
  const { id } = useParams();
  const { t } = useTranslation(['hr', 'common']);
  const cycle = useQuery({ queryKey: ['rotation', 'cycle', id], queryFn: () => api('rotation', `/cycles/${id}`) });
  return <QueryState query={cycle}>{(c: any) => <CycleView cycle={c} key={c.id} title={t('cycle.title', { year: c.schoolYear })} />}</QueryState>;
}

function VersionConflict({ error }: { error: unknown }) {
  const { t } = useTranslation('hr');
  if (!(error instanceof ApiError) || error.status !== 409) return <ErrorAlert error={error} />;
  return (
    <>
      <ErrorAlert error={error} />
      {error.code === 'ROTATION.STALE_VERSION' || /version|changed/i.test(error.message) ? <Alert type="warning" showIcon title={t('cycle.staleExplained')} style={{ marginBottom: 16 }} /> : null}
    </>
  );
}

function CycleView({ cycle, title }: { cycle: any; title: string }) {
  const { t } = useTranslation(['hr', 'common']);
  const client = useQueryClient();
  const { message } = App.useApp();
  const [deadline, setDeadline] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const plans = useQuery({ queryKey: ['rotation', 'plans', cycle.id], queryFn: () => api<any[]>('rotation', `/cycles/${cycle.id}/plans`) });
  const solver = useSolvePlan(cycle.id);
  const refresh = () => client.invalidateQueries({ queryKey: ['rotation', 'cycle', cycle.id] });
  const advance = useMutation({
    mutationFn: (to: string) => api('rotation', `/cycles/${cycle.id}/transitions`, { method: 'POST', body: { to, version: cycle.version, ...(to === 'collecting' ? { preferenceDeadline: deadline } : {}) } }),
    onSuccess: async () => {
      message.success(t('cycle.advanced'));
      await refresh();
    },
  });
  const approve = useMutation({
    mutationFn: () => api('rotation', `/cycles/${cycle.id}/approve`, { method: 'POST', body: { version: cycle.version } }),
    onSuccess: async (r: any) => {
      message.success(t('cycle.approvedMoves', { count: r.moves }));
      await refresh();
    },
  });
  const planId = selected ?? plans.data?.[0]?.id ?? null;
  return (
    <>
      <PageTitle>
        {title}
      </PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 4 }}>
          <Descriptions.Item label={t('cycles.state')}>
            <Tag color="processing">{t(`common:cycleStates.${cycle.state}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('cycles.deadline')}>{fmtDate(cycle.preferenceDeadline)}</Descriptions.Item>
          <Descriptions.Item label={t('cycles.effective')}>{fmtDate(cycle.effectiveDate)}</Descriptions.Item>
          <Descriptions.Item label={t('cycle.version')}>{cycle.version}</Descriptions.Item>
        </Descriptions>
        <Space wrap style={{ marginTop: 8 }}>
          {cycle.state === 'draft' && (
            <>
              <label htmlFor="deadline">{t('cycle.deadlineInput')}</label>
              <Input id="deadline" type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} style={{ width: 170 }} />
            </>
          )}
          {CYCLE_NEXT[cycle.state].map((to) => (
            <Button key={to} loading={advance.isPending} disabled={to === 'collecting' && !deadline} onClick={() => advance.mutate(to)}>
              {t(`cycle.to.${to}`)}
            </Button>
          ))}
          {cycle.state === 'planning' && (
            <Button type="primary" loading={solver.pending} onClick={() => void solver.solve({}).then((p) => setSelected(p.id)).catch(() => undefined)}>
              {t('cycle.solve')}
            </Button>
          )}
          {cycle.state === 'proposed' && (
            <Button type="primary" loading={approve.isPending} onClick={() => approve.mutate()}>
              {t('cycle.approve')}
            </Button>
          )}
        </Space>
        {solver.pending && (
          <div role="status" aria-live="polite" style={{ marginTop: 12 }}>
            <Progress percent={100} status="active" showInfo={false} />
            <Typography.Text>{t('cycle.solving', { seconds: solver.elapsedSeconds })}</Typography.Text>
          </div>
        )}
        <div style={{ marginTop: 12 }}>
          <VersionConflict error={advance.error} />
          <VersionConflict error={approve.error} />
          <ErrorAlert error={solver.error} />
        </div>
      </Card>
      <Tabs
        items={[
          {
            key: 'plans',
            label: t('cycle.tabs.plans'),
            children: (
              <QueryState query={plans} empty={(p) => p.length === 0}>
                {(list) => (
                  <>
                    <Space style={{ marginBottom: 12 }} wrap>
                      <label htmlFor="plan-version">{t('cycle.planVersion')}</label>
                      <Select
                        id="plan-version"
                        style={{ width: 320 }}
                        value={planId}
                        onChange={setSelected}
                        options={list.map((p) => ({ value: p.id, label: t('cycle.planLabel', { number: p.number, status: t(`common:planStatus.${p.status}`), movers: p.movers }) }))}
                      />
                    </Space>
                    {planId && <PlanReview cycle={cycle} planId={planId} versions={list} />}
                  </>
                )}
              </QueryState>
            ),
          },
          { key: 'whatif', label: t('cycle.tabs.whatIf'), children: <WhatIfPanel cycle={cycle} /> },
          { key: 'corrections', label: t('cycle.tabs.corrections'), children: <Corrections cycleId={cycle.id} /> },
        ]}
      />
    </>
  );
}

function Metrics({ metrics }: { metrics: any }) {
  const { t } = useTranslation(['hr', 'common']);
  const m = metrics;
  const ok = m.movers >= m.requiredMovers;
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title={t('plan.r1')} value={fmtPercent(m.moverRatio)} suffix={<Tag color={ok ? 'green' : 'red'}>{t('plan.required', { share: fmtPercent(m.requiredRatio, 0) })}</Tag>} />
          <Typography.Text type="secondary">{t('plan.movers', { movers: m.movers, required: m.requiredMovers })}</Typography.Text>
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title={t('plan.backbone')} value={fmtPercent(m.backboneShare)} />
          <Typography.Text type="secondary">{t('plan.backboneCount', { count: m.backboneMovers })}</Typography.Text>
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title={t('plan.obligations')} value={`${m.mandatory.R2.met + m.mandatory.R3.met} / ${m.mandatory.R2.required + m.mandatory.R3.required}`} />
          <Typography.Text type="secondary">{t('plan.obligationsDetail', { r2: `${m.mandatory.R2.met}/${m.mandatory.R2.required}`, r3: `${m.mandatory.R3.met}/${m.mandatory.R3.required}` })}</Typography.Text>
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title={t('plan.volunteers')} value={`${m.volunteersPlaced} / ${m.volunteers}`} />
          <Typography.Text type="secondary">{t('plan.unlisted', { count: m.unlisted })}</Typography.Text>
        </Card>
      </Col>
    </Row>
  );
}

function FlowsChart({ flows }: { flows: any }) {
  const { t } = useTranslation('hr');
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('plan.flowToward'), t('plan.flowAway')] },
      grid: { left: 40, right: 16, bottom: 40, top: 48 },
      xAxis: { type: 'category', data: [t('plan.flowRural'), t('plan.flowWeak'), t('plan.flowBackboneWeak')] },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('plan.flowToward'), type: 'bar', data: [flows.urbanToRural, flows.strongToWeak, flows.backboneStrongToWeak], itemStyle: { color: '#2f7d32' } },
        { name: t('plan.flowAway'), type: 'bar', data: [flows.ruralToUrban, flows.weakToStrong, flows.backboneWeakToStrong], itemStyle: { color: '#b23b3b' } },
      ],
    }),
    [flows, t],
  );
  return (
    <Card size="small" title={<h3 style={{ fontSize: 15, margin: 0 }}>{t('plan.flows')}</h3>} style={{ marginBottom: 16 }}>
      <Chart option={option} label={t('plan.flowsLabel', { rural: flows.urbanToRural, weak: flows.strongToWeak, away: flows.ruralToUrban + flows.weakToStrong })} />
      <Typography.Text type="secondary">{t('plan.sameDistrict', { count: flows.sameDistrict })}</Typography.Text>
    </Card>
  );
}

function PlanReview({ cycle, planId, versions }: { cycle: any; planId: string; versions: any[] }) {
  const { t } = useTranslation(['hr', 'common']);
  const client = useQueryClient();
  const { message } = App.useApp();
  const plan = useQuery({ queryKey: ['rotation', 'plan', planId], queryFn: () => api<any>('rotation', `/cycles/${cycle.id}/plans/${planId}`) });
  const pins = useQuery({ queryKey: ['rotation', 'pins', cycle.id], queryFn: () => api<Pin[]>('rotation', `/cycles/${cycle.id}/pins`) });
  const [search, setSearch] = useState('');
  const [onlyMandatory, setOnlyMandatory] = useState<'all' | 'mandatory' | 'pinned'>('all');
  const [other, setOther] = useState<string | null>(null);
  const setPins = useMutation({
    mutationFn: (next: Pin[]) => api('rotation', `/cycles/${cycle.id}/pins`, { method: 'PUT', body: { pins: next } }),
    onSuccess: async () => {
      message.success(t('plan.pinsSaved'));
      await client.invalidateQueries({ queryKey: ['rotation', 'pins', cycle.id] });
    },
  });
  const propose = useMutation({
    mutationFn: () => api('rotation', `/cycles/${cycle.id}/plans/${planId}/propose`, { method: 'POST', body: { version: cycle.version } }),
    onSuccess: async () => {
      message.success(t('plan.proposed'));
      await client.invalidateQueries({ queryKey: ['rotation', 'cycle', cycle.id] });
    },
  });
  const diff = useQuery({ queryKey: ['rotation', 'diff', planId, other], queryFn: () => api<any>('rotation', `/cycles/${cycle.id}/plans/${planId}/diff/${other}`), enabled: !!other });
  return (
    <QueryState query={plan}>
      {(p) => {
        const names: Names = p.names ?? { teachers: {}, schools: {} };
        const teacher = (id: string) => names.teachers[id] ?? id.slice(0, 8);
        const school = (id: string) => names.schools[id] ?? id.slice(0, 8);
        const pinned = new Map((pins.data ?? []).map((x) => [`${x.teacherId}|${x.schoolId}`, x.kind]));
        const rejected = new Map((p.rejections ?? []).map((r: any) => [r.teacherId, r.reason]));
        // what staffing did with each move of the approved plan (applied / rejected / pending)
        const outcome = (id: string): string | undefined => p.outcomes?.moves?.[id]?.status;
        const needle = search.trim().toLowerCase();
        const moves = (p.moves as any[]).filter(
          (m) =>
            (onlyMandatory === 'all' || (onlyMandatory === 'mandatory' ? m.mandatory : m.pinned || pinned.has(`${m.teacherId}|${m.toSchoolId}`))) &&
            (!needle || [teacher(m.teacherId), school(m.fromSchoolId), school(m.toSchoolId)].some((x) => x.toLowerCase().includes(needle))),
        );
        const pin = (m: any, kind: 'force' | 'forbid') => setPins.mutate([...(pins.data ?? []).filter((x) => x.teacherId !== m.teacherId), { teacherId: m.teacherId, schoolId: m.toSchoolId, kind }]);
        return (
          <>
            <Space wrap style={{ marginBottom: 12 }}>
              <Tag color={p.status === 'infeasible' ? 'red' : 'green'}>{t(`common:planStatus.${p.status}`)}</Tag>
              <Typography.Text type="secondary">{t('plan.made', { by: p.createdBy, at: fmtTime(p.createdAt), objective: fmtNumber(p.objective, 1) })}</Typography.Text>
              <Button onClick={() => void download('rotation', `/cycles/${cycle.id}/plans/${planId}/export.xlsx`, `rotation-${cycle.countyCode}-${cycle.schoolYear}-plan-${p.number}.xlsx`).catch((e) => message.error(e.message))}>
                {t('plan.export')}
              </Button>
              {cycle.state === 'planning' && (
                <Button type="primary" loading={propose.isPending} disabled={p.status === 'infeasible'} onClick={() => propose.mutate()}>
                  {t('plan.propose')}
                </Button>
              )}
            </Space>
            <VersionConflict error={propose.error} />
            {p.infeasibilities.length > 0 && (
              <Card size="small" title={<h3 style={{ fontSize: 15, margin: 0 }}>{t('plan.infeasible', { count: p.infeasibilities.length })}</h3>} style={{ marginBottom: 16 }}>
                <ul>
                  {p.infeasibilities.map((x: any, i: number) => (
                    <li key={i}>
                      <Tag color="red">{t(`plan.constraints.${x.constraint}`, { defaultValue: x.constraint })}</Tag> {x.message}
                    </li>
                  ))}
                </ul>
              </Card>
            )}
            <Metrics metrics={p.metrics} />
            <FlowsChart flows={p.metrics.flows} />
            <Card size="small" title={<h3 style={{ fontSize: 15, margin: 0 }}>{t('plan.moves', { count: p.moves.length })}</h3>} style={{ marginBottom: 16 }}>
              <Space wrap style={{ marginBottom: 8 }}>
                <Input.Search aria-label={t('plan.search')} placeholder={t('plan.search')} allowClear onSearch={setSearch} onChange={(e) => !e.target.value && setSearch('')} style={{ width: 260 }} />
                <Select
                  aria-label={t('plan.filter')}
                  value={onlyMandatory}
                  onChange={setOnlyMandatory}
                  style={{ width: 200 }}
                  options={[
                    { value: 'all', label: t('plan.all') },
                    { value: 'mandatory', label: t('plan.mandatoryOnly') },
                    { value: 'pinned', label: t('plan.pinnedOnly') },
                  ]}
                />
                <Typography.Text type="secondary">{t('plan.shown', { count: moves.length })}</Typography.Text>
                {p.outcomes && p.outcomes.applied + p.outcomes.rejected + p.outcomes.pending > 0 && (
                  <Typography.Text>{t('plan.outcomes', { applied: p.outcomes.applied, rejected: p.outcomes.rejected, pending: p.outcomes.pending })}</Typography.Text>
                )}
              </Space>
              <ErrorAlert error={setPins.error} />
              <Table
                size="small"
                rowKey="teacherId"
                dataSource={moves}
                pagination={{ pageSize: 25, showSizeChanger: false }}
                scroll={{ x: 900 }}
                columns={[
                  { title: t('plan.teacher'), dataIndex: 'teacherId', render: teacher },
                  { title: t('plan.from'), dataIndex: 'fromSchoolId', render: school },
                  { title: t('plan.to'), dataIndex: 'toSchoolId', render: school },
                  { title: t('plan.subject'), dataIndex: 'subject', render: (s: string | null) => (s ? t(`common:subjects.${s}`, { defaultValue: s }) : '—') },
                  { title: t('plan.reason'), dataIndex: 'mandatory', render: (r: string | null) => (r ? <Tag color="red">{r}</Tag> : '—') },
                  { title: t('plan.rank'), dataIndex: 'preferenceRank', render: (r: number | null) => r ?? '—' },
                  {
                    title: t('plan.pin'),
                    key: 'pin',
                    render: (_: unknown, m: any) => {
                      const kind = pinned.get(`${m.teacherId}|${m.toSchoolId}`) ?? (m.pinned ? 'force' : undefined);
                      if (rejected.has(m.teacherId)) return <Tag color="red">{t('plan.rejected', { reason: rejected.get(m.teacherId) })}</Tag>;
                      if (outcome(m.teacherId) === 'applied') return <Tag color="green">{t('plan.applied')}</Tag>;
                      if (outcome(m.teacherId) === 'pending') return <Tag>{t('plan.pending')}</Tag>;
                      if (cycle.state !== 'planning') return kind ? <Tag>{t(`plan.pinKinds.${kind}`)}</Tag> : '—';
                      return (
                        <Space size={4}>
                          {kind && <Tag color="blue">{t(`plan.pinKinds.${kind}`)}</Tag>}
                          <Button size="small" onClick={() => pin(m, 'force')} aria-label={t('plan.pinForceLabel', { name: teacher(m.teacherId) })} disabled={kind === 'force'}>
                            {t('plan.pinForce')}
                          </Button>
                          <Button size="small" danger onClick={() => pin(m, 'forbid')} aria-label={t('plan.pinForbidLabel', { name: teacher(m.teacherId) })} disabled={kind === 'forbid'}>
                            {t('plan.pinForbid')}
                          </Button>
                        </Space>
                      );
                    },
                  },
                ]}
              />
              {(pins.data?.length ?? 0) > 0 && cycle.state === 'planning' && (
                <Alert type="info" showIcon title={t('plan.pinsHint', { count: pins.data!.length })} action={<Button size="small" onClick={() => setPins.mutate([])}>{t('plan.clearPins')}</Button>} />
              )}
            </Card>
            <Card size="small" title={<h3 style={{ fontSize: 15, margin: 0 }}>{t('plan.diff')}</h3>}>
              <Space wrap style={{ marginBottom: 8 }}>
                <label htmlFor="diff-other">{t('plan.compareWith')}</label>
                <Select
                  id="diff-other"
                  style={{ width: 220 }}
                  value={other}
                  onChange={setOther}
                  allowClear
                  options={versions.filter((v) => v.id !== planId).map((v) => ({ value: v.id, label: t('cycle.planLabel', { number: v.number, status: t(`common:planStatus.${v.status}`), movers: v.movers }) }))}
                />
              </Space>
              {other && (
                <QueryState query={diff}>
                  {(d) => (
                    <>
                      <Typography.Paragraph>{t('plan.diffSummary', { from: d.from, to: d.to, added: d.added.length, removed: d.removed.length, redirected: d.redirected.length, unchanged: d.unchanged })}</Typography.Paragraph>
                      <Table
                        size="small"
                        rowKey={(r: any) => `${r.change}-${r.teacherId}`}
                        pagination={{ pageSize: 20, showSizeChanger: false }}
                        dataSource={[
                          ...d.added.map((m: any) => ({ change: 'added', teacherId: m.teacherId, detail: `${school(m.fromSchoolId)} → ${school(m.toSchoolId)}` })),
                          ...d.removed.map((m: any) => ({ change: 'removed', teacherId: m.teacherId, detail: `${school(m.fromSchoolId)} → ${school(m.toSchoolId)}` })),
                          ...d.redirected.map((m: any) => ({ change: 'redirected', teacherId: m.teacherId, detail: `${school(m.before)} ⇒ ${school(m.after)}` })),
                        ]}
                        columns={[
                          { title: t('plan.change'), dataIndex: 'change', render: (c: string) => <Tag color={c === 'added' ? 'green' : c === 'removed' ? 'red' : 'blue'}>{t(`plan.changes.${c}`)}</Tag> },
                          { title: t('plan.teacher'), dataIndex: 'teacherId', render: teacher },
                          { title: t('plan.detail'), dataIndex: 'detail' },
                        ]}
                      />
                    </>
                  )}
                </QueryState>
              )}
            </Card>
          </>
        );
      }}
    </QueryState>
  );
}

function WhatIfPanel({ cycle }: { cycle: any }) {
  const { t } = useTranslation(['hr', 'common']);
  const whatIf = useSolvePlan(cycle.id);
  if (cycle.state !== 'planning') return <Empty description={t('whatIf.onlyPlanning')} />;
  const run = (v: any) => {
    const body: WhatIf = { weights: {} };
    if (v.minMoverShare !== undefined && v.minMoverShare !== null) body.minMoverShare = v.minMoverShare / 100;
    if (v.backboneMoverShare !== undefined && v.backboneMoverShare !== null) body.backboneMoverShare = v.backboneMoverShare / 100;
    for (const k of ['towardRural', 'towardWeak', 'backboneTowardWeak', 'preferenceRank', 'sameDistrict', 'disruption'] as const) if (v[k] !== undefined && v[k] !== null) body.weights![k] = v[k];
    void whatIf.solve({ whatIf: body }).catch(() => undefined);
  };
  return (
    <Card size="small">
      <Typography.Paragraph>{t('whatIf.help')}</Typography.Paragraph>
      <Form layout="inline" onFinish={run}>
        <Form.Item name="minMoverShare" label={t('whatIf.minMoverShare')}>
          <InputNumber min={0} max={100} addonAfter="%" />
        </Form.Item>
        <Form.Item name="backboneMoverShare" label={t('whatIf.backboneMoverShare')}>
          <InputNumber min={0} max={100} addonAfter="%" />
        </Form.Item>
        {(['towardRural', 'towardWeak', 'backboneTowardWeak', 'preferenceRank', 'sameDistrict', 'disruption'] as const).map((k) => (
          <Form.Item key={k} name={k} label={t(`whatIf.weights.${k}`)}>
            <InputNumber min={-100} max={100} />
          </Form.Item>
        ))}
        <Button htmlType="submit" type="primary" loading={whatIf.pending}>
          {t('whatIf.run')}
        </Button>
      </Form>
      {whatIf.pending && (
        <div role="status" style={{ marginTop: 12 }}>
          <Progress percent={100} status="active" showInfo={false} />
          {t('cycle.solving', { seconds: whatIf.elapsedSeconds })}
        </div>
      )}
      <div style={{ marginTop: 12 }}>
        <ErrorAlert error={whatIf.error} />
        {whatIf.result && (
          <>
            <Alert type="info" showIcon title={t('whatIf.result', { status: t(`common:planStatus.${whatIf.result.status}`), movers: whatIf.result.moves.length })} style={{ marginBottom: 12 }} />
            <Metrics metrics={whatIf.result.metrics} />
            <FlowsChart flows={whatIf.result.metrics.flows} />
          </>
        )}
      </div>
    </Card>
  );
}

function Corrections({ cycleId }: { cycleId: string }) {
  const { t } = useTranslation('hr');
  const q = useQuery({ queryKey: ['rotation', 'corrections', cycleId], queryFn: () => api<any[]>('rotation', `/cycles/${cycleId}/point-corrections`) });
  return (
    <QueryState query={q} empty={(x) => x.length === 0}>
      {(rows) => (
        <Table
          size="small"
          rowKey="id"
          dataSource={rows}
          columns={[
            { title: t('corrections.teacher'), dataIndex: 'teacherId', render: (id: string) => <a href={`/hr/teachers/${id}`}>{id.slice(0, 8)}</a> },
            { title: t('corrections.message'), dataIndex: 'message' },
            { title: t('corrections.at'), dataIndex: 'createdAt', render: fmtTime },
          ]}
        />
      )}
    </QueryState>
  );
}
