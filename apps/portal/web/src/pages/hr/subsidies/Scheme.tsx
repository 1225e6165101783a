import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api';
import { PageTitle } from '../../../components/PageTitle';
import { ErrorAlert, QueryState } from '../../../components/States';
import { useCounties } from '../../../counties';
import { fmtDate, fmtList, fmtTime, fmtYuan, today } from '../../../format';
import { useCounty } from '../../../session';

interface Rules {
  eligibleTiers: number[];
  eligibleSchoolTypes: string[];
  requireRural: boolean;
  bandYears: number[];
  amountsFen: Record<string, number[]>;
  paidEstablishmentTypes: string[];
  stoppingAbsences: string[];
  paidLeaveDays: number;
  partTime: { mode: 'pro_rata' } | { mode: 'threshold'; minShare: number };
  serviceYearDays: number;
}
interface Version {
  version: number;
  effectiveFrom: string;
  source: string;
  rules: Rules;
  createdBy: string;
  createdAt: string;
}
interface SchemeView {
  countyCode: string;
  asOf: string;
  latestVersion: number;
  inForce: number | null;
  versions: Version[];
}

/** "under 5 years", "5–10 years", "10 years or more", from the bands' lower bounds. */
function useBandLabel() {
  const { t } = useTranslation('subsidies');
  return (bandYears: number[], i: number) => {
    const from = bandYears[i];
    const to = bandYears[i + 1];
    if (to === undefined) return t('scheme.bandFrom', { from });
    return from === 0 ? t('scheme.bandUnder', { to }) : t('scheme.bandBetween', { from, to });
  };
}

/**
 * The county's living-subsidy scheme (R9) as dated versions: the monthly amount for each remote tier ×
 * band of rural service, and what else the scheme says; a change is a new version from a date, sent with
 * the version it was based on (the service answers 409 when someone published another since).
 */
export default function Scheme() {
  const { t } = useTranslation(['subsidies', 'common']);
  const { county } = useCounty();
  const counties = useCounties();
  const scheme = useQuery({ queryKey: ['subsidies', 'scheme', county], queryFn: () => api<SchemeView>('subsidies', `/counties/${county}/scheme`) });
  const [editing, setEditing] = useState(false);
  return (
    <>
      <PageTitle>{t('scheme.title', { county: counties.name(county) })}</PageTitle>
      <Typography.Paragraph type="secondary">{t('scheme.help')}</Typography.Paragraph>
      <QueryState query={scheme}>
        {(s) => (
          <>
            {s.versions.length === 0 ? (
              <Card style={{ marginBottom: 16 }}>
                <Typography.Text>{t('scheme.none')}</Typography.Text>
              </Card>
            ) : (
              <>
                {!editing && (
                  <Button type="primary" style={{ marginBottom: 16 }} onClick={() => setEditing(true)}>
                    {t('scheme.add')}
                  </Button>
                )}
                {editing && <NewVersion scheme={s} onDone={() => setEditing(false)} />}
                {[...s.versions].reverse().map((v) => (
                  <VersionCard key={v.version} v={v} inForce={s.inForce === v.version} />
                ))}
              </>
            )}
          </>
        )}
      </QueryState>
    </>
  );
}

function VersionCard({ v, inForce }: { v: Version; inForce: boolean }) {
  const { t } = useTranslation(['subsidies', 'common']);
  const band = useBandLabel();
  const r = v.rules;
  const future = v.effectiveFrom > today();
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('scheme.version', { version: v.version, date: fmtDate(v.effectiveFrom) })}</h2>}
      extra={inForce ? <Tag color="green">{t('scheme.inForce')}</Tag> : future ? <Tag color="blue">{t('scheme.scheduled')}</Tag> : <Tag>{t('scheme.superseded')}</Tag>}
    >
      <Table
        size="small"
        rowKey="tier"
        pagination={false}
        scroll={{ x: 480 }}
        dataSource={r.eligibleTiers.map((tier) => ({ tier, amounts: r.amountsFen[String(tier)] ?? [] }))}
        columns={[
          { title: t('scheme.tier'), dataIndex: 'tier', render: (x: number) => t('scheme.tierName', { tier: x }) },
          ...r.bandYears.map((_, i) => ({ title: band(r.bandYears, i), key: `b${i}`, align: 'right' as const, render: (_: unknown, row: { amounts: number[] }) => fmtYuan(row.amounts[i]) })),
        ]}
      />
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('scheme.schoolTypes')}>{fmtList(r.eligibleSchoolTypes.map((x) => t(`common:schoolTypes.${x}`, { defaultValue: x })))}</Descriptions.Item>
        <Descriptions.Item label={t('scheme.rural')}>{r.requireRural ? t('scheme.ruralOnly') : t('scheme.anySchool')}</Descriptions.Item>
        <Descriptions.Item label={t('scheme.paidTypes')}>{fmtList(r.paidEstablishmentTypes.map((x) => t(`establishment.${x}`, { defaultValue: x }))) || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('scheme.stopping')}>{fmtList(r.stoppingAbsences.map((x) => t(`absences.${x}`, { defaultValue: x }))) || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('scheme.paidLeave')}>{t('scheme.days', { n: r.paidLeaveDays })}</Descriptions.Item>
        <Descriptions.Item label={t('scheme.partTime')}>{r.partTime.mode === 'pro_rata' ? t('scheme.proRata') : t('scheme.threshold', { share: r.partTime.minShare })}</Descriptions.Item>
        <Descriptions.Item label={t('scheme.serviceYear')}>{t('scheme.days', { n: r.serviceYearDays })}</Descriptions.Item>
        <Descriptions.Item label={t('scheme.createdBy')}>
          {v.createdBy} · {fmtTime(v.createdAt)}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0, fontSize: 12 }}>
        {t('common:sourceLabel')} {v.source}
      </Typography.Paragraph>
    </Card>
  );
}

/** A new dated version: the amounts of the latest one to start from, changed in yuan; everything else as it was. */
function NewVersion({ scheme, onDone }: { scheme: SchemeView; onDone: () => void }) {
  const { t } = useTranslation(['subsidies', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const band = useBandLabel();
  const base = scheme.versions.find((v) => v.version === scheme.latestVersion) ?? scheme.versions.at(-1)!;
  const r = base.rules;
  const [amounts, setAmounts] = useState<Record<string, (number | null)[]>>(() => Object.fromEntries(r.eligibleTiers.map((tier) => [String(tier), (r.amountsFen[String(tier)] ?? []).map((f) => f / 100)])));
  const publish = useMutation({
    mutationFn: (v: { effectiveFrom: string; source: string }) =>
      api('subsidies', `/counties/${scheme.countyCode}/scheme/versions`, {
        method: 'POST',
        body: {
          basedOnVersion: scheme.latestVersion,
          effectiveFrom: v.effectiveFrom,
          source: v.source.trim(),
          rules: { ...r, amountsFen: Object.fromEntries(Object.entries(amounts).map(([tier, xs]) => [tier, xs.map((y) => Math.round((y ?? 0) * 100))])) },
        },
      }),
    onSuccess: async () => {
      message.success(t('scheme.published'));
      await client.invalidateQueries({ queryKey: ['subsidies', 'scheme'] });
      onDone();
    },
  });
  return (
    <Card size="small" style={{ marginBottom: 16, borderColor: '#0b5cad' }} title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('scheme.newTitle', { version: base.version })}</h2>}>
      <ErrorAlert error={publish.error} />
      <Form layout="vertical" initialValues={{ effectiveFrom: today() }} onFinish={(v) => publish.mutate(v)}>
        <Table
          size="small"
          rowKey="tier"
          pagination={false}
          scroll={{ x: 480 }}
          style={{ marginBottom: 12 }}
          dataSource={r.eligibleTiers.map((tier) => ({ tier }))}
          columns={[
            { title: t('scheme.tier'), dataIndex: 'tier', render: (x: number) => t('scheme.tierName', { tier: x }) },
            ...r.bandYears.map((_, i) => ({
              title: band(r.bandYears, i),
              key: `b${i}`,
              render: (_: unknown, row: { tier: number }) => (
                <InputNumber
                  aria-label={t('scheme.amountLabel', { tier: t('scheme.tierName', { tier: row.tier }), band: band(r.bandYears, i) })}
                  min={0}
                  max={100000}
                  step={10}
                  precision={2}
                  value={amounts[String(row.tier)][i]}
                  onChange={(y) => setAmounts((a) => ({ ...a, [String(row.tier)]: a[String(row.tier)].map((x, j) => (j === i ? y : x)) }))}
                  style={{ width: 130 }}
                />
              ),
            })),
          ]}
        />
        <Typography.Paragraph type="secondary">{t('scheme.amountsHelp')}</Typography.Paragraph>
        <Space wrap align="start">
          <Form.Item name="effectiveFrom" label={t('scheme.effectiveFrom')} rules={[{ required: true }]} extra={t('scheme.pastHelp')}>
            <Input type="date" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="source" label={t('scheme.source')} rules={[{ required: true, whitespace: true, message: t('scheme.sourceRequired') }]} style={{ minWidth: 320 }}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Space>
        <Space>
          <Button type="primary" htmlType="submit" loading={publish.isPending}>
            {t('scheme.publish')}
          </Button>
          <Button onClick={onDone}>{t('common:actions.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
