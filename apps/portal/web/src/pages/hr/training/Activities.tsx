import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../api';
import { PageTitle } from '../../../components/PageTitle';
import { ErrorAlert, QueryState } from '../../../components/States';
import { useCounties } from '../../../counties';
import { ACTIVITY_KINDS, CREDIT_CATEGORIES, ORGANISERS, TARGET_TYPES } from '../../../domain';
import { fmtDate, fmtDay, today } from '../../../format';
import { useCounty } from '../../../session';
import { fmtHours } from '../../shared/training-words';

interface Activity {
  id: string;
  code: string;
  title: string;
  kind: string;
  organiser: string;
  category: string;
  startDate: string;
  endDate: string;
  fullDays: number;
  halfDays: number;
  periods: number;
  creditHours: number;
  target: { type: string; districtCode: string | null; schoolIds: string[] };
  researcherId: string | null;
  schoolId: string | null;
  confirmedAt: string | null;
  version: number;
}
interface AttendanceRow {
  teacherId: string;
  staffNo: string | null;
  name: string | null;
  status: string;
  hours: number;
  result: string | null;
  certificateNo: string | null;
}

const RESEARCHER_KINDS = new Set(['guidance_visit', 'stationing']);

/**
 * County HR: training activities (special trainings, open classes, regional research, researchers' visits
 * and stationing, courses) by kind and dates; creating one, or importing a sheet of them, and the
 * attendance of each (imported on the imports page with a dry run first).
 */
export default function Activities() {
  const { t } = useTranslation(['training', 'common']);
  const { county } = useCounty();
  const counties = useCounties();
  const navigate = useNavigate();
  const [kind, setKind] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<Activity | null>(null);
  const list = useQuery({
    queryKey: ['training', 'activities', county, kind, page],
    queryFn: () => api<{ items: Activity[]; total: number }>('training', `/activities?countyCode=${county}${kind ? `&kind=${kind}` : ''}&limit=20&offset=${(page - 1) * 20}`),
  });
  return (
    <>
      <PageTitle>{t('activities.title', { county: counties.name(county) })}</PageTitle>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="activity-kind">{t('activities.kind')}</label>
        <Select
          id="activity-kind"
          allowClear
          placeholder={t('activities.allKinds')}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          style={{ width: 220 }}
          options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        />
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('activities.create')}
        </Button>
        <Button icon={<UploadOutlined />} onClick={() => navigate('/hr/imports?kind=activities')}>
          {t('activities.import')}
        </Button>
        <Button icon={<UploadOutlined />} onClick={() => navigate('/hr/imports?kind=attendance')}>
          {t('activities.importAttendance')}
        </Button>
      </Space>
      <Card size="small">
        <QueryState query={list} empty={(d) => d.items.length === 0}>
          {(d) => (
            <Table
              size="small"
              rowKey="id"
              dataSource={d.items}
              scroll={{ x: 900 }}
              pagination={{ current: page, pageSize: 20, total: d.total, onChange: setPage, showSizeChanger: false }}
              columns={[
                { title: t('activities.code'), dataIndex: 'code' },
                { title: t('activities.name'), dataIndex: 'title', render: (v: string, a: Activity) => <Typography.Link onClick={() => setOpen(a)}>{v}</Typography.Link> },
                { title: t('activities.kind'), dataIndex: 'kind', render: (v: string) => t(`kinds.${v}`) },
                { title: t('activities.dates'), key: 'dates', render: (_: unknown, a: Activity) => (a.startDate === a.endDate ? fmtDate(a.startDate) : `${fmtDate(a.startDate)} – ${fmtDate(a.endDate)}`) },
                { title: t('activities.category'), dataIndex: 'category', render: (v: string) => t(`creditCategories.${v}`) },
                { title: t('activities.hours'), dataIndex: 'creditHours', align: 'right' as const, render: (v: number) => fmtHours(v) },
                { title: t('activities.target'), key: 'target', render: (_: unknown, a: Activity) => t(`targets.${a.target.type}`, { district: a.target.districtCode ?? '', n: a.target.schoolIds.length }) },
                {
                  title: t('activities.confirmed'),
                  key: 'confirmed',
                  render: (_: unknown, a: Activity) => (RESEARCHER_KINDS.has(a.kind) ? a.confirmedAt ? <Tag color="green">{t('activities.confirmedOn', { date: fmtDay(a.confirmedAt) })}</Tag> : <Tag color="gold">{t('activities.unconfirmed')}</Tag> : '—'),
                },
              ]}
            />
          )}
        </QueryState>
      </Card>
      {creating && <CreateActivity onClose={() => setCreating(false)} />}
      {open && <AttendanceModal activity={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function AttendanceModal({ activity, onClose }: { activity: Activity; onClose: () => void }) {
  const { t } = useTranslation(['training', 'common']);
  const [page, setPage] = useState(1);
  const rows = useQuery({ queryKey: ['training', 'attendance', activity.id, page], queryFn: () => api<{ items: AttendanceRow[]; total: number }>('training', `/activities/${activity.id}/attendance?limit=20&offset=${(page - 1) * 20}`) });
  return (
    <Modal open width={760} title={t('activities.attendanceOf', { title: activity.title })} onCancel={onClose} footer={null} destroyOnHidden>
      <QueryState query={rows} empty={(d) => d.items.length === 0}>
        {(d) => (
          <Table
            size="small"
            rowKey="teacherId"
            dataSource={d.items}
            scroll={{ x: 600 }}
            pagination={{ current: page, pageSize: 20, total: d.total, onChange: setPage, showSizeChanger: false }}
            columns={[
              { title: t('activities.staffNo'), dataIndex: 'staffNo' },
              { title: t('activities.teacher'), dataIndex: 'name' },
              { title: t('activities.status'), dataIndex: 'status', render: (v: string) => <Tag color={v === 'attended' ? 'green' : v === 'excused' ? 'blue' : 'red'}>{t(`attendance.${v}`)}</Tag> },
              { title: t('activities.hours'), dataIndex: 'hours', align: 'right' as const, render: (v: number) => fmtHours(v) },
              { title: t('activities.result'), dataIndex: 'result', render: (v: string | null) => v ?? '—' },
              { title: t('activities.certificate'), dataIndex: 'certificateNo', render: (v: string | null) => v ?? '—' },
            ]}
          />
        )}
      </QueryState>
    </Modal>
  );
}

function CreateActivity({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation(['training', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const { county } = useCounty();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as string | undefined;
  const targetType = Form.useWatch('targetType', form) as string | undefined;
  const [search, setSearch] = useState('');
  const schools = useQuery({ queryKey: ['staffing', 'schools', county, 'all'], queryFn: () => api<{ items: { id: string; code: string; name: string; districtCode: string | null }[] }>('staffing', `/schools?countyCode=${county}&limit=500`) });
  const researchers = useQuery({
    queryKey: ['staffing', 'researchers', county, search],
    queryFn: () => api<{ items: { id: string; name: string; staffNo: string }[] }>('staffing', `/teachers?countyCode=${county}&category=researcher&limit=50${search ? `&q=${encodeURIComponent(search)}` : ''}`),
    enabled: !!kind && RESEARCHER_KINDS.has(kind),
  });
  const districts = [...new Set((schools.data?.items ?? []).map((s) => s.districtCode).filter((d): d is string => !!d))].sort();
  const create = useMutation({
    mutationFn: (v: any) =>
      api('training', '/activities', {
        method: 'POST',
        body: {
          countyCode: county,
          code: v.code.trim(),
          title: v.title.trim(),
          kind: v.kind,
          organiser: v.organiser,
          category: v.category,
          startDate: v.startDate,
          endDate: v.endDate || v.startDate,
          fullDays: v.fullDays ?? 0,
          halfDays: v.halfDays ?? 0,
          periods: v.periods ?? 0,
          target: { type: v.targetType, districtCode: v.targetType === 'district_small_scale' ? (v.districtCode ?? null) : null, schoolIds: v.targetType === 'schools' ? (v.schoolIds ?? []) : [] },
          researcherId: RESEARCHER_KINDS.has(v.kind) ? (v.researcherId ?? null) : null,
          schoolId: RESEARCHER_KINDS.has(v.kind) ? (v.schoolId ?? null) : null,
        },
      }),
    onSuccess: async () => {
      message.success(t('activities.created'));
      await client.invalidateQueries({ queryKey: ['training', 'activities'] });
      onClose();
    },
  });
  const schoolOptions = (schools.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }));
  return (
    <Modal open width={680} title={t('activities.createTitle')} onCancel={onClose} onOk={() => form.submit()} okText={t('common:actions.save')} cancelText={t('common:actions.cancel')} confirmLoading={create.isPending} destroyOnHidden>
      <ErrorAlert error={create.error} />
      <Form form={form} layout="vertical" initialValues={{ kind: 'county_special_training', organiser: 'county', category: 'centralised', startDate: today(), fullDays: 1, halfDays: 0, periods: 0, targetType: 'county_rural' }} onFinish={(v) => create.mutate(v)}>
        <Space wrap align="start">
          <Form.Item name="code" label={t('activities.code')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={32} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="title" label={t('activities.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={200} style={{ width: 380 }} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="kind" label={t('activities.kind')} rules={[{ required: true }]}>
            <Select style={{ width: 200 }} options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="category" label={t('activities.category')} rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={CREDIT_CATEGORIES.map((k) => ({ value: k, label: t(`creditCategories.${k}`) }))} />
          </Form.Item>
          <Form.Item name="organiser" label={t('activities.organiser')} rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={ORGANISERS.map((k) => ({ value: k, label: t(`organisers.${k}`) }))} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="startDate" label={t('activities.start')} rules={[{ required: true }]}>
            <Input type="date" style={{ width: 170 }} />
          </Form.Item>
          <Form.Item name="endDate" label={t('activities.end')}>
            <Input type="date" style={{ width: 170 }} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="fullDays" label={t('activities.fullDays')}>
            <InputNumber min={0} max={366} />
          </Form.Item>
          <Form.Item name="halfDays" label={t('activities.halfDays')}>
            <InputNumber min={0} max={732} />
          </Form.Item>
          <Form.Item name="periods" label={t('activities.periods')}>
            <InputNumber min={0} max={5000} />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">{t('activities.hoursHelp')}</Typography.Paragraph>
        <Form.Item name="targetType" label={t('activities.target')} rules={[{ required: true }]}>
          <Select style={{ width: 300 }} options={TARGET_TYPES.map((k) => ({ value: k, label: t(`targetTypes.${k}`) }))} />
        </Form.Item>
        {targetType === 'district_small_scale' && (
          <Form.Item name="districtCode" label={t('activities.district')} rules={[{ required: true }]}>
            <Select style={{ width: 240 }} options={districts.map((d) => ({ value: d, label: d }))} />
          </Form.Item>
        )}
        {targetType === 'schools' && (
          <Form.Item name="schoolIds" label={t('activities.schools')} rules={[{ required: true }]}>
            <Select mode="multiple" showSearch optionFilterProp="label" loading={schools.isLoading} options={schoolOptions} />
          </Form.Item>
        )}
        {kind && RESEARCHER_KINDS.has(kind) && (
          <Space wrap align="start">
            <Form.Item name="researcherId" label={t('activities.researcher')} rules={[{ required: true }]}>
              <Select
                showSearch
                filterOption={false}
                onSearch={setSearch}
                loading={researchers.isLoading}
                style={{ width: 240 }}
                options={(researchers.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.name} (${r.staffNo})` }))}
              />
            </Form.Item>
            <Form.Item name="schoolId" label={t('activities.visitedSchool')} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" loading={schools.isLoading} style={{ width: 300 }} options={schoolOptions} />
            </Form.Item>
          </Space>
        )}
      </Form>
    </Modal>
  );
}
