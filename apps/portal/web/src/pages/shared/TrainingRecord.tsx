import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Empty, List, Progress, Row, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { DownloadButton } from '../../components/DownloadButton';
import { QueryState } from '../../components/States';
import { CREDIT_CATEGORIES } from '../../domain';
import { fmtDate, fmtPercent } from '../../format';
import { fmtHours, periodLabel, STATUS_COLOR } from './training-words';

interface RuleStatus {
  status: 'met' | 'shortfall' | 'in_progress';
  required: number;
  actual: number;
  facts: Record<string, number | string | boolean | null>;
  period: string;
  periodEnds: string;
}
interface YearHours {
  year: number;
  byCategory: Record<string, number>;
  total: number;
  counted: number;
  onlineOverCap: number;
}
export interface TrainingRecordData {
  teacher: { id: string; name: string; staffNo: string | null; schoolName: string | null; category: string; title: string | null; rural: boolean; smallScale: boolean };
  asOf: string;
  credits: {
    years: YearHours[];
    progress: { cycle: { from: number; to: number }; required: number; counted: number; remaining: number; thisYear: { year: number; required: number; counted: number; remaining: number; met: boolean } };
    entries: { id: string; earnedOn: string; title: string; code: string; category: string; hours: number; reversesId: string | null; certificateNo: string | null }[];
  };
  status: { R7: RuleStatus | null; R8: RuleStatus | null };
  results: { rule: string; period: string; status: string; required: number; actual: number }[];
  stage: {
    category: string;
    stage: string;
    since: string;
    version: number;
    history: { category: string; stage: string; since: string; evidence: string }[];
    readiness: { next: string; ready: boolean; criteria: { name: string; required: number; actual: number; met: boolean }[] } | null;
  } | null;
}

const share = (a: number, b: number) => (b > 0 ? Math.min(100, Math.round((a / b) * 100)) : 100);

/**
 * A teacher's training record: hours by year and category, progress toward the 5-year 360 and this
 * year's 72, this semester's R7 and this school year's R8, the growth-path stage (R12), the transcript
 * PDF. The teacher's own (GET /me) or, for HR, one teacher's (GET /teachers/:id/record).
 */
export function TrainingRecord({ teacherId, headingLevel = 2 }: { teacherId?: string; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation(['training', 'common']);
  const record = useQuery({ queryKey: ['training', 'record', teacherId ?? 'me'], queryFn: () => api<TrainingRecordData>('training', teacherId ? `/teachers/${teacherId}/record` : '/me') });
  const H = `h${headingLevel}` as 'h2' | 'h3';
  const title = (text: string) => <H style={{ fontSize: 16, margin: 0 }}>{text}</H>;
  const transcript = teacherId ? `/teachers/${teacherId}/transcript.pdf` : '/me/transcript.pdf';

  const rule = (key: 'R7' | 'R8', r: RuleStatus | null, applies: boolean) => (
    <Col xs={24} md={12} key={key}>
      <Card size="small" title={title(t(`record.${key}.title`))} extra={r ? <Tag color={STATUS_COLOR[r.status]}>{t(`status.${r.status}`)}</Tag> : null} style={{ height: '100%' }}>
        {!applies || !r ? (
          <Typography.Text type="secondary">{t(`record.${key}.notApplicable`)}</Typography.Text>
        ) : (
          <Space direction="vertical" size={4}>
            <Typography.Text>
              {key === 'R7'
                ? t('record.R7.detail', { attended: r.actual, required: r.required, offered: r.facts.offered ?? 0, excused: r.facts.excused ?? 0 })
                : t('record.R8.detail', { attended: r.actual, denominator: r.facts.denominator ?? 0, share: fmtPercent(Number(r.facts.share ?? 0), 0), required: fmtPercent(Number(r.facts.requiredShare ?? 0.8), 0) })}
            </Typography.Text>
            <Typography.Text type="secondary">{t('record.period', { period: periodLabel(r.period), date: fmtDate(r.periodEnds) })}</Typography.Text>
          </Space>
        )}
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('common:sourceLabel')} {t(`common:rules.${key}.source`)}
          </Typography.Text>
        </div>
      </Card>
    </Col>
  );

  return (
    <QueryState query={record}>
      {(r) => {
        const p = r.credits.progress;
        const reversed = new Set(r.credits.entries.map((e) => e.reversesId).filter(Boolean));
        const live = r.credits.entries.filter((e) => !e.reversesId && !reversed.has(e.id)).reverse();
        return (
          <>
            <Space wrap style={{ marginBottom: 12 }}>
              <DownloadButton service="training" path={transcript} filename={`transcript-${r.teacher.staffNo ?? r.teacher.id}.pdf`}>
                {t('record.transcript')}
              </DownloadButton>
              <Typography.Text type="secondary">{t('record.asOf', { date: fmtDate(r.asOf) })}</Typography.Text>
            </Space>
            <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
              <Col xs={24} md={12}>
                <Card size="small" title={title(t('record.cycle', { from: p.cycle.from, to: p.cycle.to }))}>
                  <Progress percent={share(p.counted, p.required)} status={p.remaining === 0 ? 'success' : 'normal'} aria-label={t('record.cycleLabel')} format={() => `${fmtHours(p.counted)} / ${fmtHours(p.required)}`} />
                  <Typography.Text>{p.remaining === 0 ? t('record.cycleDone') : t('record.remaining', { hours: fmtHours(p.remaining) })}</Typography.Text>
                </Card>
              </Col>
              <Col xs={24} md={12}>
                <Card size="small" title={title(t('record.thisYear', { year: p.thisYear.year }))}>
                  <Progress percent={share(p.thisYear.counted, p.thisYear.required)} status={p.thisYear.met ? 'success' : 'normal'} aria-label={t('record.thisYearLabel')} format={() => `${fmtHours(p.thisYear.counted)} / ${fmtHours(p.thisYear.required)}`} />
                  <Typography.Text>
                    {p.thisYear.required === 0 ? t('record.noYearRequirement') : p.thisYear.met ? t('record.yearMet') : t('record.remaining', { hours: fmtHours(p.thisYear.remaining) })}
                  </Typography.Text>
                </Card>
              </Col>
              {rule('R7', r.status.R7, r.teacher.rural)}
              {rule('R8', r.status.R8, r.teacher.smallScale)}
            </Row>

            <Card size="small" title={title(t('record.stage.title'))} style={{ marginBottom: 12 }}>
              {!r.stage ? (
                <Typography.Text type="secondary">{t('record.stage.none')}</Typography.Text>
              ) : (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Typography.Text strong>
                    {t('record.stage.current', { category: t(`categories.${r.stage.category}`), stage: t(`stageNames.${r.stage.stage}`), date: fmtDate(r.stage.since) })}
                  </Typography.Text>
                  {r.stage.readiness && (
                    <>
                      <Typography.Text>
                        {t(r.stage.readiness.ready ? 'record.stage.ready' : 'record.stage.notReady', { next: t(`stageNames.${r.stage.readiness.next}`) })}
                      </Typography.Text>
                      <List
                        size="small"
                        dataSource={r.stage.readiness.criteria}
                        renderItem={(c) => (
                          <List.Item>
                            <Space wrap>
                              <Tag color={c.met ? 'green' : 'default'}>{c.met ? t('common:met') : t('common:notMet')}</Tag>
                              {t(`criteria.${c.name}`, { actual: c.name === 'hours_5y' ? fmtHours(c.actual) : c.actual, required: c.name === 'hours_5y' ? fmtHours(c.required) : c.required })}
                            </Space>
                          </List.Item>
                        )}
                      />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('record.stage.assumption')}
                      </Typography.Text>
                    </>
                  )}
                  {r.stage.history.length > 1 && (
                    <Typography.Text type="secondary">
                      {t('record.stage.history')}{' '}
                      {r.stage.history.map((h) => `${t(`stageNames.${h.stage}`)} (${fmtDate(h.since)})`).join(' → ')}
                    </Typography.Text>
                  )}
                </Space>
              )}
            </Card>

            <Card size="small" title={title(t('record.byYear'))} style={{ marginBottom: 12 }}>
              {r.credits.years.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('record.noHours')} />
              ) : (
                <Table
                  size="small"
                  rowKey="year"
                  pagination={false}
                  dataSource={[...r.credits.years].reverse()}
                  columns={[
                    { title: t('record.year'), dataIndex: 'year' },
                    ...CREDIT_CATEGORIES.map((c) => ({ title: t(`creditCategories.${c}`), key: c, align: 'right' as const, render: (_: unknown, y: YearHours) => fmtHours(y.byCategory[c]) })),
                    { title: t('record.counted'), key: 'counted', align: 'right' as const, render: (_: unknown, y: YearHours) => <Typography.Text strong>{fmtHours(y.counted)}</Typography.Text> },
                  ]}
                />
              )}
              {r.credits.years.some((y) => y.onlineOverCap > 0) && (
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
                  {t('record.onlineCap')}
                </Typography.Paragraph>
              )}
            </Card>

            <Card size="small" title={title(t('record.activities'))} style={{ marginBottom: 12 }}>
              {live.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('record.noHours')} />
              ) : (
                <List
                  size="small"
                  dataSource={live.slice(0, 50)}
                  renderItem={(e) => (
                    <List.Item>
                      <Space direction="vertical" size={0} style={{ width: '100%' }}>
                        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                          <Typography.Text>{e.title}</Typography.Text>
                          <Typography.Text strong>{t('record.hours', { hours: fmtHours(e.hours) })}</Typography.Text>
                        </Space>
                        <Typography.Text type="secondary">
                          {fmtDate(e.earnedOn)} · {t(`creditCategories.${e.category}`)}
                          {e.certificateNo ? ` · ${t('record.certificate', { no: e.certificateNo })}` : ''}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              )}
            </Card>

            {r.results.length > 0 && (
              <Card size="small" title={title(t('record.results'))}>
                <List
                  size="small"
                  dataSource={r.results}
                  renderItem={(x) => (
                    <List.Item>
                      <Space wrap>
                        <Tag color={STATUS_COLOR[x.status]}>{t(`status.${x.status}`)}</Tag>
                        <Typography.Text>{t(`rules.${x.rule}`)}</Typography.Text>
                        <Typography.Text type="secondary">
                          {periodLabel(x.period)} · {t('record.actualOfRequired', { actual: fmtHours(x.actual), required: fmtHours(x.required) })}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
            )}
          </>
        );
      }}
    </QueryState>
  );
}
