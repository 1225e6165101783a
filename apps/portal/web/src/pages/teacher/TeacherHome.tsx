import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api';
import { QueryState } from '../../components/States';
import { daysUntil, fmtDate, fmtNumber } from '../../format';
import { useMyCycle } from './useMyCycle';
import { PageTitle } from '../../components/PageTitle';

interface Assignment {
  id: string;
  schoolName: string;
  kind: string;
  role: string;
  workloadShare: number;
  startDate: string;
  endDate: string | null;
  subjectCode: string | null;
}

/** A teacher's home, phone first: who I am, where I teach (past, now, next) and this cycle at a glance. */
export default function TeacherHome() {
  const { t } = useTranslation(['teacher', 'common']);
  const navigate = useNavigate();
  const me = useQuery({ queryKey: ['staffing', 'me'], queryFn: () => api('staffing', '/me') });
  const mine = useQuery({ queryKey: ['staffing', 'me', 'appointments'], queryFn: () => api<{ past: Assignment[]; current: Assignment[]; upcoming: Assignment[] }>('staffing', '/me/appointments') });
  const cycle = useMyCycle();

  const section = (key: 'current' | 'upcoming' | 'past', items: Assignment[]) => (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t(`home.${key}`)}</h2>} key={key} style={{ marginBottom: 12 }}>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(`home.none.${key}`)} />
      ) : (
        <List
          dataSource={key === 'past' ? [...items].reverse() : items}
          renderItem={(a) => (
            <List.Item>
              <List.Item.Meta
                title={a.schoolName}
                description={
                  <Space wrap size={4}>
                    <Tag color="blue">{t(`common:kinds.${a.kind}`)}</Tag>
                    <Tag>{t(`common:appointmentRoles.${a.role}`)}</Tag>
                    {a.subjectCode && <Tag>{t(`common:subjects.${a.subjectCode}`, { defaultValue: a.subjectCode })}</Tag>}
                    {a.workloadShare < 1 && <Tag>{t('home.share', { share: fmtNumber(a.workloadShare * 100) })}</Tag>}
                    <span>
                      {fmtDate(a.startDate)} – {a.endDate ? fmtDate(a.endDate) : t('home.open')}
                    </span>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );

  return (
    <div style={{ maxWidth: 720 }}>
      <PageTitle>
        {t('home.title')}
      </PageTitle>
      <QueryState query={me}>
        {(m: any) => (
          <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('home.name')}>{m.name}</Descriptions.Item>
            <Descriptions.Item label={t('home.staffNo')}>{m.staffNo}</Descriptions.Item>
          </Descriptions>
        )}
      </QueryState>
      <QueryState query={cycle}>
        {(c) =>
          c ? (
            <Card size="small" style={{ marginBottom: 12, borderColor: '#0b5cad' }} title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('home.cycle', { year: c.schoolYear })}</h2>}>
              <Space direction="vertical" style={{ width: '100%' }}>
                <div>
                  <Tag color="processing">{t(`common:cycleStates.${c.state}`)}</Tag>
                  {c.state === 'collecting' && c.preferenceDeadline && (
                    <Typography.Text strong>{daysUntil(c.preferenceDeadline) >= 0 ? t('cycle.daysLeft', { count: daysUntil(c.preferenceDeadline), date: fmtDate(c.preferenceDeadline) }) : t('cycle.deadlinePassed', { date: fmtDate(c.preferenceDeadline) })}</Typography.Text>
                  )}
                </div>
                <Button type="primary" block onClick={() => navigate('/teacher/cycle')}>
                  {t('home.openCycle')}
                </Button>
              </Space>
            </Card>
          ) : (
            <Card size="small" style={{ marginBottom: 12 }}>
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noCycle')} />
            </Card>
          )
        }
      </QueryState>
      <QueryState query={mine}>{(m) => <>{(['current', 'upcoming', 'past'] as const).map((k) => section(k, m[k]))}</>}</QueryState>
    </div>
  );
}
