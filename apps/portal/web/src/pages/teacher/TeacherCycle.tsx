import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Form, Input, List, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ErrorAlert, QueryState } from '../../components/States';
import { daysUntil, fmtDate, fmtNumber, fmtTime, inLanguage } from '../../format';
import { useMyCycle, type Cycle } from './useMyCycle';
import { PageTitle } from '../../components/PageTitle';

/** The rotation service accepts at most this many ranked schools (MAX_PREFERENCES). */
const MAX_PREFERENCES = 10;

interface Status {
  status: 'mandatory' | 'eligible' | 'exempt' | 'not_eligible';
  reasons: string[];
  yearsAtSchool: number;
  points: { total: number; breakdown: { factor: string; value: number; points: number }[] };
}
type Words = { zh: string; en: string };
interface Hint {
  schoolId: string;
  schoolName: string | null;
  level: 'likely' | 'possible' | 'unlikely';
  listedRank: number | null;
  suggested: boolean;
  explanation: Words;
}
interface Hints {
  available: boolean;
  computedAt: string | null;
  summary: Words | null;
  note: Words | null;
  disclaimer: Words;
  hints: Hint[];
}
const LEVEL_COLOR = { likely: 'green', possible: 'gold', unlikely: 'default' } as const;

/** The teacher's achievable-school hints while preferences are collected (computed nightly by rotation). */
function useHints(cycle: Cycle, enabled: boolean) {
  return useQuery({ queryKey: ['rotation', 'me', 'hints', cycle.id], queryFn: () => api<Hints>('rotation', `/cycles/${cycle.id}/me/hints`), enabled });
}

interface School {
  schoolId: string;
  name: string | null;
  type: string;
  districtCode: string | null;
  rural: boolean;
  weak: boolean;
}

export default function TeacherCycle() {
  const { t } = useTranslation(['teacher', 'common']);
  const cycle = useMyCycle();
  return (
    <div style={{ maxWidth: 720 }}>
      <PageTitle>
        {t('cycle.title')}
      </PageTitle>
      <QueryState query={cycle}>{(c) => (c ? <CycleView cycle={c} /> : <Empty description={t('home.noCycle')} />)}</QueryState>
    </div>
  );
}

function CycleView({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation(['teacher', 'common']);
  const status = useQuery({ queryKey: ['rotation', 'me', 'status', cycle.id], queryFn: () => api<Status>('rotation', `/cycles/${cycle.id}/me/status`) });
  const collecting = cycle.state === 'collecting' && (!cycle.preferenceDeadline || daysUntil(cycle.preferenceDeadline) >= 0);
  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Tag color="processing">{t(`common:cycleStates.${cycle.state}`)}</Tag>
          <span>{t('cycle.schoolYear', { year: cycle.schoolYear })}</span>
          <span>{t('cycle.effective', { date: fmtDate(cycle.effectiveDate) })}</span>
        </Space>
        {cycle.preferenceDeadline && (
          <div style={{ marginTop: 8 }} aria-live="polite">
            <Typography.Text strong>
              {daysUntil(cycle.preferenceDeadline) >= 0 ? t('cycle.daysLeft', { count: daysUntil(cycle.preferenceDeadline), date: fmtDate(cycle.preferenceDeadline) }) : t('cycle.deadlinePassed', { date: fmtDate(cycle.preferenceDeadline) })}
            </Typography.Text>
          </div>
        )}
      </Card>
      <QueryState query={status}>
        {(s) => (
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('cycle.myStatus')}</h2>} style={{ marginBottom: 12 }}>
            <Tag color={s.status === 'mandatory' ? 'red' : s.status === 'eligible' ? 'green' : s.status === 'exempt' ? 'gold' : 'default'} style={{ fontSize: 14, padding: '2px 8px' }}>
              {t(`cycle.status.${s.status}`)}
            </Tag>
            <Typography.Paragraph style={{ marginTop: 8 }}>{t(`cycle.statusWhy.${s.status}`)}</Typography.Paragraph>
            <ul aria-label={t('cycle.reasons')}>
              {s.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
            <Statistic title={t('cycle.points')} value={fmtNumber(s.points.total, 2)} />
            <Table
              size="small"
              pagination={false}
              rowKey="factor"
              style={{ marginTop: 8 }}
              dataSource={s.points.breakdown}
              columns={[
                { title: t('cycle.factor'), dataIndex: 'factor', render: (f: string) => t(`cycle.factors.${f.replace(/[^a-z]+/gi, '_')}`, { defaultValue: f }) },
                { title: t('cycle.value'), dataIndex: 'value', render: (v: number) => fmtNumber(v, 2) },
                { title: t('cycle.pointsColumn'), dataIndex: 'points', render: (v: number) => fmtNumber(v, 2) },
              ]}
            />
          </Card>
        )}
      </QueryState>
      <Preferences cycle={cycle} open={collecting} />
      {cycle.state === 'collecting' && <HintsCard cycle={cycle} />}
      {(cycle.state === 'draft' || cycle.state === 'collecting') && <CorrectionRequest cycle={cycle} />}
    </>
  );
}

function Preferences({ cycle, open }: { cycle: Cycle; open: boolean }) {
  const { t } = useTranslation(['teacher', 'common']);
  const client = useQueryClient();
  const saved = useQuery({ queryKey: ['rotation', 'me', 'preferences', cycle.id], queryFn: () => api<{ schoolIds: string[]; submittedAt: string | null }>('rotation', `/cycles/${cycle.id}/me/preferences`) });
  const schools = useQuery({ queryKey: ['rotation', 'me', 'schools', cycle.id], queryFn: () => api<{ items: School[] }>('rotation', `/cycles/${cycle.id}/me/schools`) });
  const [ranked, setRanked] = useState<string[] | null>(null);
  const [confirmation, setConfirmation] = useState<{ at: string; count: number } | null>(null);
  useEffect(() => {
    if (saved.data && ranked === null) setRanked(saved.data.schoolIds);
  }, [saved.data, ranked]);
  const byId = useMemo(() => new Map((schools.data?.items ?? []).map((s) => [s.schoolId, s])), [schools.data]);
  const hints = useHints(cycle, cycle.state === 'collecting');
  const hintOf = useMemo(() => new Map((hints.data?.available ? hints.data.hints : []).map((h) => [h.schoolId, h])), [hints.data]);
  const save = useMutation({
    mutationFn: (schoolIds: string[]) => api<{ schoolIds: string[]; submittedAt: string }>('rotation', `/cycles/${cycle.id}/me/preferences`, { method: 'PUT', body: { schoolIds } }),
    onSuccess: (r) => {
      setConfirmation({ at: r.submittedAt, count: r.schoolIds.length });
      client.setQueryData(['rotation', 'me', 'preferences', cycle.id], r);
    },
  });
  const list = ranked ?? [];
  const dirty = saved.data ? JSON.stringify(saved.data.schoolIds) !== JSON.stringify(list) : false;
  const move = (i: number, d: -1 | 1) => {
    const next = [...list];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    setRanked(next);
    setConfirmation(null);
  };
  const label = (id: string) => {
    const s = byId.get(id);
    return s ? `${s.name ?? id}` : id;
  };
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('prefs.title', { max: MAX_PREFERENCES })}</h2>} style={{ marginBottom: 12 }}>
      {!open && <Alert type="info" showIcon title={t('prefs.closed')} style={{ marginBottom: 8 }} />}
      <QueryState query={saved}>
        {(s) => (
          <>
            {s.submittedAt && !confirmation && <Typography.Paragraph type="secondary">{t('prefs.lastSaved', { at: fmtTime(s.submittedAt) })}</Typography.Paragraph>}
            {list.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prefs.none')} />
            ) : (
              <div role="region" aria-label={t('prefs.listLabel')}>
              <List
                dataSource={list}
                renderItem={(id, i) => (
                  <List.Item
                    actions={
                      open
                        ? [
                            <Button key="up" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('prefs.up', { name: label(id) })} />,
                            <Button key="down" size="small" icon={<ArrowDownOutlined />} disabled={i === list.length - 1} onClick={() => move(i, 1)} aria-label={t('prefs.down', { name: label(id) })} />,
                            <Button key="rm" size="small" danger icon={<DeleteOutlined />} onClick={() => setRanked(list.filter((x) => x !== id))} aria-label={t('prefs.remove', { name: label(id) })} />,
                          ]
                        : []
                    }
                  >
                    <Space>
                      <Tag color="blue">{i + 1}</Tag>
                      <span>{label(id)}</span>
                      {byId.get(id)?.rural && <Tag>{t('common:flags.rural')}</Tag>}
                      {byId.get(id)?.weak && <Tag>{t('common:flags.weak')}</Tag>}
                      {hintOf.get(id) && (
                        <Tag color={LEVEL_COLOR[hintOf.get(id)!.level]}>
                          {t(`hints.levels.${hintOf.get(id)!.level}`)}
                        </Tag>
                      )}
                    </Space>
                  </List.Item>
                )}
              />
              </div>
            )}
            {open && (
              <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
                <Select
                  showSearch
                  aria-label={t('prefs.add')}
                  placeholder={list.length >= MAX_PREFERENCES ? t('prefs.full', { max: MAX_PREFERENCES }) : t('prefs.add')}
                  disabled={list.length >= MAX_PREFERENCES}
                  value={null}
                  style={{ width: '100%' }}
                  optionFilterProp="label"
                  loading={schools.isLoading}
                  options={(schools.data?.items ?? []).filter((x) => !list.includes(x.schoolId)).map((x) => ({ value: x.schoolId, label: x.name ?? x.schoolId }))}
                  onChange={(v: string) => {
                    setRanked([...list, v]);
                    setConfirmation(null);
                  }}
                />
                <Typography.Text type="secondary">{t('prefs.count', { count: list.length, max: MAX_PREFERENCES })}</Typography.Text>
                <ErrorAlert error={save.error} />
                {confirmation && !dirty && (
                  <Alert type="success" showIcon role="status" title={t('prefs.saved', { count: confirmation.count })} description={t('prefs.savedAt', { at: fmtTime(confirmation.at) })} />
                )}
                <Button type="primary" block disabled={!dirty && s.submittedAt !== null} loading={save.isPending} onClick={() => save.mutate(list)}>
                  {t('prefs.save')}
                </Button>
              </Space>
            )}
          </>
        )}
      </QueryState>
    </Card>
  );
}

/**
 * For each ranked school and a few suggestions: likely / possible / unlikely, why in plain words (the
 * service's own sentence, in the reader's language), when it was computed, and that it is not a promise.
 */
function HintsCard({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation('teacher');
  const hints = useHints(cycle, true);
  const row = (h: Hint) => (
    <List.Item key={h.schoolId} style={{ display: 'block' }}>
      <Space wrap>
        <Tag color={h.suggested ? 'purple' : 'blue'}>{h.suggested ? t('hints.suggested') : t('hints.listed', { rank: h.listedRank })}</Tag>
        <Typography.Text strong>{h.schoolName ?? h.schoolId}</Typography.Text>
        <Tag color={LEVEL_COLOR[h.level]}>{t(`hints.levels.${h.level}`)}</Tag>
      </Space>
      <Typography.Paragraph style={{ margin: '4px 0 0' }}>{inLanguage(h.explanation)}</Typography.Paragraph>
    </List.Item>
  );
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('hints.title')}</h2>} style={{ marginBottom: 12 }}>
      <QueryState query={hints}>
        {(h) => (
          <>
            <Alert type="warning" showIcon title={t('hints.notPromise')} description={inLanguage(h.disclaimer)} style={{ marginBottom: 8 }} />
            {h.computedAt && <Typography.Paragraph type="secondary">{t('hints.computedAt', { at: fmtTime(h.computedAt) })}</Typography.Paragraph>}
            {h.note && <Alert type="info" showIcon title={inLanguage(h.note)} style={{ marginBottom: 8 }} />}
            {h.summary && <Typography.Paragraph>{inLanguage(h.summary)}</Typography.Paragraph>}
            {h.available && h.hints.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hints.none')} />}
            {h.hints.some((x) => !x.suggested) && <List dataSource={h.hints.filter((x) => !x.suggested).sort((a, b) => (a.listedRank ?? 0) - (b.listedRank ?? 0))} renderItem={row} />}
            {h.hints.some((x) => x.suggested) && (
              <section aria-label={t('hints.suggestions')}>
                <h3 style={{ fontSize: 15, marginTop: 12 }}>{t('hints.suggestions')}</h3>
                <List dataSource={h.hints.filter((x) => x.suggested)} renderItem={row} />
              </section>
            )}
          </>
        )}
      </QueryState>
    </Card>
  );
}

function CorrectionRequest({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation('teacher');
  const [form] = Form.useForm();
  const send = useMutation({
    mutationFn: (message: string) => api<{ id: string; createdAt: string }>('rotation', `/cycles/${cycle.id}/me/point-corrections`, { method: 'POST', body: { message } }),
    onSuccess: () => form.resetFields(),
  });
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('correction.title')}</h2>}>
      <Typography.Paragraph type="secondary">{t('correction.help')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => send.mutate(v.message)}>
        <Form.Item name="message" label={t('correction.message')} rules={[{ required: true, whitespace: true, message: t('correction.required') }, { max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <ErrorAlert error={send.error} />
        {send.isSuccess && <Alert type="success" showIcon role="status" title={t('correction.sent', { at: fmtTime(send.data.createdAt) })} style={{ marginBottom: 8 }} />}
        <Button htmlType="submit" loading={send.isPending}>
          {t('correction.send')}
        </Button>
      </Form>
    </Card>
  );
}
