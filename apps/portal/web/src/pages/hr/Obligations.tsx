import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import { ErrorAlert } from '../../components/States';
import { fmtDate, fmtTime, today } from '../../format';
import { useCounty } from '../../session';
import { PageTitle } from '../../components/PageTitle';

/** R2/R3 obligations the scheduler raised, and exemptions HR records. */
export default function Obligations() {
  const { t } = useTranslation(['hr', 'common']);
  const { county } = useCounty();
  const client = useQueryClient();
  const [rule, setRule] = useState<string | undefined>();
  const [severity, setSeverity] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const obligations = useQuery({
    queryKey: ['scheduler', 'obligations', county, rule, severity, page],
    queryFn: () => api<{ items: any[]; total: number }>('scheduler', `/obligations?countyCode=${county}${rule ? `&rule=${rule}` : ''}${severity ? `&severity=${severity}` : ''}&limit=50&offset=${(page - 1) * 50}`),
  });
  const exemptions = useQuery({ queryKey: ['scheduler', 'exemptions', county], queryFn: () => api<{ items: any[] }>('scheduler', `/exemptions?countyCode=${county}`) });
  const [form] = Form.useForm();
  const record = useMutation({
    mutationFn: (v: any) => api('scheduler', '/exemptions', { method: 'POST', body: { ...v, countyCode: county } }),
    onSuccess: async () => {
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['scheduler', 'exemptions', county] });
    },
  });
  return (
    <>
      <PageTitle>
        {t('obligations.title')}
      </PageTitle>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear aria-label={t('obligations.rule')} placeholder={t('obligations.rule')} style={{ width: 200 }} value={rule} onChange={(v) => { setRule(v); setPage(1); }} options={['R2', 'R3'].map((r) => ({ value: r, label: t(`common:rules.${r}.short`) }))} />
        <Select allowClear aria-label={t('obligations.severity')} placeholder={t('obligations.severity')} style={{ width: 160 }} value={severity} onChange={(v) => { setSeverity(v); setPage(1); }} options={['warning', 'due', 'overdue'].map((s) => ({ value: s, label: t(`common:severity.${s}`) }))} />
      </Space>
      <ErrorAlert error={obligations.error} />
      <Table
        size="small"
        rowKey="id"
        loading={obligations.isLoading}
        dataSource={obligations.data?.items ?? []}
        pagination={{ current: page, pageSize: 50, total: obligations.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('obligations.rule'), dataIndex: 'rule', render: (r: string) => <Tag>{t(`common:rules.${r}.short`)}</Tag> },
          { title: t('obligations.teacher'), dataIndex: 'teacherId', render: (id: string) => <Link to={`/hr/teachers/${id}`}>{t('obligations.openTeacher')}</Link> },
          { title: t('obligations.severity'), dataIndex: 'severity', render: (s: string) => <Tag color={s === 'overdue' ? 'red' : s === 'due' ? 'orange' : 'gold'}>{t(`common:severity.${s}`)}</Tag> },
          { title: t('obligations.dueBy'), dataIndex: 'dueBy', render: fmtDate },
          { title: t('obligations.raised'), dataIndex: 'raisedAt', render: fmtTime },
        ]}
      />
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('exemptions.title')}</h2>} style={{ marginTop: 16 }}>
        <Form form={form} layout="inline" initialValues={{ from: today() }} onFinish={(v) => record.mutate(v)}>
          <Form.Item name="teacherId" label={t('exemptions.teacherId')} rules={[{ required: true, pattern: /^[0-9a-f-]{36}$/i, message: t('exemptions.teacherIdHelp') }]}>
            <Input style={{ width: 320 }} />
          </Form.Item>
          <Form.Item name="reason" label={t('exemptions.reason')} rules={[{ required: true, whitespace: true }]}>
            <Input style={{ width: 220 }} maxLength={500} />
          </Form.Item>
          <Form.Item name="from" label={t('exemptions.from')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="until" label={t('exemptions.until')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Button htmlType="submit" type="primary" loading={record.isPending}>
            {t('exemptions.record')}
          </Button>
        </Form>
        <div style={{ marginTop: 12 }}>
          <ErrorAlert error={record.error} />
          {record.isSuccess && <Alert type="success" showIcon role="status" title={t('exemptions.recorded')} style={{ marginBottom: 12 }} />}
        </div>
        <Table
          size="small"
          rowKey="id"
          loading={exemptions.isLoading}
          dataSource={exemptions.data?.items ?? []}
          columns={[
            { title: t('obligations.teacher'), dataIndex: 'teacherId', render: (id: string) => <Link to={`/hr/teachers/${id}`}>{t('obligations.openTeacher')}</Link> },
            { title: t('exemptions.reason'), dataIndex: 'reason' },
            { title: t('exemptions.from'), dataIndex: 'from', render: fmtDate },
            { title: t('exemptions.until'), dataIndex: 'until', render: fmtDate },
            { title: t('exemptions.by'), dataIndex: 'recordedBy' },
          ]}
        />
      </Card>
    </>
  );
}
