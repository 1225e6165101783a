import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api';
import { QueryState } from '../../components/States';
import { fmtDate, fmtNumber } from '../../format';
import { PageTitle } from '../../components/PageTitle';

/** One school: its posts with approved headcounts and vacancies, and its staff today. */
export default function SchoolDetail() {
  const { id } = useParams();
  const { t } = useTranslation(['hr', 'common']);
  const school = useQuery({ queryKey: ['staffing', 'school', id], queryFn: () => api('staffing', `/schools/${id}`) });
  return (
    <QueryState query={school}>
      {(s: any) => (
        <>
          <PageTitle>
            {s.name}
          </PageTitle>
          <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('schools.code')}>{s.code}</Descriptions.Item>
            <Descriptions.Item label={t('common:schoolType')}>{t(`common:schoolTypes.${s.type}`)}</Descriptions.Item>
            <Descriptions.Item label={t('schools.district')}>{s.districtCode ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('schools.flags')}>
              <Space size={2}>
                {s.rural && <Tag>{t('common:flags.rural')}</Tag>}
                {s.weak && <Tag color="orange">{t('common:flags.weak')}</Tag>}
                {s.smallScale && <Tag>{t('common:flags.smallScale')}</Tag>}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <SchoolPostsAndStaff schoolId={s.id} />
        </>
      )}
    </QueryState>
  );
}

/** Posts, headcounts and vacancies, then staff: shared by the HR school page and the school administrator's. */
export function SchoolPostsAndStaff({ schoolId, linkTeachers = true }: { schoolId: string; linkTeachers?: boolean }) {
  const { t } = useTranslation(['hr', 'common']);
  const vacancies = useQuery({ queryKey: ['staffing', 'vacancies', schoolId], queryFn: () => api('staffing', `/schools/${schoolId}/vacancies`) });
  const staff = useQuery({ queryKey: ['staffing', 'staff', schoolId], queryFn: () => api<any[]>('staffing', `/schools/${schoolId}/appointments`) });
  return (
    <>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('school.posts')}</h2>} style={{ marginBottom: 16 }}>
        <QueryState query={vacancies}>
          {(v: any) => (
            <>
              <Typography.Paragraph>{t('school.vacancySummary', { year: v.schoolYear, count: v.vacancies })}</Typography.Paragraph>
              <Table
                size="small"
                rowKey="postId"
                pagination={false}
                dataSource={v.posts}
                columns={[
                  { title: t('school.subject'), dataIndex: 'subjectCode', render: (x: string | null) => (x ? t(`common:subjects.${x}`, { defaultValue: x }) : '—') },
                  { title: t('school.category'), dataIndex: 'category', render: (x: string) => t(`common:postCategories.${x}`) },
                  { title: t('school.quota'), dataIndex: 'quota', render: (x: number) => fmtNumber(x) },
                  { title: t('school.filled'), dataIndex: 'filled', render: (x: number) => fmtNumber(x) },
                  { title: t('school.vacancies'), dataIndex: 'vacancies', render: (x: number) => (x > 0 ? <Tag color="orange">{fmtNumber(x)}</Tag> : fmtNumber(x)) },
                ]}
              />
            </>
          )}
        </QueryState>
      </Card>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('school.staff')}</h2>}>
        <QueryState query={staff}>
          {(rows) => (
            <Table
              size="small"
              rowKey="id"
              dataSource={rows}
              pagination={{ pageSize: 20, showSizeChanger: false }}
              columns={[
                { title: t('teachers.name'), dataIndex: 'teacherName', render: (x: string, a: any) => (linkTeachers ? <Link to={`/hr/teachers/${a.teacherId}`}>{x}</Link> : x) },
                { title: t('teachers.staffNo'), dataIndex: 'staffNo' },
                { title: t('common:role'), dataIndex: 'role', render: (x: string) => t(`common:appointmentRoles.${x}`) },
                { title: t('common:kind'), dataIndex: 'kind', render: (x: string) => t(`common:kinds.${x}`) },
                { title: t('school.subject'), dataIndex: 'subjectCode', render: (x: string | null) => (x ? t(`common:subjects.${x}`, { defaultValue: x }) : '—') },
                { title: t('common:since'), dataIndex: 'startDate', render: fmtDate },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
