import { useQueries, useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Chart } from '../../components/Chart';
import { ErrorAlert, QueryState } from '../../components/States';
import { useCounties } from '../../counties';
import { fmtNumber, fmtPercent, schoolYearOf, today } from '../../format';
import { PageTitle } from '../../components/PageTitle';
import { TrainingSubsidyTargets } from './TrainingSubsidyTargets';

const FIRST_YEAR = 2023;
const share = (a: number, b: number) => (b > 0 ? a / b : null);

/** The plan's targets on one page, per county and for the city, each with its rule and source: R1–R5 and R10 from staffing, rotation and the scheduler; R6–R9 from training and subsidies. */
export default function CityDashboard() {
  const { t } = useTranslation(['city', 'common', 'training']);
  const counties = useCounties();
  const current = schoolYearOf(today());
  const years = Array.from({ length: current - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
  const [year, setYear] = useState(current);
  const scheduler = useQuery({ queryKey: ['scheduler', 'targets', year], queryFn: () => api<any>('scheduler', `/targets?schoolYear=${year}`) });
  const staffing = useQuery({ queryKey: ['staffing', 'targets', year], queryFn: () => api<any>('staffing', `/targets?asOf=${year === current ? today() : `${year + 1}-08-31`}`) });
  const rotation = useQuery({ queryKey: ['rotation', 'targets'], queryFn: () => api<any[]>('rotation', '/targets') });
  const trendR1 = useQueries({ queries: years.map((y) => ({ queryKey: ['scheduler', 'targets', y], queryFn: () => api<any>('scheduler', `/targets?schoolYear=${y}`) })) });
  const trendStaffing = useQueries({ queries: years.map((y) => ({ queryKey: ['staffing', 'targets', 'start', y], queryFn: () => api<any>('staffing', `/targets?asOf=${y}-09-01`) })) });

  const rows = useMemo(() => {
    if (!scheduler.data || !staffing.data) return [];
    return scheduler.data.items.map((s: any) => {
      const st = staffing.data.items.find((x: any) => x.countyCode === s.countyCode);
      const plan = (rotation.data ?? []).find((p: any) => p.countyCode === s.countyCode && p.schoolYear === year);
      return { countyCode: s.countyCode, R1: s.R1, R2: s.R2, R3: s.R3, R5: st?.R5, R10: st?.R10, flows: plan?.metrics?.flows ?? null, plan };
    });
  }, [scheduler.data, staffing.data, rotation.data, year]);

  const city = useMemo(() => {
    const sum = (f: (r: any) => number) => rows.reduce((s: number, r: any) => s + (f(r) ?? 0), 0);
    return {
      moved: sum((r) => r.R1.moved),
      teachers: sum((r) => r.R1.teachers),
      r2: sum((r) => r.R2.due + r.R2.overdue),
      r2warning: sum((r) => r.R2.warning),
      r3due: sum((r) => r.R3.due),
      r3overdue: sum((r) => r.R3.overdue),
      under45: sum((r) => r.R5?.underAge ?? 0),
      principals: sum((r) => r.R5?.principals ?? 0),
      quality: sum((r) => r.R10?.quality ?? 0),
      paired: sum((r) => r.R10?.compliant ?? 0),
      towardRural: sum((r) => r.flows?.urbanToRural ?? 0),
      awayRural: sum((r) => r.flows?.ruralToUrban ?? 0),
      towardWeak: sum((r) => r.flows?.strongToWeak ?? 0),
      backboneWeak: sum((r) => r.flows?.backboneStrongToWeak ?? 0),
    };
  }, [rows]);
  const required = rows[0]?.R1.requiredRatio ?? null;
  const r5target = rows.find((r: any) => r.R5)?.R5.target ?? null;
  const names = rows.map((r: any) => counties.name(r.countyCode));

  const r1Chart = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 24, bottom: 56 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmtPercent(v, 0) } },
      series: [{ type: 'bar', name: t('r1.title'), data: rows.map((r: any) => r.R1.ratio), itemStyle: { color: '#0b5cad' }, markLine: required === null ? undefined : { symbol: 'none', data: [{ yAxis: required, name: t('target') }], label: { position: 'insideEndTop', formatter: t('targetLine', { share: fmtPercent(required, 0) }) } } }],
    }),
    [rows, names, required, t],
  );
  const r5Chart = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 24, bottom: 56 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => fmtPercent(v, 0) } },
      series: [{ type: 'bar', name: t('r5.title'), data: rows.map((r: any) => r.R5?.share ?? 0), itemStyle: { color: '#7a4fb0' }, markLine: r5target === null ? undefined : { symbol: 'none', data: [{ yAxis: r5target }], label: { position: 'insideEndTop', formatter: t('targetLine', { share: fmtPercent(r5target, 0) }) } } }],
    }),
    [rows, names, r5target, t],
  );
  const flowsChart = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('r4.towardRural'), t('r4.towardWeak'), t('r4.backbone'), t('r4.awayRural')] },
      grid: { left: 40, right: 16, top: 56, bottom: 56 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: t('r4.towardRural'), data: rows.map((r: any) => r.flows?.urbanToRural ?? 0), itemStyle: { color: '#2f7d32' } },
        { type: 'bar', name: t('r4.towardWeak'), data: rows.map((r: any) => r.flows?.strongToWeak ?? 0), itemStyle: { color: '#8bc34a' } },
        { type: 'bar', name: t('r4.backbone'), data: rows.map((r: any) => r.flows?.backboneStrongToWeak ?? 0), itemStyle: { color: '#f0a202' } },
        { type: 'bar', name: t('r4.awayRural'), data: rows.map((r: any) => r.flows?.ruralToUrban ?? 0), itemStyle: { color: '#b23b3b' } },
      ],
    }),
    [rows, names, t],
  );
  const trendReady = trendR1.every((q) => q.data) && trendStaffing.every((q) => q.data);
  const trendChart = useMemo(() => {
    if (!trendReady) return null;
    const r1 = trendR1.map((q) => {
      const items = q.data!.items as any[];
      return share(items.reduce((s, x) => s + x.R1.moved, 0), items.reduce((s, x) => s + x.R1.teachers, 0)) ?? 0;
    });
    const r5 = trendStaffing.map((q) => {
      const items = q.data!.items as any[];
      return share(items.reduce((s, x) => s + x.R5.underAge, 0), items.reduce((s, x) => s + x.R5.principals, 0)) ?? 0;
    });
    const r10 = trendStaffing.map((q) => {
      const items = q.data!.items as any[];
      return share(items.reduce((s, x) => s + x.R10.compliant, 0), items.reduce((s, x) => s + x.R10.quality, 0)) ?? 0;
    });
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmtPercent(v) },
      legend: { top: 0, data: [t('r1.title'), t('r5.title'), t('r10.title')] },
      grid: { left: 48, right: 16, top: 56, bottom: 32 },
      xAxis: { type: 'category', data: years.map((y) => t('yearLabel', { year: y, next: y + 1 })) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmtPercent(v, 0) } },
      series: [
        { type: 'line', name: t('r1.title'), data: r1 },
        { type: 'line', name: t('r5.title'), data: r5 },
        { type: 'line', name: t('r10.title'), data: r10 },
      ],
    };
  }, [trendReady, trendR1, trendStaffing, years, t]);

  const card = (rule: string, value: string, detail: string, ok: boolean | null) => (
    <Col xs={24} sm={12} lg={8} key={rule}>
      <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t(`${rule.toLowerCase()}.title`)}</h2>} extra={ok === null ? null : <Tag color={ok ? 'green' : 'red'}>{ok ? t('common:met') : t('common:notMet')}</Tag>}>
        <Statistic value={value} />
        <Typography.Paragraph style={{ margin: '4px 0' }}>{detail}</Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('common:sourceLabel')} {t(`common:rules.${rule}.source`)}
        </Typography.Text>
      </Card>
    </Col>
  );

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <PageTitle>
          {t('title')}
        </PageTitle>
        <Space>
          <label htmlFor="dashboard-year">{t('schoolYear')}</label>
          <Select id="dashboard-year" value={year} onChange={setYear} style={{ width: 160 }} options={years.map((y) => ({ value: y, label: t('yearLabel', { year: y, next: y + 1 }) }))} />
        </Space>
      </Space>
      <ErrorAlert error={scheduler.error ?? staffing.error ?? rotation.error} />
      <QueryState query={{ ...scheduler, isLoading: scheduler.isLoading || staffing.isLoading, data: rows.length ? rows : undefined }}>
        {() => (
          <>
            <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
              {card('R1', fmtPercent(share(city.moved, city.teachers)), t('r1.detail', { moved: fmtNumber(city.moved), teachers: fmtNumber(city.teachers), required: fmtPercent(required, 0) }), required === null || city.teachers === 0 ? null : city.moved / city.teachers >= required)}
              {card('R2', fmtNumber(city.r2), t('r2.detail', { warning: fmtNumber(city.r2warning) }), city.r2 === 0)}
              {card('R3', fmtNumber(city.r3due + city.r3overdue), t('r3.detail', { due: fmtNumber(city.r3due), overdue: fmtNumber(city.r3overdue) }), city.r3overdue === 0)}
              {card('R4', fmtNumber(city.towardRural + city.towardWeak), t('r4.detail', { rural: fmtNumber(city.towardRural), weak: fmtNumber(city.towardWeak), backbone: fmtNumber(city.backboneWeak), away: fmtNumber(city.awayRural) }), null)}
              {card('R5', fmtPercent(share(city.under45, city.principals)), t('r5.detail', { under: fmtNumber(city.under45), total: fmtNumber(city.principals), target: fmtPercent(r5target, 0) }), r5target === null || city.principals === 0 ? null : city.under45 / city.principals >= r5target)}
              {card('R10', city.quality ? `${city.paired} / ${city.quality}` : '—', t('r10.detail', { paired: city.paired, quality: city.quality }), city.quality === 0 ? null : city.paired === city.quality)}
            </Row>
            <Row gutter={[12, 12]}>
              <Col xs={24} lg={12}>
                <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('r1.chart')}</h2>}>
                  <Chart option={r1Chart} label={t('r1.chartLabel', { list: rows.map((r: any, i: number) => `${names[i]} ${fmtPercent(r.R1.ratio)}`).join(', ') })} />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('r5.chart')}</h2>}>
                  <Chart option={r5Chart} label={t('r5.chartLabel', { list: rows.map((r: any, i: number) => `${names[i]} ${fmtPercent(r.R5?.share)}`).join(', ') })} />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('r4.chart')}</h2>}>
                  <Chart option={flowsChart} label={t('r4.chartLabel', { rural: city.towardRural, weak: city.towardWeak })} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('r4.note')}
                  </Typography.Text>
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('trend.title')}</h2>}>{trendChart ? <Chart option={trendChart} label={t('trend.label')} /> : <Typography.Text>{t('common:states.loading')}</Typography.Text>}</Card>
              </Col>
            </Row>
            <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('byCounty')}</h2>} style={{ marginTop: 16 }}>
              <Table
                size="small"
                rowKey="countyCode"
                pagination={false}
                scroll={{ x: 900 }}
                dataSource={rows}
                columns={[
                  { title: t('county'), dataIndex: 'countyCode', render: (c: string) => counties.name(c) },
                  { title: t('r1.column'), key: 'r1', render: (_: unknown, r: any) => <span>{fmtPercent(r.R1.ratio)} <Typography.Text type="secondary">({r.R1.moved}/{r.R1.teachers})</Typography.Text></span> },
                  { title: t('r2.column'), key: 'r2', render: (_: unknown, r: any) => `${r.R2.due + r.R2.overdue} (${t('r2.warnings', { n: r.R2.warning })})` },
                  { title: t('r3.column'), key: 'r3', render: (_: unknown, r: any) => `${r.R3.due} / ${r.R3.overdue}` },
                  { title: t('r4.column'), key: 'r4', render: (_: unknown, r: any) => (r.flows ? `${r.flows.urbanToRural} / ${r.flows.strongToWeak} / ${r.flows.backboneStrongToWeak}` : t('r4.noPlan')) },
                  { title: t('r5.column'), key: 'r5', render: (_: unknown, r: any) => (r.R5 ? `${fmtPercent(r.R5.share)} (${r.R5.underAge}/${r.R5.principals})` : '—') },
                  { title: t('r10.column'), key: 'r10', render: (_: unknown, r: any) => (r.R10 && r.R10.quality ? `${r.R10.compliant}/${r.R10.quality}` : '—') },
                ]}
              />
            </Card>
          </>
        )}
      </QueryState>
      <TrainingSubsidyTargets schoolYear={year} />
    </>
  );
}
