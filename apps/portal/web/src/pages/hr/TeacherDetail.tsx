import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../api';
import { ErrorAlert, QueryState } from '../../components/States';
import { APPOINTMENT_KINDS, APPOINTMENT_ROLES } from '../../domain';
import { fmtDate, today } from '../../format';
import { useCounty } from '../../session';
import { PageTitle } from '../../components/PageTitle';
import { SubsidyStatement } from '../shared/SubsidyStatement';
import { TrainingRecord } from '../shared/TrainingRecord';

type Action = { kind: 'create' } | { kind: 'end'; appointment: any } | { kind: 'correct'; appointment: any } | null;

/** A teacher's record and full history; HR appoints, ends and corrects appointments here, and reads the teacher's living subsidy and training record. */
export default function TeacherDetail() {
  const { id } = useParams();
  const { t } = useTranslation(['hr', 'common']);
  const teacher = useQuery({ queryKey: ['staffing', 'teacher', id], queryFn: () => api('staffing', `/teachers/${id}`) });
  const history = useQuery({ queryKey: ['staffing', 'teacher', id, 'appointments'], queryFn: () => api('staffing', `/teachers/${id}/appointments`) });
  const [action, setAction] = useState<Action>(null);
  const rows = history.data ? [...history.data.upcoming.map((a: any) => ({ ...a, when: 'upcoming' })), ...history.data.current.map((a: any) => ({ ...a, when: 'current' })), ...[...history.data.past].reverse().map((a: any) => ({ ...a, when: 'past' }))] : [];
  return (
    <QueryState query={teacher}>
      {(tr: any) => (
        <>
          <PageTitle>
            {tr.name} <Typography.Text type="secondary">{tr.staffNo}</Typography.Text>
          </PageTitle>
          <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('teachers.gender')}>{t(`common:gender.${tr.gender}`)}</Descriptions.Item>
            <Descriptions.Item label={t('teachers.birthDate')}>{fmtDate(tr.birthDate)}</Descriptions.Item>
            <Descriptions.Item label={t('teachers.firstService')}>{fmtDate(tr.firstServiceDate)}</Descriptions.Item>
            <Descriptions.Item label={t('teachers.subjects')}>{tr.subjects.map((s: string) => t(`common:subjects.${s}`, { defaultValue: s })).join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('teachers.backbone')}>{t(`common:backbone.${tr.backboneLevel}`)}</Descriptions.Item>
            <Descriptions.Item label={t('teachers.title2')}>{tr.title ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Tabs
            items={[
              {
                key: 'history',
                label: t('teachers.historyTab'),
                children: (
          <Card
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('teachers.history')}</h2>}
            extra={
              <Button type="primary" onClick={() => setAction({ kind: 'create' })}>
                {t('appointments.create')}
              </Button>
            }
          >
            <QueryState query={history}>
              {() => (
                <Table
                  size="small"
                  rowKey="id"
                  dataSource={rows}
                  pagination={false}
                  columns={[
                    { title: t('appointments.when'), dataIndex: 'when', render: (w: string) => <Tag color={w === 'current' ? 'green' : w === 'upcoming' ? 'blue' : 'default'}>{t(`appointments.${w}`)}</Tag> },
                    { title: t('appointments.school'), dataIndex: 'schoolName' },
                    { title: t('common:kind'), dataIndex: 'kind', render: (x: string) => t(`common:kinds.${x}`) },
                    { title: t('common:role'), dataIndex: 'role', render: (x: string) => t(`common:appointmentRoles.${x}`) },
                    { title: t('appointments.share'), dataIndex: 'workloadShare' },
                    { title: t('appointments.start'), dataIndex: 'startDate', render: fmtDate },
                    { title: t('appointments.end'), dataIndex: 'endDate', render: fmtDate },
                    {
                      title: t('appointments.actions'),
                      key: 'actions',
                      render: (_: unknown, a: any) => (
                        <Space>
                          {!a.endDate && (
                            <Button size="small" onClick={() => setAction({ kind: 'end', appointment: a })}>
                              {t('appointments.endAction')}
                            </Button>
                          )}
                          <Button size="small" onClick={() => setAction({ kind: 'correct', appointment: a })}>
                            {t('appointments.correctAction')}
                          </Button>
                        </Space>
                      ),
                    },
                  ]}
                />
              )}
            </QueryState>
          </Card>
                ),
              },
              {
                key: 'subsidy',
                label: t('teachers.subsidyTab'),
                children: (
                  <Suspense fallback={<Skeleton active />}>
                    <SubsidyStatement teacherId={tr.id} />
                  </Suspense>
                ),
              },
              {
                key: 'training',
                label: t('teachers.trainingTab'),
                children: (
                  <Suspense fallback={<Skeleton active />}>
                    <TrainingRecord teacherId={tr.id} />
                  </Suspense>
                ),
              },
            ]}
          />
          {action && <AppointmentModal teacherId={tr.id} action={action} onClose={() => setAction(null)} />}
        </>
      )}
    </QueryState>
  );
}

function AppointmentModal({ teacherId, action, onClose }: { teacherId: string; action: NonNullable<Action>; onClose: () => void }) {
  const { t } = useTranslation(['hr', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const { county } = useCounty();
  const [form] = Form.useForm();
  const schools = useQuery({ queryKey: ['staffing', 'schools', county, 'all'], queryFn: () => api<{ items: any[] }>('staffing', `/schools?countyCode=${county}&limit=500`), enabled: action.kind !== 'end' });
  const [schoolId, setSchoolId] = useState<string | undefined>(action.kind === 'correct' ? action.appointment.schoolId : undefined);
  const posts = useQuery({ queryKey: ['staffing', 'vacancies', schoolId], queryFn: () => api('staffing', `/schools/${schoolId}/vacancies`), enabled: !!schoolId && action.kind !== 'end' });
  const save = useMutation({
    mutationFn: async (v: any) => {
      const blank = (x: unknown) => (x === '' || x === undefined ? undefined : x);
      if (action.kind === 'create') {
        return api('staffing', '/appointments', { method: 'POST', body: { teacherId, schoolId: v.schoolId, postId: v.postId ?? null, kind: v.kind, role: v.role, workloadShare: v.workloadShare, startDate: v.startDate, endDate: blank(v.endDate) ?? null, reason: blank(v.reason) ?? null } });
      }
      if (action.kind === 'end') return api('staffing', `/appointments/${action.appointment.id}/end`, { method: 'POST', body: { endDate: v.endDate, reason: v.reason, version: action.appointment.version } });
      const changes: Record<string, unknown> = {};
      for (const k of ['schoolId', 'kind', 'role', 'workloadShare', 'startDate'] as const) if (blank(v[k]) !== undefined && v[k] !== action.appointment[k]) changes[k] = v[k];
      if (v.postId !== undefined && v.postId !== action.appointment.postId) changes.postId = v.postId ?? null;
      return api('staffing', `/appointments/${action.appointment.id}/corrections`, { method: 'POST', body: { version: action.appointment.version, reason: v.reason, ...changes } });
    },
    onSuccess: async () => {
      message.success(t(`appointments.done.${action.kind}`));
      await client.invalidateQueries({ queryKey: ['staffing', 'teacher', teacherId] });
      onClose();
    },
  });
  const a = action.kind === 'create' ? null : action.appointment;
  const initial = action.kind === 'create' ? { kind: 'regular', role: 'teacher', workloadShare: 1, startDate: today() } : action.kind === 'end' ? { endDate: today() } : { schoolId: a.schoolId, postId: a.postId, kind: a.kind, role: a.role, workloadShare: a.workloadShare, startDate: a.startDate };
  return (
    <Modal open title={t(`appointments.modal.${action.kind}`)} onCancel={onClose} onOk={() => form.submit()} okText={t('common:actions.save')} cancelText={t('common:actions.cancel')} confirmLoading={save.isPending} destroyOnHidden>
      {a && (
        <Typography.Paragraph type="secondary">
          {a.schoolName} · {fmtDate(a.startDate)} – {fmtDate(a.endDate)}
        </Typography.Paragraph>
      )}
      <ErrorAlert error={save.error} />
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        {action.kind !== 'end' && (
          <>
            <Form.Item name="schoolId" label={t('appointments.school')} rules={[{ required: action.kind === 'create' }]}>
              <Select showSearch optionFilterProp="label" loading={schools.isLoading} onChange={setSchoolId} options={(schools.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))} />
            </Form.Item>
            <Form.Item name="postId" label={t('appointments.post')}>
              <Select
                allowClear
                options={(posts.data?.posts ?? []).map((p: any) => ({
                  value: p.postId,
                  label: `${p.subjectCode ? t(`common:subjects.${p.subjectCode}`, { defaultValue: p.subjectCode }) : t(`common:postCategories.${p.category}`)} · ${t('appointments.postPlaces', { filled: p.filled, quota: p.quota })}`,
                }))}
              />
            </Form.Item>
            <Space wrap>
              <Form.Item name="kind" label={t('common:kind')} rules={[{ required: true }]}>
                <Select style={{ width: 150 }} options={APPOINTMENT_KINDS.map((k) => ({ value: k, label: t(`common:kinds.${k}`) }))} />
              </Form.Item>
              <Form.Item name="role" label={t('common:role')} rules={[{ required: true }]}>
                <Select style={{ width: 150 }} options={APPOINTMENT_ROLES.map((k) => ({ value: k, label: t(`common:appointmentRoles.${k}`) }))} />
              </Form.Item>
              <Form.Item name="workloadShare" label={t('appointments.share')} rules={[{ required: true }]}>
                <InputNumber min={0.001} max={1} step={0.1} />
              </Form.Item>
            </Space>
            <Form.Item name="startDate" label={t('appointments.start')} rules={[{ required: action.kind === 'create' }]}>
              <Input type="date" />
            </Form.Item>
          </>
        )}
        {action.kind !== 'correct' && (
          <Form.Item name="endDate" label={t('appointments.end')} rules={[{ required: action.kind === 'end' }]}>
            <Input type="date" />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('appointments.reason')} rules={[{ required: action.kind !== 'create', whitespace: true }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
