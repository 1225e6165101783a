import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { QueryState } from '../../components/States';
import { useCounties } from '../../counties';
import { fmtDate, fmtNumber, fmtPercent } from '../../format';
import { useCounty } from '../../session';
import { PageTitle } from '../../components/PageTitle';

/** County HR: the county at a glance (teachers, pool, headcounts, vacancies, R5). */
export default function Overview() {
  const { t } = useTranslation(['hr', 'common']);
  const { county } = useCounty();
  const counties = useCounties();
  const overview = useQuery({ queryKey: ['staffing', 'overview', county], queryFn: () => api('staffing', `/counties/${county}/overview`) });
  return (
    <>
      <PageTitle>
        {t('overview.title', { county: counties.name(county) })}
      </PageTitle>
      <QueryState query={overview}>
        {(o: any) => (
          <>
            <Typography.Paragraph type="secondary">{t('overview.asOf', { date: fmtDate(o.asOf), year: o.schoolYear })}</Typography.Paragraph>
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}>
                <Card>
                  <Statistic title={t('overview.teachers')} value={fmtNumber(o.teachers)} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card>
                  <Statistic title={t('overview.pool')} value={fmtNumber(o.poolSize)} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card>
                  <Statistic title={t('overview.headcount')} value={fmtNumber(o.approvedHeadcount)} />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card>
                  <Statistic title={t('overview.vacancies')} value={fmtNumber(o.vacancies)} />
                </Card>
              </Col>
              <Col xs={24} md={12}>
                <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('common:rules.R5.title')}</h2>}>
                  <Statistic title={t('overview.r5', { age: o.ruralPrincipals.ageLimit })} value={fmtPercent(o.ruralPrincipals.share)} suffix={`/ ${fmtPercent(o.ruralPrincipals.target, 0)}`} />
                  <Typography.Paragraph>
                    {t('overview.r5Count', { under: o.ruralPrincipals.underAge, total: o.ruralPrincipals.principals })}{' '}
                    {o.ruralPrincipals.meetsTarget === null ? null : <Tag color={o.ruralPrincipals.meetsTarget ? 'green' : 'red'}>{o.ruralPrincipals.meetsTarget ? t('common:met') : t('common:notMet')}</Tag>}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary">{t('common:rules.R5.source')}</Typography.Text>
                </Card>
              </Col>
              <Col xs={24} md={12}>
                <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('overview.bySchoolType')}</h2>}>
                  <Table
                    size="small"
                    pagination={false}
                    rowKey="schoolType"
                    dataSource={o.bySchoolType}
                    columns={[
                      { title: t('common:schoolType'), dataIndex: 'schoolType', render: (v: string) => t(`common:schoolTypes.${v}`) },
                      { title: t('overview.schools'), dataIndex: 'schools', render: (v: number) => fmtNumber(v) },
                      { title: t('overview.teachers'), dataIndex: 'teachers', render: (v: number) => fmtNumber(v) },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          </>
        )}
      </QueryState>
    </>
  );
}
