import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ApiError } from '../../api';
import { ErrorAlert } from '../../components/States';
import { IMPORT_KINDS, IMPORTS, type ImportKind } from '../../domain';
import { useCounty } from '../../session';
import { PageTitle } from '../../components/PageTitle';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface RowError {
  row: number;
  column: string | null;
  message: string;
}

/**
 * Spreadsheet imports (staffing's schools, headcounts, teachers and pairings; training's activities and
 * attendance): the file is checked first (a dry run writes nothing) and every problem is shown with its
 * row and column; only a clean file can then be imported. `?kind=attendance` opens one kind.
 */
export default function Imports() {
  const { t } = useTranslation(['hr', 'common']);
  const { county } = useCounty();
  const [params] = useSearchParams();
  const asked = params.get('kind');
  const [kind, setKind] = useState<ImportKind>(asked && asked in IMPORTS ? (asked as ImportKind) : 'teachers');
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<{ name: string; summary: any } | null>(null);
  const send = (dryRun: boolean) => {
    const contentType = file!.name.toLowerCase().endsWith('.csv') ? 'text/csv' : XLSX;
    const target = IMPORTS[kind];
    return api(target.service, `${target.path}?countyCode=${county}&dryRun=${dryRun}`, { method: 'POST', file: { bytes: file!, contentType } });
  };
  const check = useMutation({ mutationFn: () => send(true), onSuccess: (summary) => setChecked({ name: file!.name, summary }) });
  const run = useMutation({ mutationFn: () => send(false) });
  // STAFFING.IMPORT_REJECTED, TRAINING.IMPORT_REJECTED: every problem with its row and column
  const rejected = check.error instanceof ApiError && check.error.code?.endsWith('.IMPORT_REJECTED') ? ((check.error.details?.errors as RowError[]) ?? []) : null;
  const reset = () => {
    setChecked(null);
    check.reset();
    run.reset();
  };
  return (
    <>
      <PageTitle>
        {t('imports.title')}
      </PageTitle>
      <Card>
        <Typography.Paragraph>{t('imports.help')}</Typography.Paragraph>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <label htmlFor="import-kind">{t('imports.kind')}</label>
            <Select
              id="import-kind"
              value={kind}
              style={{ width: 240 }}
              onChange={(v) => {
                setKind(v);
                reset();
              }}
              options={(['staffing', 'training'] as const).map((service) => ({
                label: t(`imports.groups.${service}`),
                options: IMPORT_KINDS.filter((k) => IMPORTS[k].service === service).map((k) => ({ value: k, label: t(`imports.kinds.${k}`) })),
              }))}
            />
          </Space>
          <Typography.Text type="secondary">{t(`imports.columns.${kind}`)}</Typography.Text>
          <div>
            <label htmlFor="import-file">{t('imports.file')}</label>{' '}
            <input
              id="import-file"
              type="file"
              accept=".xlsx,.csv"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                reset();
              }}
            />
          </div>
          <Space>
            <Button disabled={!file} loading={check.isPending} onClick={() => check.mutate()}>
              {t('imports.check')}
            </Button>
            <Button type="primary" disabled={!checked || checked.name !== file?.name || run.isSuccess} loading={run.isPending} onClick={() => run.mutate()}>
              {t('imports.run')}
            </Button>
          </Space>
        </Space>
      </Card>
      <div style={{ marginTop: 16 }}>
        {rejected ? (
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('imports.problems', { count: rejected.length })}</h2>}>
            <Alert type="error" showIcon role="alert" title={t('imports.nothingWritten')} description={(check.error as ApiError).message} style={{ marginBottom: 12 }} />
            <Table
              size="small"
              rowKey={(r) => `${r.row}-${r.column}-${r.message}`}
              dataSource={rejected}
              pagination={{ pageSize: 50, showSizeChanger: false }}
              columns={[
                { title: t('imports.row'), dataIndex: 'row' },
                { title: t('imports.column'), dataIndex: 'column', render: (c: string | null) => c ?? '—' },
                { title: t('imports.message'), dataIndex: 'message' },
              ]}
            />
          </Card>
        ) : (
          <ErrorAlert error={check.error} />
        )}
        {checked && !run.isSuccess && (
          <Alert type="success" showIcon role="status" title={t('imports.clean', { rows: checked.summary.rows })} description={<Summary written={checked.summary.written} />} />
        )}
        <ErrorAlert error={run.error} />
        {run.isSuccess && <Alert type="success" showIcon role="status" title={t('imports.done', { rows: (run.data as any).rows })} description={<Summary written={(run.data as any).written} />} />}
      </div>
    </>
  );
}

function Summary({ written }: { written: Record<string, number> }) {
  const { t } = useTranslation('hr');
  return (
    <Descriptions size="small" column={1}>
      {Object.entries(written).map(([k, v]) => (
        <Descriptions.Item key={k} label={t(`imports.written.${k}`, { defaultValue: k })}>
          {v}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
