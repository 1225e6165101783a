import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Select, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import { DownloadButton } from '../../../components/DownloadButton';
import { PageTitle } from '../../../components/PageTitle';
import { ErrorAlert, QueryState } from '../../../components/States';
import { useCounties } from '../../../counties';
import { COMPLIANCE_RULES } from '../../../domain';
import { fmtDate, fmtList, fmtPercent, schoolYearOf, today } from '../../../format';
import { useCounty } from '../../../session';
import { fmtHours, periodLabel, STATUS_COLOR } from '../../shared/training-words';

interface SummaryRow {
  level: string;
  key: string | null;
  name: string | null;
  rule: string;
  period: string;
  met: number;
  shortfall: number;
  inProgress: number;
}
interface Result {
  rule: string;
  period: string;
  subjectType: string;
  subjectId: string;
  name: string | null;
  staffNo: string | null;
  schoolName: string | null;
  status: string;
  required: number;
  actual: number;
  evaluatedOn: string;
}
interface AtRisk {
  teacherId: string;
  staffNo: string | null;
  name: string;
  schoolName: string | null;
  rule: string;
  period: string;
  periodEnds: string;
  daysLeft: number;
  required: number;
  actual: number;
}
interface Researcher {
  teacherId: string;
  staffNo: string | null;
  name: string;
  researcherSince: string | null;
  visits: { status: string; required: number; actual: number } | null;
  stationing: { status: string; required: number; actual: number } | null;
  unconfirmedVisits: number;
}

/** The periods HR picks from: this school year's and the two before (semesters, school years), and calendar years. */
export function recentPeriods(asOf = today()): string[] {
  const y = schoolYearOf(asOf);
  const out: string[] = [];
  for (let k = 0; k < 3; k++) out.push(`${y - k}-spring`, `${y - k}-autumn`, `${y - k}-${y - k + 1}`);
  const year = Number(asOf.slice(0, 4));
  out.push(String(year), String(year - 1), String(year - 2));
  return out;
}

/**
 * County HR: R6–R8 and credit-hour compliance per county, district or school and period (stored results
 * of the term-end evaluations, which HR may re-run), the shortfalls by name, the teachers at risk before a
 * period ends, and each researcher's visits and stationing (R6); the county's workbook.
 */
export default function Compliance() {
  const { t } = useTranslation(['training', 'common']);
  const { county } = useCounty();
  const counties = useCounties();
  const [period, setPeriod] = useState<string | undefined>(undefined);
  return (
    <>
      <PageTitle>{t('compliance.title', { county: counties.name(county) })}</PageTitle>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="compliance-period">{t('compliance.period')}</label>
        <Select
          id="compliance-period"
          allowClear
          placeholder={t('compliance.allPeriods')}
          value={period}
          onChange={setPeriod}
          style={{ width: 240 }}
          options={recentPeriods().map((p) => ({ value: p, label: periodLabel(p) }))}
        />
        <DownloadButton service="training" path={`/counties/${county}/compliance.xlsx${period ? `?period=${period}` : ''}`} filename={`training-compliance-${county}.xlsx`}>
          {t('compliance.workbook')}
        </DownloadButton>
      </Space>
      <Tabs
        items={[
          { key: 'summary', label: t('compliance.summaryTab'), children: <Summary county={county} period={period} /> },
          { key: 'shortfalls', label: t('compliance.shortfallsTab'), children: <Shortfalls county={county} period={period} /> },
          { key: 'risk', label: t('compliance.riskTab'), children: <AtRiskList county={county} /> },
          { key: 'researchers', label: t('compliance.researchersTab'), children: <Researchers county={county} /> },
        ]}
      />
    </>
  );
}

function Summary({ county, period }: { county: string; period?: string }) {
  const { t } = useTranslation(['training', 'common']);
  const counties = useCounties();
  const [groupBy, setGroupBy] = useState<'county' | 'district' | 'school'>('county');
  const summary = useQuery({
    queryKey: ['training', 'summary', county, period, groupBy],
    queryFn: () => api<{ items: SummaryRow[] }>('training', `/compliance/summary?countyCode=${county}&groupBy=${groupBy}${period ? `&period=${period}` : ''}`),
  });
  const label = (r: SummaryRow) => (r.level === 'county' ? counties.name(r.key ?? county) : r.level === 'district' ? (r.key?.split('/')[1] === '-' ? t('compliance.noDistrict') : r.key?.split('/')[1]) : (r.name ?? (r.key ? r.key : t('compliance.countyLevel'))));
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text id="group-by-label">{t('compliance.groupBy')}</Typography.Text>
        <Segmented aria-labelledby="group-by-label" value={groupBy} onChange={(v) => setGroupBy(v as typeof groupBy)} options={(['county', 'district', 'school'] as const).map((g) => ({ value: g, label: t(`compliance.levels.${g}`) }))} />
      </Space>
      <Evaluate county={county} />
      <Card size="small">
        <QueryState query={summary} empty={(d) => d.items.length === 0}>
          {(d) => (
            <Table
              size="small"
              rowKey={(r) => `${r.key}|${r.rule}|${r.period}`}
              dataSource={d.items}
              scroll={{ x: 760 }}
              pagination={{ pageSize: 25, showSizeChanger: false, hideOnSinglePage: true }}
              columns={[
                { title: t(`compliance.levels.${groupBy}`), key: 'key', render: (_: unknown, r: SummaryRow) => label(r) },
                { title: t('compliance.rule'), dataIndex: 'rule', render: (v: string) => t(`rules.${v}`) },
                { title: t('compliance.period'), dataIndex: 'period', render: (v: string) => periodLabel(v) },
                { title: t('status.met'), dataIndex: 'met', align: 'right' as const },
                { title: t('status.shortfall'), dataIndex: 'shortfall', align: 'right' as const },
                { title: t('status.in_progress'), dataIndex: 'inProgress', align: 'right' as const },
                { title: t('compliance.shareMet'), key: 'share', align: 'right' as const, render: (_: unknown, r: SummaryRow) => fmtPercent(r.met / Math.max(1, r.met + r.shortfall + r.inProgress), 0) },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}

/** Re-run a term's evaluation (after late attendance): only changes are written and announced. */
function Evaluate({ county }: { county: string }) {
  const { t } = useTranslation(['training', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const run = useMutation({
    mutationFn: (v: { schoolYear: number; term: 'autumn' | 'spring' }) => api<{ periods: string[]; results: number; written: number; shortfalls: number; restored: number }>('training', '/evaluations', { method: 'POST', body: { countyCode: county, ...v } }),
    onSuccess: async () => {
      message.success(t('compliance.evaluated'));
      await client.invalidateQueries({ queryKey: ['training'] });
    },
  });
  const now = semesterNow();
  return (
    <Card size="small" style={{ marginBottom: 12 }} title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('compliance.rerunTitle')}</h2>}>
      <ErrorAlert error={run.error} />
      <Form layout="inline" initialValues={now} onFinish={(v) => run.mutate(v)}>
        <Form.Item name="schoolYear" label={t('compliance.schoolYear')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="term" label={t('compliance.term')} rules={[{ required: true }]}>
          <Select style={{ width: 130 }} options={(['autumn', 'spring'] as const).map((x) => ({ value: x, label: t(`compliance.terms.${x}`) }))} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" loading={run.isPending}>
            {t('compliance.rerun')}
          </Button>
        </Form.Item>
      </Form>
      {run.data && (
        <Alert
          type="success"
          showIcon
          role="status"
          style={{ marginTop: 12 }}
          title={t('compliance.rerunDone', { periods: fmtList(run.data.periods.map((p) => periodLabel(p))), results: run.data.results, written: run.data.written, shortfalls: run.data.shortfalls, restored: run.data.restored })}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('compliance.rerunHelp')}
      </Typography.Paragraph>
    </Card>
  );
}

function semesterNow(): { schoolYear: number; term: 'autumn' | 'spring' } {
  const d = today();
  const md = d.slice(5);
  return { schoolYear: schoolYearOf(d), term: md >= '09-01' || md < '02-01' ? 'autumn' : 'spring' };
}

function Shortfalls({ county, period }: { county: string; period?: string }) {
  const { t } = useTranslation(['training', 'common']);
  const [rule, setRule] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<string>('shortfall');
  const [page, setPage] = useState(1);
  const results = useQuery({
    queryKey: ['training', 'results', county, period, rule, status, page],
    queryFn: () => api<{ items: Result[]; total: number }>('training', `/compliance/results?countyCode=${county}&status=${status}${rule ? `&rule=${rule}` : ''}${period ? `&period=${period}` : ''}&limit=20&offset=${(page - 1) * 20}`),
  });
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="results-rule">{t('compliance.rule')}</label>
        <Select id="results-rule" allowClear placeholder={t('compliance.allRules')} value={rule} onChange={setRule} style={{ width: 240 }} options={COMPLIANCE_RULES.map((r) => ({ value: r, label: t(`rules.${r}`) }))} />
        <label htmlFor="results-status">{t('compliance.status')}</label>
        <Select id="results-status" value={status} onChange={setStatus} style={{ width: 140 }} options={(['shortfall', 'in_progress', 'met'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))} />
      </Space>
      <Card size="small">
        <QueryState query={results} empty={(d) => d.items.length === 0}>
          {(d) => (
            <Table
              size="small"
              rowKey={(r) => `${r.rule}|${r.period}|${r.subjectId}`}
              dataSource={d.items}
              scroll={{ x: 800 }}
              pagination={{ current: page, pageSize: 20, total: d.total, onChange: setPage, showSizeChanger: false }}
              columns={[
                { title: t('compliance.who'), key: 'who', render: (_: unknown, r: Result) => (r.subjectType === 'county' ? t('compliance.countyLevel') : `${r.name ?? r.subjectId}${r.staffNo ? ` (${r.staffNo})` : ''}`) },
                { title: t('compliance.school'), dataIndex: 'schoolName', render: (v: string | null) => v ?? '—' },
                { title: t('compliance.rule'), dataIndex: 'rule', render: (v: string) => t(`rules.${v}`) },
                { title: t('compliance.period'), dataIndex: 'period', render: (v: string) => periodLabel(v) },
                { title: t('compliance.status'), dataIndex: 'status', render: (v: string) => <Tag color={STATUS_COLOR[v]}>{t(`status.${v}`)}</Tag> },
                { title: t('compliance.actualRequired'), key: 'ar', align: 'right' as const, render: (_: unknown, r: Result) => `${fmtHours(r.actual)} / ${fmtHours(r.required)}` },
                { title: t('compliance.evaluatedOn'), dataIndex: 'evaluatedOn', render: (v: string) => fmtDate(v) },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}

function AtRiskList({ county }: { county: string }) {
  const { t } = useTranslation(['training', 'common']);
  const [notice, setNotice] = useState<'first' | 'second'>('first');
  const risk = useQuery({ queryKey: ['training', 'at-risk', county, notice], queryFn: () => api<{ asOf: string; days: number; items: AtRisk[] }>('training', `/at-risk?countyCode=${county}&notice=${notice}`) });
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text id="notice-label">{t('compliance.notice')}</Typography.Text>
        <Segmented aria-labelledby="notice-label" value={notice} onChange={(v) => setNotice(v as typeof notice)} options={(['first', 'second'] as const).map((n) => ({ value: n, label: t(`compliance.notices.${n}`) }))} />
      </Space>
      <Card size="small">
        <QueryState query={risk}>
          {(d) => (
            <>
              <Typography.Paragraph type="secondary">{t('compliance.riskHelp', { days: d.days, date: fmtDate(d.asOf), count: d.items.length })}</Typography.Paragraph>
              <Table
                size="small"
                rowKey={(r) => `${r.teacherId}|${r.rule}`}
                dataSource={d.items}
                scroll={{ x: 760 }}
                pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
                columns={[
                  { title: t('compliance.who'), key: 'who', render: (_: unknown, r: AtRisk) => `${r.name}${r.staffNo ? ` (${r.staffNo})` : ''}` },
                  { title: t('compliance.school'), dataIndex: 'schoolName', render: (v: string | null) => v ?? '—' },
                  { title: t('compliance.rule'), dataIndex: 'rule', render: (v: string) => t(`rules.${v}`) },
                  { title: t('compliance.period'), dataIndex: 'period', render: (v: string) => periodLabel(v) },
                  { title: t('compliance.ends'), key: 'ends', render: (_: unknown, r: AtRisk) => t('compliance.daysLeft', { date: fmtDate(r.periodEnds), count: r.daysLeft }) },
                  { title: t('compliance.actualRequired'), key: 'ar', align: 'right' as const, render: (_: unknown, r: AtRisk) => `${fmtHours(r.actual)} / ${fmtHours(r.required)}` },
                ]}
              />
            </>
          )}
        </QueryState>
      </Card>
    </>
  );
}

function Researchers({ county }: { county: string }) {
  const { t } = useTranslation(['training', 'common']);
  const list = useQuery({ queryKey: ['training', 'researchers', county], queryFn: () => api<{ asOf: string; items: Researcher[] }>('training', `/researchers?countyCode=${county}`) });
  const cell = (x: Researcher['visits']) => (x ? <Space size={4}><Tag color={STATUS_COLOR[x.status]}>{t(`status.${x.status}`)}</Tag>{`${x.actual} / ${x.required}`}</Space> : '—');
  return (
    <Card size="small">
      <Typography.Paragraph type="secondary">{t('compliance.researchersHelp')}</Typography.Paragraph>
      <QueryState query={list} empty={(d) => d.items.length === 0}>
        {(d) => (
          <Table
            size="small"
            rowKey="teacherId"
            dataSource={d.items}
            scroll={{ x: 700 }}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            columns={[
              { title: t('compliance.who'), key: 'who', render: (_: unknown, r: Researcher) => `${r.name}${r.staffNo ? ` (${r.staffNo})` : ''}` },
              { title: t('compliance.since'), dataIndex: 'researcherSince', render: (v: string | null) => fmtDate(v) },
              { title: t('compliance.visits'), key: 'visits', render: (_: unknown, r: Researcher) => cell(r.visits) },
              { title: t('compliance.stationing'), key: 'stationing', render: (_: unknown, r: Researcher) => cell(r.stationing) },
              { title: t('compliance.unconfirmed'), dataIndex: 'unconfirmedVisits', align: 'right' as const },
            ]}
          />
        )}
      </QueryState>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('common:sourceLabel')} {t('common:rules.R6.source')}
      </Typography.Text>
    </Card>
  );
}
