import { PaperClipOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, download } from '../../api';
import { PageTitle } from '../../components/PageTitle';
import { ErrorAlert, QueryState } from '../../components/States';
import { fmtDate, fmtTime } from '../../format';
import type { Cycle } from './useMyCycle';

export interface AppealView {
  id: string;
  status: 'open' | 'upheld' | 'amended';
  reasons: string;
  filedAt: string;
  appealDeadline: string;
  decideBy: string;
  decidedAt: string | null;
  decisionReason: string | null;
  overdue: boolean;
  version: number;
  attachments: { id: string; filename: string; size: number }[];
}
interface MyMove {
  cycleId: string;
  move: { moveId: string; fromSchoolId: string; toSchoolId: string; effectiveDate: string; toldOn: string; schools: Record<string, string> } | null;
  appealPeriod: { date: string; endsAt: string; assumed: boolean; workingDays: number; from: string; open: boolean } | null;
  appeals: AppealView[];
}

const STATUS_COLOR = { open: 'processing', upheld: 'default', amended: 'green' } as const;
/** What the rotation service takes as an attachment (it checks the bytes too). */
const ACCEPT = 'application/pdf,image/png,image/jpeg';

/**
 * A teacher's approved move and its appeal (issue #13): the move, the appeal period (its last working day,
 * ending 23:59 Asia/Shanghai), an appeal with reasons and files, and each appeal's status and decision. The
 * form stays open after the period so that a late appeal gets the service's own refusal with the date.
 */
export default function MyAppeals() {
  const { t } = useTranslation(['appeals', 'common']);
  const cycles = useQuery({
    queryKey: ['rotation', 'me', 'cycles', 'decided'],
    queryFn: async () => (await api<{ items: Cycle[] }>('rotation', '/me/cycles')).items.filter((c) => c.state === 'approved' || c.state === 'executed'),
  });
  // every appeal of mine, also one whose move an amendment has since cancelled (it is no longer "my move")
  const appeals = useQuery({ queryKey: ['rotation', 'me', 'appeals'], queryFn: () => api<{ items: AppealView[] }>('rotation', '/me/appeals') });
  return (
    <div style={{ maxWidth: 720 }}>
      <PageTitle>{t('mine.title')}</PageTitle>
      <QueryState query={cycles}>{(list) => (list.length === 0 ? <Empty description={t('mine.noCycle')} /> : list.map((c) => <CycleMove key={c.id} cycle={c} />))}</QueryState>
      <QueryState query={appeals}>
        {(a) =>
          a.items.length > 0 ? (
            <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('mine.myAppeals')}</h2>}>
              <Appeals appeals={[...a.items].sort((x, y) => y.filedAt.localeCompare(x.filedAt))} />
            </Card>
          ) : null
        }
      </QueryState>
    </div>
  );
}

function CycleMove({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation(['appeals', 'common']);
  const mine = useQuery({ queryKey: ['rotation', 'me', 'move', cycle.id], queryFn: () => api<MyMove>('rotation', `/cycles/${cycle.id}/me/move`) });
  // the confirmation outlives the form, which gives way to the open appeal once it is filed
  const [filed, setFiled] = useState<AppealView | null>(null);
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('mine.cycle', { year: cycle.schoolYear })}</h2>} style={{ marginBottom: 12 }}>
      <QueryState query={mine}>
        {(m) =>
          !m.move ? (
            <Typography.Paragraph>{t('mine.noMove', { year: cycle.schoolYear })}</Typography.Paragraph>
          ) : (
            <>
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label={t('mine.from')}>{m.move.schools[m.move.fromSchoolId] ?? m.move.fromSchoolId}</Descriptions.Item>
                <Descriptions.Item label={t('mine.to')}>{m.move.schools[m.move.toSchoolId] ?? m.move.toSchoolId}</Descriptions.Item>
                <Descriptions.Item label={t('mine.effective')}>{fmtDate(m.move.effectiveDate)}</Descriptions.Item>
                <Descriptions.Item label={t('mine.toldOn')}>{fmtDate(m.move.toldOn)}</Descriptions.Item>
              </Descriptions>
              {m.appealPeriod && <Period period={m.appealPeriod} />}
              {filed && <Alert type="success" showIcon role="status" title={t('mine.filed', { at: fmtTime(filed.filedAt), date: fmtDate(filed.decideBy) })} style={{ margin: '8px 0' }} />}
              {!m.appeals.some((a) => a.status === 'open') && <FileAppeal cycleId={cycle.id} onFiled={setFiled} />}
            </>
          )
        }
      </QueryState>
    </Card>
  );
}

function Period({ period }: { period: NonNullable<MyMove['appealPeriod']> }) {
  const { t } = useTranslation('appeals');
  return (
    <div style={{ margin: '12px 0' }}>
      <Space wrap>
        <Tag color={period.open ? 'blue' : 'default'}>{period.open ? t('mine.open') : t('mine.closed')}</Tag>
        <Typography.Text strong>{t('mine.deadline', { date: fmtDate(period.date) })}</Typography.Text>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
        {period.open ? t('mine.deadlineHelp', { days: period.workingDays }) : t('mine.closedHelp', { date: fmtDate(period.date) })}
      </Typography.Paragraph>
      {period.assumed && <Alert type="warning" showIcon title={t('mine.assumed')} style={{ marginTop: 6 }} />}
    </div>
  );
}

function Appeals({ appeals }: { appeals: AppealView[] }) {
  const { t } = useTranslation('appeals');
  return (
    <section aria-label={t('mine.myAppeals')}>
      <List
        dataSource={appeals}
        renderItem={(a) => (
          <List.Item style={{ display: 'block' }}>
            <Space wrap>
              <Tag color={STATUS_COLOR[a.status]}>{t(`statuses.${a.status}`)}</Tag>
              <span>
                {t('mine.filedAt')}: {fmtTime(a.filedAt)}
              </span>
              {a.status === 'open' && (
                <span>
                  {t('mine.decideBy')}: {fmtDate(a.decideBy)} 23:59
                </span>
              )}
            </Space>
            <Typography.Paragraph style={{ margin: '6px 0', whiteSpace: 'pre-line' }}>
              <Typography.Text type="secondary">{t('mine.reasonsShown')}: </Typography.Text>
              {a.reasons}
            </Typography.Paragraph>
            {a.decidedAt && (
              <Alert
                type={a.status === 'amended' ? 'success' : 'info'}
                showIcon
                title={`${t('mine.decision')}: ${t(`statuses.${a.status}`)} · ${fmtTime(a.decidedAt)}`}
                description={a.decisionReason ? `${t('mine.decisionReason')}: ${a.decisionReason}` : undefined}
                style={{ marginBottom: 6 }}
              />
            )}
            <Attachments appeal={a} />
          </List.Item>
        )}
      />
    </section>
  );
}

function Attachments({ appeal }: { appeal: AppealView }) {
  const { t } = useTranslation('appeals');
  const client = useQueryClient();
  const upload = useMutation({
    mutationFn: (file: File) => api<{ filename: string }>('rotation', `/appeals/${appeal.id}/attachments?filename=${encodeURIComponent(file.name)}`, { method: 'POST', file: { bytes: file, contentType: file.type || 'application/octet-stream' } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['rotation', 'me'] }),
  });
  const [error, setError] = useState<unknown>(null);
  return (
    <div>
      <Typography.Text type="secondary">{t('mine.attachments')}: </Typography.Text>
      {appeal.attachments.length === 0 ? (
        <Typography.Text type="secondary">{t('mine.noAttachments')}</Typography.Text>
      ) : (
        <Space wrap>
          {appeal.attachments.map((f) => (
            <Button key={f.id} size="small" type="link" icon={<PaperClipOutlined />} aria-label={t('mine.download', { name: f.filename })} onClick={() => download('rotation', `/appeals/${appeal.id}/attachments/${f.id}`, f.filename).catch(setError)}>
              {f.filename}
            </Button>
          ))}
        </Space>
      )}
      {appeal.status === 'open' && (
        <div style={{ marginTop: 6 }}>
          <label style={{ display: 'block' }}>
            <span style={{ display: 'block', marginBottom: 4 }}>{t('mine.attach')}</span>
            <input
              type="file"
              accept={ACCEPT}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) upload.mutate(file);
                e.target.value = '';
              }}
            />
          </label>
          {upload.isSuccess && <Alert type="success" showIcon role="status" title={t('mine.attached', { name: upload.data.filename })} style={{ marginTop: 6 }} />}
        </div>
      )}
      <ErrorAlert error={upload.error ?? error} />
    </div>
  );
}

function FileAppeal({ cycleId, onFiled }: { cycleId: string; onFiled: (a: AppealView) => void }) {
  const { t } = useTranslation('appeals');
  const client = useQueryClient();
  const [form] = Form.useForm();
  const file = useMutation({
    mutationFn: (reasons: string) => api<AppealView>('rotation', `/cycles/${cycleId}/me/appeals`, { method: 'POST', body: { reasons } }),
    onSuccess: async (a) => {
      form.resetFields();
      onFiled(a);
      await client.invalidateQueries({ queryKey: ['rotation', 'me'] });
    },
  });
  return (
    <section aria-label={t('mine.file')} style={{ marginTop: 12 }}>
      <h3 style={{ fontSize: 15 }}>{t('mine.file')}</h3>
      <Typography.Paragraph type="secondary">{t('mine.reasonsHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => file.mutate(v.reasons)} onValuesChange={() => file.reset()}>
        <Form.Item name="reasons" label={t('mine.reasons')} rules={[{ required: true, whitespace: true, message: t('mine.reasonsRequired') }, { max: 4000 }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
        <ErrorAlert error={file.error} />
        <Button type="primary" htmlType="submit" block loading={file.isPending}>
          {t('mine.submit')}
        </Button>
      </Form>
    </section>
  );
}
