import { useQuery } from '@tanstack/react-query';
import { Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import { ErrorAlert } from '../../components/States';
import { fmtDate } from '../../format';
import { useCounty } from '../../session';
import { PageTitle } from '../../components/PageTitle';

/** County HR: find a teacher by name or staff number, or the county pool. */
export default function Teachers() {
  const { t } = useTranslation(['hr', 'common']);
  const { county } = useCounty();
  const [q, setQ] = useState('');
  const [pool, setPool] = useState<'all' | 'true' | 'false'>('all');
  const [page, setPage] = useState(1);
  const size = 50;
  const query = useQuery({
    queryKey: ['staffing', 'teachers', county, q, pool, page],
    queryFn: () =>
      api<{ items: any[]; total: number }>('staffing', `/teachers?countyCode=${county}${q ? `&q=${encodeURIComponent(q)}` : ''}${pool !== 'all' ? `&inPool=${pool}` : ''}&limit=${size}&offset=${(page - 1) * size}`),
  });
  return (
    <>
      <PageTitle>
        {t('teachers.title')}
      </PageTitle>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search
          aria-label={t('teachers.search')}
          placeholder={t('teachers.search')}
          allowClear
          enterButton={t('teachers.searchButton')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 320 }}
        />
        <Select
          aria-label={t('teachers.poolFilter')}
          value={pool}
          onChange={(v) => {
            setPool(v);
            setPage(1);
          }}
          style={{ width: 180 }}
          options={[
            { value: 'all', label: t('teachers.all') },
            { value: 'false', label: t('teachers.appointed') },
            { value: 'true', label: t('teachers.inPool') },
          ]}
        />
      </Space>
      <ErrorAlert error={query.error} />
      <Table
        rowKey="id"
        size="small"
        loading={query.isLoading}
        dataSource={query.data?.items ?? []}
        pagination={{ current: page, pageSize: size, total: query.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('teachers.staffNo'), dataIndex: 'staffNo' },
          { title: t('teachers.name'), dataIndex: 'name', render: (v: string, r: any) => <Link to={`/hr/teachers/${r.id}`}>{v}</Link> },
          { title: t('teachers.subjects'), dataIndex: 'subjects', render: (v: string[]) => v.map((s) => t(`common:subjects.${s}`, { defaultValue: s })).join('、') },
          { title: t('teachers.backbone'), dataIndex: 'backboneLevel', render: (v: string) => (v === 'none' ? '—' : <Tag color="gold">{t(`common:backbone.${v}`)}</Tag>) },
          { title: t('teachers.firstService'), dataIndex: 'firstServiceDate', render: fmtDate },
          { title: t('teachers.status'), dataIndex: 'currentSchoolIds', render: (v: string[]) => (v?.length ? t('teachers.appointed') : <Tag>{t('teachers.inPool')}</Tag>) },
        ]}
      />
    </>
  );
}
