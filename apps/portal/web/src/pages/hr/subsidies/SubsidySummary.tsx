import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Input, List, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import { Chart } from '../../../components/Chart';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/States';
import { useCounties } from '../../../counties';
import { fmtDate, fmtList, fmtMonth, fmtNumber, fmtPercent, fmtYuan, inLanguage, joinClauses, thisMonth } from '../../../format';
import { monthBefore } from '../../../money';
import { useCounty } from '../../../session';

type Words = { zh: string; en: string };
export interface MonthSummary {
  countyCode: string;
  month: string;
  accrued: boolean;
  teachers: number;
  paidTeachers: number;
  totalFen: number;
  averageFen: number;
  floorFen: number;
  belowFloor: boolean;
  warning: Words | null;
  byTier: { tier: number; paidTeachers: number; totalFen: number; averageFen: number }[];
  provinceShare: { share: number; fen: number };
}

/**
 * County HR: the living subsidy per month (R9) — teachers, teachers paid, total, the average per teacher
 * paid against the province's 1,000-yuan floor (with a warning below it), by tier, the province's share;
 * a month's eligible teachers and the records that need fixing.
 */
export default function SubsidySummary() {
  const { t } = useTranslation(['subsidies', 'common']);
  const { county } = useCounty();
  const counties = useCounties();
  const [to, setTo] = useState(monthBefore(thisMonth()));
  const [from, setFrom] = useState(monthBefore(thisMonth(), 12));
  const summary = useQuery({ queryKey: ['subsidies', 'summary', county, from, to], queryFn: () => api<{ from: string; to: string; items: MonthSummary[] }>('subsidies', `/summary?countyCode=${county}&from=${from}&to=${to}`) });
  const months = useMemo(() => (summary.data?.items ?? []).filter((m) => m.countyCode === county), [summary.data, county]);
  const [picked, setPicked] = useState<string | null>(null);
  const month = picked && months.some((m) => m.month === picked) ? picked : (months.filter((m) => m.accrued).at(-1)?.month ?? null);
  const chart = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmtYuan(Math.round(v * 100)) },
      legend: { top: 0, data: [t('summary.average')] },
      grid: { left: 64, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: months.map((m) => fmtMonth(m.month)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmtNumber(v) } },
      series: [
        {
          type: 'bar',
          name: t('summary.average'),
          data: months.map((m) => ({ value: m.averageFen / 100, itemStyle: { color: m.belowFloor ? '#c41d1d' : '#0b5cad' } })),
          markLine: months.length ? { symbol: 'none', data: [{ yAxis: months[0].floorFen / 100 }], label: { position: 'insideEndTop', formatter: t('summary.floorLine', { floor: fmtYuan(months[0].floorFen) }) } } : undefined,
        },
      ],
    }),
    [months, t],
  );
  const below = months.filter((m) => m.belowFloor);
  return (
    <>
      <PageTitle>{t('summary.title', { county: counties.name(county) })}</PageTitle>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="subsidy-from">{t('summary.from')}</label>
        <Input id="subsidy-from" type="month" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} style={{ width: 160 }} />
        <label htmlFor="subsidy-to">{t('summary.to')}</label>
        <Input id="subsidy-to" type="month" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} style={{ width: 160 }} />
      </Space>
      <QueryState query={summary}>
        {() =>
          months.length === 0 ? (
            <Card>
              <Empty description={t('summary.none')} />
            </Card>
          ) : (
            <>
              {below.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  role="alert"
                  style={{ marginBottom: 12 }}
                  title={t('summary.belowFloor', { count: below.length })}
                  description={joinClauses(below.map((m) => `${fmtMonth(m.month)}: ${inLanguage(m.warning)}`))}
                />
              )}
              <Row gutter={[12, 12]}>
                <Col xs={24}>
                  <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('summary.chart')}</h2>}>
                    <Chart option={chart} label={t('summary.chartLabel', { list: months.map((m) => `${fmtMonth(m.month)} ${fmtYuan(m.averageFen)}`).join(', ') })} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('common:sourceLabel')} {t('common:rules.R9.source')}
                    </Typography.Text>
                  </Card>
                </Col>
                <Col xs={24}>
                  <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('summary.byMonth')}</h2>}>
                    <Table
                      size="small"
                      rowKey="month"
                      pagination={false}
                      scroll={{ x: 640 }}
                      dataSource={[...months].reverse()}
                      rowClassName={(m) => (m.month === month ? 'ant-table-row-selected' : '')}
                      columns={[
                        {
                          title: t('summary.month'),
                          dataIndex: 'month',
                          render: (v: string, m: MonthSummary) => (
                            <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setPicked(v)} aria-label={t('summary.openMonth', { month: fmtMonth(v) })} aria-pressed={m.month === month}>
                              {fmtMonth(v)}
                            </Button>
                          ),
                        },
                        { title: t('summary.teachers'), dataIndex: 'teachers', align: 'right' as const, render: (v: number) => fmtNumber(v) },
                        { title: t('summary.paidTeachers'), dataIndex: 'paidTeachers', align: 'right' as const, render: (v: number) => fmtNumber(v) },
                        { title: t('summary.total'), dataIndex: 'totalFen', align: 'right' as const, render: (v: number) => fmtYuan(v) },
                        {
                          title: t('summary.average'),
                          key: 'average',
                          align: 'right' as const,
                          render: (_: unknown, m: MonthSummary) => (
                            <Space size={4}>
                              {fmtYuan(m.averageFen)}
                              {m.paidTeachers > 0 && <Tag color={m.belowFloor ? 'red' : 'green'}>{m.belowFloor ? t('summary.below') : t('summary.atFloor')}</Tag>}
                            </Space>
                          ),
                        },
                        { title: t('summary.accrued'), dataIndex: 'accrued', render: (v: boolean) => (v ? t('summary.yes') : <Tag>{t('summary.notAccrued')}</Tag>) },
                      ]}
                    />
                  </Card>
                </Col>
              </Row>
              {month && <MonthDetail month={months.find((m) => m.month === month)!} />}
            </>
          )
        }
      </QueryState>
    </>
  );
}

interface TeacherMonth {
  teacherId: string;
  staffNo: string | null;
  name: string;
  totalFen: number;
  lines: { schoolName: string; tier: number; band: string; daysCounted: number; amountFen: number; kind: string }[];
}

/** One month: its totals by tier and the province's share, the teachers paid, and the exceptions to fix. */
function MonthDetail({ month }: { month: MonthSummary }) {
  const { t } = useTranslation(['subsidies', 'common']);
  const { county } = useCounty();
  const [page, setPage] = useState(1);
  const teachers = useQuery({
    queryKey: ['subsidies', 'month-teachers', county, month.month, page],
    queryFn: () => api<{ items: TeacherMonth[]; total: number }>('subsidies', `/counties/${county}/months/${month.month}/teachers?limit=20&offset=${(page - 1) * 20}`),
  });
  const exceptions = useQuery({
    queryKey: ['subsidies', 'exceptions', county, month.month],
    queryFn: () => api<{ items: { code: string; teacher: string | null; school: string | null; firstDay: string; days: number; message: Words }[] }>('subsidies', `/counties/${county}/months/${month.month}/exceptions`),
  });
  return (
    <Card size="small" style={{ marginTop: 16 }} title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('month.title', { month: fmtMonth(month.month) })}</h2>}>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}>
          <Statistic title={t('summary.total')} value={fmtYuan(month.totalFen)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('summary.average')} value={fmtYuan(month.averageFen)} suffix={<Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('month.floor', { floor: fmtYuan(month.floorFen) })}</Typography.Text>} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('month.provinceShare', { share: fmtPercent(month.provinceShare.share, 0) })} value={fmtYuan(month.provinceShare.fen)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('month.countyShare')} value={fmtYuan(month.totalFen - month.provinceShare.fen)} />
        </Col>
      </Row>
      {month.byTier.length > 0 && (
        <Typography.Paragraph>
          {joinClauses(month.byTier.map((x) => t('month.tier', { tier: x.tier, teachers: fmtNumber(x.paidTeachers), average: fmtYuan(x.averageFen), total: fmtYuan(x.totalFen) })))}
        </Typography.Paragraph>
      )}
      <Tabs
        items={[
          {
            key: 'teachers',
            label: t('month.teachers'),
            children: (
              <QueryState query={teachers} empty={(d) => d.items.length === 0}>
                {(d) => (
                  <Table
                    size="small"
                    rowKey="teacherId"
                    dataSource={d.items}
                    scroll={{ x: 640 }}
                    pagination={{ current: page, pageSize: 20, total: d.total, onChange: setPage, showSizeChanger: false }}
                    columns={[
                      { title: t('month.staffNo'), dataIndex: 'staffNo' },
                      { title: t('month.name'), dataIndex: 'name' },
                      { title: t('month.school'), key: 'school', render: (_: unknown, x: TeacherMonth) => fmtList([...new Set(x.lines.map((l) => l.schoolName))]) },
                      { title: t('month.tierBand'), key: 'tier', render: (_: unknown, x: TeacherMonth) => fmtList([...new Set(x.lines.map((l) => t('month.tierBandValue', { tier: l.tier, band: l.band })))]) },
                      { title: t('month.days'), key: 'days', align: 'right' as const, render: (_: unknown, x: TeacherMonth) => fmtNumber(x.lines.filter((l) => l.kind === 'accrual').reduce((s, l) => s + l.daysCounted, 0)) },
                      { title: t('summary.total'), dataIndex: 'totalFen', align: 'right' as const, render: (v: number) => fmtYuan(v) },
                    ]}
                  />
                )}
              </QueryState>
            ),
          },
          {
            key: 'exceptions',
            label: t('month.exceptions', { count: exceptions.data?.items.length ?? 0 }),
            children: (
              <QueryState query={exceptions}>
                {(d) =>
                  d.items.length === 0 ? (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('month.noExceptions')} />
                  ) : (
                    <List
                      size="small"
                      dataSource={d.items}
                      renderItem={(x) => (
                        <List.Item>
                          <Space direction="vertical" size={0}>
                            <Typography.Text strong>{inLanguage(x.message)}</Typography.Text>
                            <Typography.Text type="secondary">
                              {[x.teacher, x.school].filter(Boolean).join(' · ')} · {t('month.exceptionDays', { date: fmtDate(x.firstDay), days: x.days })}
                            </Typography.Text>
                          </Space>
                        </List.Item>
                      )}
                    />
                  )
                }
              </QueryState>
            ),
          },
        ]}
      />
    </Card>
  );
}
