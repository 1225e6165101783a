import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, InputNumber, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api';
import { ErrorAlert } from '../../components/States';
import { fmtDate, schoolYearOf, today } from '../../format';
import { useCounty } from '../../session';
import { PageTitle } from '../../components/PageTitle';

/** County HR: the county's rotation cycles; open the next one. */
export default function Cycles() {
  const { t } = useTranslation(['hr', 'common']);
  const { county } = useCounty();
  const client = useQueryClient();
  const navigate = useNavigate();
  const cycles = useQuery({ queryKey: ['rotation', 'cycles', county], queryFn: () => api<any[]>('rotation', `/cycles?countyCode=${county}`) });
  const open = useMutation({
    mutationFn: (schoolYear: number) => api('rotation', '/cycles', { method: 'POST', body: { countyCode: county, schoolYear } }),
    onSuccess: async (c: any) => {
      await client.invalidateQueries({ queryKey: ['rotation', 'cycles', county] });
      navigate(`/hr/cycles/${c.id}`);
    },
  });
  return (
    <>
      <PageTitle>
        {t('cycles.title')}
      </PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" initialValues={{ schoolYear: schoolYearOf(today()) + 1 }} onFinish={(v) => open.mutate(v.schoolYear)}>
          <Form.Item name="schoolYear" label={t('cycles.schoolYear')} rules={[{ required: true }]}>
            <InputNumber min={2023} max={2100} />
          </Form.Item>
          <Button htmlType="submit" type="primary" loading={open.isPending}>
            {t('cycles.open')}
          </Button>
        </Form>
        <div style={{ marginTop: 12 }}>
          <ErrorAlert error={open.error} />
        </div>
      </Card>
      <ErrorAlert error={cycles.error} />
      <Table
        rowKey="id"
        size="small"
        loading={cycles.isLoading}
        dataSource={cycles.data ?? []}
        pagination={false}
        columns={[
          { title: t('cycles.schoolYear'), dataIndex: 'schoolYear', render: (y: number, c: any) => <Link to={`/hr/cycles/${c.id}`}>{t('cycles.yearLabel', { year: y, next: y + 1 })}</Link> },
          { title: t('cycles.state'), dataIndex: 'state', render: (s: string) => <Tag color="processing">{t(`common:cycleStates.${s}`)}</Tag> },
          { title: t('cycles.deadline'), dataIndex: 'preferenceDeadline', render: fmtDate },
          { title: t('cycles.effective'), dataIndex: 'effectiveDate', render: fmtDate },
        ]}
      />
    </>
  );
}
