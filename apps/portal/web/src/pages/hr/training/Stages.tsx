import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../api';
import { PageTitle } from '../../../components/PageTitle';
import { ErrorAlert, QueryState } from '../../../components/States';
import { useCounties } from '../../../counties';
import { GROWTH_CATEGORIES, GROWTH_STAGES } from '../../../domain';
import { fmtDate, fmtTime, joinClauses, today } from '../../../format';
import { useCounty } from '../../../session';
import type { TrainingRecordData } from '../../shared/TrainingRecord';
import { fmtHours } from '../../shared/training-words';

interface Ready {
  teacherId: string;
  staffNo: string | null;
  name: string;
  category: string;
  stage: string;
  since: string;
  next: string;
  criteria: { name: string; required: number; actual: number; met: boolean }[];
}
interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  entityId: string;
  before: { category: string; stage: string; since: string } | null;
  after: { category: string; stage: string; since: string; evidence?: string };
}
type Target = { teacherId: string; name: string };

/**
 * County HR: the growth path (R12, three categories × five stages). Who may be ready for the next stage by
 * the readiness criteria in force (assumptions for the bureau to confirm), recording a stage with its date
 * and evidence (sent with the current stage's version: 409 when someone changed it first), recent changes.
 */
export default function Stages() {
  const { t } = useTranslation(['training', 'common']);
  const { county } = useCounty();
  const counties = useCounties();
  const [target, setTarget] = useState<Target | null>(null);
  const [search, setSearch] = useState('');
  const ready = useQuery({ queryKey: ['training', 'ready', county], queryFn: () => api<{ asOf: string; items: Ready[] }>('training', `/stages/ready?countyCode=${county}`) });
  const found = useQuery({
    queryKey: ['staffing', 'teachers', county, 'search', search],
    queryFn: () => api<{ items: { id: string; name: string; staffNo: string }[] }>('staffing', `/teachers?countyCode=${county}&q=${encodeURIComponent(search)}&limit=20`),
    enabled: search.trim().length > 0,
  });
  const changes = useQuery({ queryKey: ['training', 'audit', county, 'teacher_stage'], queryFn: () => api<{ items: AuditEntry[] }>('training', `/audit?countyCode=${county}&entityType=teacher_stage&limit=20`) });
  const names = useQueries({
    queries: [...new Set((changes.data?.items ?? []).map((c) => c.entityId))].map((id) => ({ queryKey: ['staffing', 'teacher', id], queryFn: () => api<{ id: string; name: string; staffNo: string }>('staffing', `/teachers/${id}`), staleTime: 300_000 })),
  });
  const nameOf = (id: string) => {
    const x = names.find((q) => q.data?.id === id)?.data;
    return x ? `${x.name} (${x.staffNo})` : id;
  };
  return (
    <>
      <PageTitle>{t('growth.title', { county: counties.name(county) })}</PageTitle>
      <Typography.Paragraph type="secondary">{t('growth.help')}</Typography.Paragraph>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('growth.record')}</h2>} style={{ marginBottom: 16 }}>
        <Space wrap>
          <label htmlFor="stage-teacher">{t('growth.teacher')}</label>
          <Select
            id="stage-teacher"
            showSearch
            filterOption={false}
            onSearch={setSearch}
            placeholder={t('growth.searchPlaceholder')}
            loading={found.isFetching}
            style={{ width: 300 }}
            notFoundContent={search ? t('growth.noneFound') : null}
            onChange={(id: string) => {
              const x = found.data?.items.find((i) => i.id === id);
              if (x) setTarget({ teacherId: x.id, name: `${x.name} (${x.staffNo})` });
            }}
            options={(found.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.name} (${x.staffNo})` }))}
          />
        </Space>
      </Card>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('growth.ready')}</h2>} style={{ marginBottom: 16 }}>
        <QueryState query={ready} empty={(d) => d.items.length === 0}>
          {(d) => (
            <Table
              size="small"
              rowKey="teacherId"
              dataSource={d.items}
              scroll={{ x: 800 }}
              pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
              columns={[
                { title: t('growth.teacher'), key: 'who', render: (_: unknown, r: Ready) => `${r.name}${r.staffNo ? ` (${r.staffNo})` : ''}` },
                { title: t('growth.current'), key: 'current', render: (_: unknown, r: Ready) => `${t(`categories.${r.category}`)} · ${t(`stageNames.${r.stage}`)} (${fmtDate(r.since)})` },
                { title: t('growth.next'), dataIndex: 'next', render: (v: string) => <Tag color="blue">{t(`stageNames.${v}`)}</Tag> },
                {
                  title: t('growth.criteria'),
                  key: 'criteria',
                  render: (_: unknown, r: Ready) => joinClauses(r.criteria.map((c) => t(`criteria.${c.name}`, { actual: c.name === 'hours_5y' ? fmtHours(c.actual) : c.actual, required: c.name === 'hours_5y' ? fmtHours(c.required) : c.required }))),
                },
                {
                  title: t('growth.action'),
                  key: 'action',
                  render: (_: unknown, r: Ready) => (
                    <Button size="small" onClick={() => setTarget({ teacherId: r.teacherId, name: `${r.name}${r.staffNo ? ` (${r.staffNo})` : ''}` })} aria-label={t('growth.recordFor', { name: r.name })}>
                      {t('growth.recordButton')}
                    </Button>
                  ),
                },
              ]}
            />
          )}
        </QueryState>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('record.stage.assumption')}
        </Typography.Text>
      </Card>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('growth.changes')}</h2>}>
        <QueryState query={changes} empty={(d) => d.items.length === 0}>
          {(d) => (
            <Table
              size="small"
              rowKey="id"
              dataSource={d.items}
              scroll={{ x: 760 }}
              pagination={false}
              columns={[
                { title: t('growth.at'), dataIndex: 'at', render: (v: string) => fmtTime(v) },
                { title: t('growth.teacher'), dataIndex: 'entityId', render: (id: string) => <Link to={`/hr/teachers/${id}`}>{nameOf(id)}</Link> },
                {
                  title: t('growth.change'),
                  key: 'change',
                  render: (_: unknown, c: AuditEntry) => `${c.before ? t(`stageNames.${c.before.stage}`) : t('growth.noneBefore')} → ${t(`stageNames.${c.after.stage}`)} (${t(`categories.${c.after.category}`)}, ${fmtDate(c.after.since)})`,
                },
                { title: t('growth.evidence'), key: 'evidence', render: (_: unknown, c: AuditEntry) => c.after.evidence ?? '—' },
                { title: t('growth.by'), dataIndex: 'actor' },
              ]}
            />
          )}
        </QueryState>
      </Card>
      {target && <RecordStage target={target} onClose={() => setTarget(null)} />}
    </>
  );
}

function RecordStage({ target, onClose }: { target: Target; onClose: () => void }) {
  const { t } = useTranslation(['training', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const record = useQuery({ queryKey: ['training', 'record', target.teacherId], queryFn: () => api<TrainingRecordData>('training', `/teachers/${target.teacherId}/record`) });
  const save = useMutation({
    mutationFn: (v: { category: string; stage: string; since: string; evidence: string }) =>
      api('training', `/teachers/${target.teacherId}/stage`, { method: 'PUT', body: { ...v, evidence: v.evidence.trim(), version: record.data?.stage?.version ?? 0 } }),
    onSuccess: async () => {
      message.success(t('growth.saved'));
      await client.invalidateQueries({ queryKey: ['training'] });
      onClose();
    },
  });
  const current = record.data?.stage ?? null;
  const nextIndex = current ? Math.min(GROWTH_STAGES.indexOf(current.stage as (typeof GROWTH_STAGES)[number]) + 1, GROWTH_STAGES.length - 1) : 0;
  const category = current?.category ?? (GROWTH_CATEGORIES as readonly string[]).find((c) => c === record.data?.teacher.category) ?? 'teacher';
  return (
    <Modal open title={t('growth.modalTitle', { name: target.name })} onCancel={onClose} onOk={() => form.submit()} okText={t('common:actions.save')} cancelText={t('common:actions.cancel')} confirmLoading={save.isPending} okButtonProps={{ disabled: !record.data }} destroyOnHidden>
      <QueryState query={record}>
        {(r) => (
          <>
            <Typography.Paragraph>
              {r.stage ? t('record.stage.current', { category: t(`categories.${r.stage.category}`), stage: t(`stageNames.${r.stage.stage}`), date: fmtDate(r.stage.since) }) : t('record.stage.none')}
            </Typography.Paragraph>
            <ErrorAlert error={save.error} />
            <Form form={form} layout="vertical" initialValues={{ category, stage: GROWTH_STAGES[nextIndex], since: today() }} onFinish={(v) => save.mutate(v)}>
              <Space wrap align="start">
                <Form.Item name="category" label={t('growth.category')} rules={[{ required: true }]}>
                  <Select style={{ width: 160 }} options={GROWTH_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))} />
                </Form.Item>
                <Form.Item name="stage" label={t('growth.stage')} rules={[{ required: true }]}>
                  <Select style={{ width: 160 }} options={GROWTH_STAGES.map((s) => ({ value: s, label: t(`stageNames.${s}`) }))} />
                </Form.Item>
                <Form.Item name="since" label={t('growth.since')} rules={[{ required: true }]}>
                  <Input type="date" style={{ width: 170 }} />
                </Form.Item>
              </Space>
              <Form.Item name="evidence" label={t('growth.evidence')} rules={[{ required: true, whitespace: true, message: t('growth.evidenceRequired') }]}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            </Form>
          </>
        )}
      </QueryState>
    </Modal>
  );
}
