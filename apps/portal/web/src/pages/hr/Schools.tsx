import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import { ErrorAlert } from '../../components/States';
import { SCHOOL_TYPES } from '../../domain';
import { useCounty } from '../../session';
import { PageTitle } from '../../components/PageTitle';

/** County HR: the county's schools and teaching points. */
export default function Schools() {
  const { t } = useTranslation(['hr', 'common']);
  const { county } = useCounty();
  const [type, setType] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const size = 50;
  const q = useQuery({
    queryKey: ['staffing', 'schools', county, type, page],
    queryFn: () => api<{ items: any[]; total: number }>('staffing', `/schools?countyCode=${county}${type ? `&type=${type}` : ''}&limit=${size}&offset=${(page - 1) * size}`),
  });
  return (
    <>
      <PageTitle>
        {t('schools.title')}
      </PageTitle>
      <Space style={{ marginBottom: 12 }}>
        <Select
          allowClear
          aria-label={t('common:schoolType')}
          placeholder={t('common:schoolType')}
          style={{ width: 220 }}
          value={type}
          onChange={(v) => {
            setType(v);
            setPage(1);
          }}
          options={SCHOOL_TYPES.map((x) => ({ value: x, label: t(`common:schoolTypes.${x}`) }))}
        />
      </Space>
      <ErrorAlert error={q.error} />
      <Table
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={{ current: page, pageSize: size, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('schools.code'), dataIndex: 'code' },
          { title: t('schools.name'), dataIndex: 'name', render: (v: string, s: any) => <Link to={`/hr/schools/${s.id}`}>{v}</Link> },
          { title: t('common:schoolType'), dataIndex: 'type', render: (v: string) => t(`common:schoolTypes.${v}`) },
          { title: t('schools.district'), dataIndex: 'districtCode', render: (v: string | null) => v ?? '—' },
          {
            title: t('schools.flags'),
            key: 'flags',
            render: (_: unknown, s: any) => (
              <Space size={2} wrap>
                {s.rural && <Tag>{t('common:flags.rural')}</Tag>}
                {s.weak && <Tag color="orange">{t('common:flags.weak')}</Tag>}
                {s.smallScale && <Tag>{t('common:flags.smallScale')}</Tag>}
                {s.remoteTier > 0 && <Tag color="purple">{t('common:flags.remote', { tier: s.remoteTier })}</Tag>}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
