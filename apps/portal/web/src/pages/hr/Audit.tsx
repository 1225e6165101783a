import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ErrorAlert } from '../../components/States';
import { fmtTime } from '../../format';
import { useCounty } from '../../session';
import { PageTitle } from '../../components/PageTitle';

/** Staffing's audit trail of officers' writes: who, when, what, before and after. */
export default function Audit() {
  const { t } = useTranslation(['hr', 'common']);
  const { county } = useCounty();
  const [entityType, setEntityType] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['staffing', 'audit', county, entityType, page],
    queryFn: () => api<{ items: any[]; total: number }>('staffing', `/audit?countyCode=${county}${entityType ? `&entityType=${entityType}` : ''}&limit=50&offset=${(page - 1) * 50}`),
  });
  const show = (v: unknown) => (v === null || v === undefined ? '—' : <code style={{ fontSize: 12, wordBreak: 'break-all' }}>{JSON.stringify(v).slice(0, 300)}</code>);
  return (
    <>
      <PageTitle>
        {t('audit.title')}
      </PageTitle>
      <Space style={{ marginBottom: 12 }}>
        <Select allowClear aria-label={t('audit.entityType')} placeholder={t('audit.entityType')} style={{ width: 200 }} value={entityType} onChange={(v) => { setEntityType(v); setPage(1); }} options={['school', 'teacher', 'appointment', 'post'].map((x) => ({ value: x, label: t(`audit.entities.${x}`) }))} />
      </Space>
      <ErrorAlert error={q.error} />
      <Table
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={{ current: page, pageSize: 50, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: fmtTime, width: 170 },
          { title: t('audit.actor'), dataIndex: 'actor', render: (a: string, r: any) => `${a} (${t(`roles.${r.actorRole}`, { ns: 'common' })})` },
          { title: t('audit.action'), dataIndex: 'action' },
          { title: t('audit.entityType'), dataIndex: 'entityType', render: (x: string) => t(`audit.entities.${x}`, { defaultValue: x }) },
          { title: t('audit.before'), dataIndex: 'before', render: show },
          { title: t('audit.after'), dataIndex: 'after', render: show },
        ]}
      />
    </>
  );
}
