import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ErrorAlert, QueryState } from '../../components/States';
import { fmtDate } from '../../format';
import { useSession } from '../../session';
import { SchoolPostsAndStaff } from '../hr/SchoolDetail';
import { PageTitle } from '../../components/PageTitle';

/** A school administrator's own school: teachers arriving to confirm, posts and vacancies, staff. */
export default function SchoolHome() {
  const { t } = useTranslation(['school', 'hr', 'common']);
  const session = useSession();
  const schoolId = session.data?.principal?.schoolId ?? '';
  const client = useQueryClient();
  const { message } = App.useApp();
  const school = useQuery({ queryKey: ['staffing', 'school', schoolId], queryFn: () => api('staffing', `/schools/${schoolId}`), enabled: !!schoolId });
  const arrivals = useQuery({ queryKey: ['staffing', 'arrivals', schoolId], queryFn: () => api<{ items: any[] }>('staffing', `/schools/${schoolId}/arrivals`), enabled: !!schoolId });
  const confirm = useMutation({
    mutationFn: (appointmentId: string) => api('staffing', `/appointments/${appointmentId}/arrival`, { method: 'POST', body: {} }),
    onSuccess: async () => {
      message.success(t('arrivals.confirmed'));
      await client.invalidateQueries({ queryKey: ['staffing', 'arrivals', schoolId] });
    },
  });
  return (
    <QueryState query={school}>
      {(s: any) => (
        <>
          <PageTitle>
            {s.name}
          </PageTitle>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('arrivals.title')}</h2>} style={{ marginBottom: 16 }}>
            <ErrorAlert error={confirm.error} />
            <QueryState query={arrivals}>
              {(a) => (
                <Table
                  size="small"
                  rowKey="id"
                  dataSource={a.items}
                  locale={{ emptyText: t('arrivals.none') }}
                  pagination={false}
                  columns={[
                    { title: t('hr:teachers.name'), dataIndex: 'teacherName' },
                    { title: t('common:kind'), dataIndex: 'kind', render: (x: string) => <Tag>{t(`common:kinds.${x}`)}</Tag> },
                    { title: t('arrivals.starts'), dataIndex: 'startDate', render: fmtDate },
                    {
                      title: t('arrivals.action'),
                      key: 'confirm',
                      render: (_: unknown, r: any) => (
                        <Button size="small" type="primary" loading={confirm.isPending && confirm.variables === r.id} onClick={() => confirm.mutate(r.id)} aria-label={t('arrivals.confirmLabel', { name: r.teacherName })}>
                          {t('arrivals.confirm')}
                        </Button>
                      ),
                    },
                  ]}
                />
              )}
            </QueryState>
          </Card>
          <SchoolPostsAndStaff schoolId={s.id} linkTeachers={false} />
        </>
      )}
    </QueryState>
  );
}
