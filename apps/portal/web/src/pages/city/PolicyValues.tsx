import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { PageTitle } from '../../components/PageTitle';
import { ErrorAlert, QueryState } from '../../components/States';
import { fmtDate, fmtNumber, fmtPercent, fmtTime, fmtYuan, today } from '../../format';

export interface PolicyValue {
  key: string;
  value: number;
  effectiveFrom: string;
  source: string;
  origin: 'default' | 'added';
  id: string | null;
  setBy: string | null;
  setAt: string | null;
  assumption: boolean;
}

/** Which rule or area a key belongs to: 'R1', 'credits', 'planner'… (its first part). */
const groupOf = (key: string) => key.split('.')[0];
/** How a value reads: a share as a percentage, an amount in fen as yuan, anything else as a number. */
function fmtValue(key: string, value: number): string {
  if (key.split('.').some((p) => p.endsWith('share'))) return `${fmtPercent(value, 1)} (${value})`;
  if (key.endsWith('_fen')) return fmtYuan(value);
  if (key.endsWith('_year')) return String(value); // a calendar year, not a quantity: 2021, not 2,021
  return fmtNumber(value, Number.isInteger(value) ? 0 : 2);
}

/**
 * The city administrator's policy values: every number the rules use, in force on a date and with its
 * history — each with its source, who set it (the seeded defaults were set by nobody) and whether the source
 * says it is an assumption still to be confirmed — and adding a dated value (never an edit; today or later).
 */
export default function PolicyValues() {
  const { t } = useTranslation(['policy', 'common']);
  const [date, setDate] = useState(today());
  const [group, setGroup] = useState<string | undefined>(undefined);
  const [text, setText] = useState('');
  const [onlyAssumed, setOnlyAssumed] = useState(false);
  const all = useQuery({ queryKey: ['staffing', 'policy-values'], queryFn: () => api<{ items: PolicyValue[] }>('staffing', '/policy-values') });
  const inForce = useQuery({ queryKey: ['staffing', 'policy-values', 'in-force', date], queryFn: () => api<{ date: string; items: PolicyValue[] }>('staffing', `/policy-values/in-force?date=${date}`), enabled: /^\d{4}-\d{2}-\d{2}$/.test(date) });
  const groups = useMemo(() => [...new Set((all.data?.items ?? []).map((v) => groupOf(v.key)))], [all.data]);
  const filter = (items: PolicyValue[]) =>
    items.filter((v) => (!group || groupOf(v.key) === group) && (!onlyAssumed || v.assumption) && (!text.trim() || `${v.key} ${v.source}`.toLowerCase().includes(text.trim().toLowerCase())));
  const inForceIds = new Set((inForce.data?.items ?? []).map((v) => `${v.key}|${v.effectiveFrom}`));
  const columns = (history: boolean) => [
    { title: t('key'), dataIndex: 'key', render: (k: string) => <Typography.Text code style={{ wordBreak: 'break-all' }}>{k}</Typography.Text>, width: 220 },
    { title: t('group'), key: 'group', render: (_: unknown, v: PolicyValue) => t(`groups.${groupOf(v.key)}`, { defaultValue: groupOf(v.key) }), width: 130 },
    { title: t('value'), key: 'value', render: (_: unknown, v: PolicyValue) => fmtValue(v.key, v.value), width: 120 },
    { title: t('effectiveFrom'), dataIndex: 'effectiveFrom', render: (d: string) => fmtDate(d), width: 120 },
    ...(history
      ? [
          {
            title: t('state'),
            key: 'state',
            width: 90,
            render: (_: unknown, v: PolicyValue) =>
              inForceIds.has(`${v.key}|${v.effectiveFrom}`) ? <Tag color="green">{t('inForce')}</Tag> : v.effectiveFrom > date ? <Tag color="blue">{t('scheduled')}</Tag> : <Tag>{t('superseded')}</Tag>,
          },
        ]
      : []),
    {
      title: t('source'),
      dataIndex: 'source',
      render: (s: string, v: PolicyValue) => (
        <Space direction="vertical" size={2}>
          <span style={{ wordBreak: 'break-word' }}>{s}</span>
          {v.assumption && <Tag color="orange">{t('assumption')}</Tag>}
        </Space>
      ),
    },
    { title: t('setBy'), key: 'setBy', width: 150, render: (_: unknown, v: PolicyValue) => (v.origin === 'default' ? <Typography.Text type="secondary">{t('default')}</Typography.Text> : `${v.setBy} · ${fmtTime(v.setAt)}`) },
  ];
  return (
    <>
      <PageTitle>{t('title')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('help')}</Typography.Paragraph>
      <AddValue values={all.data?.items ?? []} />
      <Space wrap style={{ margin: '16px 0 12px' }}>
        <label htmlFor="policy-group">{t('group')}</label>
        <Select id="policy-group" allowClear placeholder={t('allGroups')} value={group} onChange={setGroup} style={{ width: 200 }} options={groups.map((g) => ({ value: g, label: t(`groups.${g}`, { defaultValue: g }) }))} />
        <Input.Search aria-label={t('search')} placeholder={t('search')} allowClear onSearch={setText} onChange={(e) => !e.target.value && setText('')} style={{ width: 240 }} />
        <Checkbox checked={onlyAssumed} onChange={(e) => setOnlyAssumed(e.target.checked)}>
          {t('onlyAssumed')}
        </Checkbox>
      </Space>
      <Tabs
        items={[
          {
            key: 'in-force',
            label: t('inForceTab'),
            children: (
              <>
                <Space style={{ marginBottom: 12 }}>
                  <label htmlFor="policy-date">{t('onDate')}</label>
                  <Input id="policy-date" type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} style={{ width: 170 }} />
                </Space>
                <QueryState query={inForce}>{(d) => <Table size="small" rowKey={(v) => `${v.key}|${v.effectiveFrom}`} dataSource={filter(d.items)} columns={columns(false)} scroll={{ x: 1000 }} pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }} />}</QueryState>
              </>
            ),
          },
          {
            key: 'history',
            label: t('historyTab'),
            children: <QueryState query={all}>{(d) => <Table size="small" rowKey={(v) => `${v.key}|${v.effectiveFrom}|${v.origin}`} dataSource={filter(d.items)} columns={columns(true)} scroll={{ x: 1040 }} pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }} />}</QueryState>,
          },
        ]}
      />
    </>
  );
}

/** A new dated value of a key: checked by staffing (a share is 0–1, a date today or later, a source), audited, announced. */
function AddValue({ values }: { values: PolicyValue[] }) {
  const { t } = useTranslation(['policy', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const key = Form.useWatch('key', form) as string | undefined;
  const keys = useMemo(() => [...new Set(values.map((v) => v.key))], [values]);
  const current = key ? values.filter((v) => v.key === key && v.effectiveFrom <= today()).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)).at(-1) : undefined;
  const add = useMutation({
    mutationFn: (v: { key: string; value: number; effectiveFrom: string; source: string }) => api<PolicyValue>('staffing', '/policy-values', { method: 'POST', body: { ...v, source: v.source.trim() } }),
    onSuccess: async (saved) => {
      message.success(t('added', { key: saved.key, date: fmtDate(saved.effectiveFrom) }));
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['staffing', 'policy-values'] });
    },
  });
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('addTitle')}</h2>}>
      <ErrorAlert error={add.error} />
      <Form form={form} layout="vertical" initialValues={{ effectiveFrom: today() }} onFinish={(v) => add.mutate(v)}>
        <Space wrap align="start">
          <Form.Item name="key" label={t('key')} rules={[{ required: true, message: t('keyRequired') }]}>
            <Select showSearch style={{ width: 320 }} options={keys.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
          <Form.Item name="value" label={t('value')} rules={[{ required: true, message: t('valueRequired') }]} extra={key ? t('inForceNow', { value: current ? fmtValue(current.key, current.value) : '—' }) : undefined}>
            <InputNumber style={{ width: 160 }} step={key?.split('.').some((p) => p.endsWith('share')) ? 0.01 : 1} />
          </Form.Item>
          <Form.Item name="effectiveFrom" label={t('effectiveFrom')} rules={[{ required: true }]} extra={t('dateHelp')}>
            <Input type="date" style={{ width: 170 }} />
          </Form.Item>
        </Space>
        <Form.Item name="source" label={t('source')} rules={[{ required: true, whitespace: true, message: t('sourceRequired') }]} extra={t('sourceHelp')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending}>
          {t('add')}
        </Button>
      </Form>
    </Card>
  );
}
