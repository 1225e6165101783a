import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Chart } from '../../components/Chart';
import { ErrorAlert } from '../../components/States';
import { useCounties } from '../../counties';
import { fmtMonth, fmtPercent, fmtYuan, thisMonth } from '../../format';
import { monthBefore } from '../../money';
import { periodLabel } from '../shared/training-words';
import { emptyTally, subsidyAverages, trainingTallies, type MonthSummary, type SummaryRow, type Tally } from './targets';

const share = (t: Tally) => (t.total > 0 ? t.met / t.total : null);

/** The city dashboard's R6–R9: training compliance (training service) and the living-subsidy average (subsidies service), each with its rule and source. */
export function TrainingSubsidyTargets({ schoolYear }: { schoolYear: number }) {
  const { t } = useTranslation(['city', 'common', 'training']);
  const counties = useCounties();
  const lastMonth = monthBefore(thisMonth());
  const from = `${schoolYear}-09`;
  const yearEnd = `${schoolYear + 1}-08`;
  const to = yearEnd < lastMonth ? yearEnd : lastMonth;
  const training = useQuery({ queryKey: ['training', 'summary', 'city'], queryFn: () => api<{ items: SummaryRow[] }>('training', '/compliance/summary?groupBy=county') });
  const subsidies = useQuery({
    queryKey: ['subsidies', 'summary', 'city', from, to],
    queryFn: () => api<{ items: MonthSummary[] }>('subsidies', `/summary?from=${from}&to=${to}`),
    enabled: from <= to,
  });
  const tallies = useMemo(() => trainingTallies(training.data?.items ?? [], schoolYear), [training.data, schoolYear]);
  const r9 = useMemo(() => subsidyAverages(subsidies.data?.items ?? []), [subsidies.data]);
  const codes = useMemo(() => [...new Set([...counties.list.map((c) => c.code), ...tallies.byCounty.keys(), ...r9.byCounty.keys()])].filter((c) => tallies.byCounty.has(c) || r9.byCounty.has(c)), [counties.list, tallies, r9]);
  const rows = useMemo(() => codes.map((code) => ({ code, training: tallies.byCounty.get(code), subsidy: r9.byCounty.get(code) })), [codes, tallies, r9]);
  const sum = (f: (r: (typeof rows)[number]) => Tally | undefined): Tally => rows.reduce((s, r) => ({ met: s.met + (f(r)?.met ?? 0), total: s.total + (f(r)?.total ?? 0), period: s.period }), emptyTally());
  const city = { R6: sum((r) => r.training?.R6), R7: sum((r) => r.training?.R7), R7county: sum((r) => r.training?.R7county), R8: sum((r) => r.training?.R8) };
  const names = rows.map((r) => counties.name(r.code));

  const complianceChart = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmtPercent(v) },
      legend: { top: 0, data: [t('r6.title'), t('r7.title'), t('r8.title')] },
      grid: { left: 48, right: 16, top: 56, bottom: 56 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => fmtPercent(v, 0) } },
      series: [
        { type: 'bar', name: t('r6.title'), data: rows.map((r) => (r.training ? share(r.training.R6) : null)), itemStyle: { color: '#7a4fb0' } },
        { type: 'bar', name: t('r7.title'), data: rows.map((r) => (r.training ? share(r.training.R7) : null)), itemStyle: { color: '#2f7d32' } },
        { type: 'bar', name: t('r8.title'), data: rows.map((r) => (r.training ? share(r.training.R8) : null)), itemStyle: { color: '#0b5cad' } },
      ],
    }),
    [rows, names, t],
  );
  const r9Chart = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmtYuan(Math.round(v * 100)) },
      grid: { left: 64, right: 16, top: 24, bottom: 56 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value' },
      series: [
        {
          type: 'bar',
          name: t('r9.title'),
          data: rows.map((r) => {
            const avg = r.subsidy ? r9.average(r.subsidy) : null;
            return { value: avg === null ? null : avg / 100, itemStyle: { color: avg !== null && r.subsidy && avg < r.subsidy.floorFen ? '#c41d1d' : '#ad6800' } };
          }),
          markLine: r9.city.floorFen ? { symbol: 'none', data: [{ yAxis: r9.city.floorFen / 100 }], label: { position: 'insideEndTop', formatter: t('r9.floorLine', { floor: fmtYuan(r9.city.floorFen) }) } } : undefined,
        },
      ],
    }),
    [rows, names, r9, t],
  );

  const card = (rule: 'R6' | 'R7' | 'R8' | 'R9', value: string, detail: string, ok: boolean | null) => (
    <Col xs={24} sm={12} xxl={6} key={rule}>
      <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t(`${rule.toLowerCase()}.title`)}</h2>} extra={ok === null ? null : <Tag color={ok ? 'green' : 'red'}>{ok ? t('common:met') : t('common:notMet')}</Tag>} style={{ height: '100%' }}>
        <Statistic value={value} />
        <Typography.Paragraph style={{ margin: '4px 0' }}>{detail}</Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('common:sourceLabel')} {t(`common:rules.${rule}.source`)}
        </Typography.Text>
      </Card>
    </Col>
  );
  const pct = (x: Tally) => (x.total ? fmtPercent(x.met / x.total) : '—');
  const period = (p: string | null) => (p ? periodLabel(p) : t('notEvaluated'));
  const tallyCell = (x: Tally | undefined) => (x && x.total ? `${fmtPercent(x.met / x.total)} (${x.met}/${x.total})` : '—');
  const cityAverage = r9.city.averageFen;

  return (
    <section aria-labelledby="r6-r9-heading" style={{ marginTop: 16 }}>
      <Typography.Title level={2} id="r6-r9-heading" style={{ fontSize: 18 }}>
        {t('trainingSubsidy')}
      </Typography.Title>
      <ErrorAlert error={training.error} onRetry={() => void training.refetch()} />
      <ErrorAlert error={subsidies.error} onRetry={() => void subsidies.refetch()} />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {card('R6', pct(city.R6), t('r6.detail', { met: city.R6.met, total: city.R6.total, period: period(tallies.periods.R6) }), city.R6.total ? city.R6.met === city.R6.total : null)}
        {card('R7', pct(city.R7), t('r7.detail', { met: city.R7.met, total: city.R7.total, counties: city.R7county.met, of: city.R7county.total, period: period(tallies.periods.R7) }), city.R7county.total ? city.R7county.met === city.R7county.total : null)}
        {card('R8', pct(city.R8), t('r8.detail', { met: city.R8.met, total: city.R8.total, period: period(tallies.periods.R8) }), city.R8.total ? city.R8.met === city.R8.total : null)}
        {card(
          'R9',
          cityAverage === null ? '—' : fmtYuan(cityAverage),
          cityAverage === null ? t('r9.none') : t('r9.detail', { floor: fmtYuan(r9.city.floorFen), from: fmtMonth(from), to: fmtMonth(to), teacherMonths: r9.city.teacherMonths }),
          cityAverage === null ? null : cityAverage >= r9.city.floorFen,
        )}
      </Row>
      {training.isSuccess && subsidies.isSuccess && rows.length === 0 ? (
        <Alert type="info" showIcon title={t('r6r9.none')} />
      ) : (
        <>
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('r6r9.chart')}</h2>}>
                <Chart option={complianceChart} label={t('r6r9.chartLabel', { list: rows.map((r, i) => `${names[i]} R6 ${tallyCell(r.training?.R6)}, R7 ${tallyCell(r.training?.R7)}, R8 ${tallyCell(r.training?.R8)}`).join('; ') })} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('r9.chart')}</h2>}>
                <Chart option={r9Chart} label={t('r9.chartLabel', { list: rows.map((r, i) => `${names[i]} ${r.subsidy ? fmtYuan(r9.average(r.subsidy)) : '—'}`).join(', ') })} />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('r6r9.byCounty')}</h2>} style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              scroll={{ x: 900 }}
              dataSource={rows}
              columns={[
                { title: t('county'), dataIndex: 'code', render: (c: string) => counties.name(c) },
                { title: t('r6.column'), key: 'r6', render: (_: unknown, r: (typeof rows)[number]) => tallyCell(r.training?.R6) },
                {
                  title: t('r7.column'),
                  key: 'r7',
                  render: (_: unknown, r: (typeof rows)[number]) =>
                    r.training && (r.training.R7.total || r.training.R7county.total) ? (
                      <span>
                        {tallyCell(r.training.R7)}{' '}
                        {r.training.R7county.total > 0 && <Tag color={r.training.R7county.met === r.training.R7county.total ? 'green' : 'red'}>{r.training.R7county.met === r.training.R7county.total ? t('r7.countyMet') : t('r7.countyShort')}</Tag>}
                      </span>
                    ) : (
                      '—'
                    ),
                },
                { title: t('r8.column'), key: 'r8', render: (_: unknown, r: (typeof rows)[number]) => tallyCell(r.training?.R8) },
                {
                  title: t('r9.column'),
                  key: 'r9',
                  render: (_: unknown, r: (typeof rows)[number]) => {
                    const avg = r.subsidy ? r9.average(r.subsidy) : null;
                    if (avg === null || !r.subsidy) return '—';
                    const below = avg < r.subsidy.floorFen;
                    return (
                      <span>
                        {fmtYuan(avg)} <Tag color={below ? 'red' : 'green'}>{below ? t('r9.below') : t('r9.atFloor')}</Tag>
                        <Typography.Text type="secondary">{t('r9.months', { n: r.subsidy.months })}</Typography.Text>
                      </span>
                    );
                  },
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
              {t('r6r9.note')}
            </Typography.Paragraph>
          </Card>
        </>
      )}
    </section>
  );
}
