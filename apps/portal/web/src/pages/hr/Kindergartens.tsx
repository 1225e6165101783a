import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ErrorAlert, QueryState } from '../../components/States';
import { fmtDate, fmtPercent, today } from '../../format';
import { useCounty } from '../../session';
import { PageTitle } from '../../components/PageTitle';

/** R10: quality urban kindergartens and the village kindergartens each is paired with. */
export default function Kindergartens() {
  const { t } = useTranslation(['hr', 'common']);
  const { county } = useCounty();
  const client = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery({ queryKey: ['staffing', 'kindergartens', county], queryFn: () => api<any>('staffing', `/kindergartens?countyCode=${county}`) });
  const urban = useQuery({ queryKey: ['staffing', 'schools', county, 'kindergarten_county_town'], queryFn: () => api<{ items: any[] }>('staffing', `/schools?countyCode=${county}&type=kindergarten_county_town&limit=500`) });
  const village = useQuery({ queryKey: ['staffing', 'schools', county, 'kindergarten_village'], queryFn: () => api<{ items: any[] }>('staffing', `/schools?countyCode=${county}&type=kindergarten_village&limit=500`) });
  const done = async () => {
    message.success(t('kindergartens.saved'));
    await client.invalidateQueries({ queryKey: ['staffing', 'kindergartens', county] });
  };
  const designate = useMutation({ mutationFn: (v: any) => api('staffing', '/kindergartens/designations', { method: 'POST', body: { schoolId: v.schoolId, from: v.from } }), onSuccess: done });
  const pair = useMutation({ mutationFn: (v: any) => api('staffing', '/kindergartens/pairings', { method: 'POST', body: { urbanSchoolId: v.urbanSchoolId, villageSchoolId: v.villageSchoolId, from: v.from } }), onSuccess: done });
  const end = useMutation({ mutationFn: (p: any) => api('staffing', `/kindergartens/pairings/${p.pairingId}/end`, { method: 'POST', body: { until: today(), reason: t('kindergartens.endReason'), version: p.version } }), onSuccess: done });
  const options = (q: typeof urban) => (q.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }));
  return (
    <>
      <PageTitle>
        {t('kindergartens.title')}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t('common:rules.R10.source')}</Typography.Paragraph>
      <QueryState query={list}>
        {(k) => (
          <>
            <Space size="large" style={{ marginBottom: 16 }} wrap>
              <Statistic title={t('kindergartens.quality')} value={k.compliance.quality} />
              <Statistic title={t('kindergartens.compliant', { min: k.compliance.minPartners })} value={k.compliance.compliant} />
              <Statistic title={t('kindergartens.share')} value={fmtPercent(k.compliance.share)} />
            </Space>
            <Table
              size="small"
              rowKey="schoolId"
              dataSource={k.items}
              pagination={false}
              columns={[
                { title: t('kindergartens.urban'), dataIndex: 'name' },
                { title: t('kindergartens.since'), dataIndex: 'designatedFrom', render: fmtDate },
                {
                  title: t('kindergartens.partners'),
                  dataIndex: 'partners',
                  render: (ps: any[]) => (
                    <Space size={4} wrap>
                      {ps.map((p) => (
                        <Tag key={p.pairingId} closable onClose={(e) => { e.preventDefault(); end.mutate(p); }} closeIcon={<span aria-label={t('kindergartens.end', { name: p.name })}>×</span>}>
                          {p.name}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
                { title: t('kindergartens.status'), key: 'ok', render: (_: unknown, r: any) => (r.partners.length >= k.compliance.minPartners ? <Tag color="green">{t('common:met')}</Tag> : <Tag color="red">{t('kindergartens.short', { n: k.compliance.minPartners - r.partners.length })}</Tag>) },
              ]}
            />
          </>
        )}
      </QueryState>
      <ErrorAlert error={end.error} />
      <Space align="start" wrap style={{ marginTop: 16 }}>
        <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('kindergartens.designate')}</h2>} style={{ width: 420 }}>
          <Form layout="vertical" initialValues={{ from: today() }} onFinish={(v) => designate.mutate(v)}>
            <Form.Item name="schoolId" label={t('kindergartens.urban')} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" options={options(urban)} />
            </Form.Item>
            <Form.Item name="from" label={t('kindergartens.from')} rules={[{ required: true }]}>
              <Input type="date" />
            </Form.Item>
            <ErrorAlert error={designate.error} />
            <Button htmlType="submit" type="primary" loading={designate.isPending}>
              {t('kindergartens.designateButton')}
            </Button>
          </Form>
        </Card>
        <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('kindergartens.pair')}</h2>} style={{ width: 420 }}>
          <Form layout="vertical" initialValues={{ from: today() }} onFinish={(v) => pair.mutate(v)}>
            <Form.Item name="urbanSchoolId" label={t('kindergartens.urban')} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" options={options(urban)} />
            </Form.Item>
            <Form.Item name="villageSchoolId" label={t('kindergartens.village')} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" options={options(village)} />
            </Form.Item>
            <Form.Item name="from" label={t('kindergartens.from')} rules={[{ required: true }]}>
              <Input type="date" />
            </Form.Item>
            <ErrorAlert error={pair.error} />
            <Button htmlType="submit" type="primary" loading={pair.isPending}>
              {t('kindergartens.pairButton')}
            </Button>
          </Form>
        </Card>
      </Space>
    </>
  );
}
