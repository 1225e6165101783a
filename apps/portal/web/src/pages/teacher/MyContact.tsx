import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { PageTitle } from '../../components/PageTitle';
import { ErrorAlert, QueryState } from '../../components/States';
import { fmtTime } from '../../format';
import { useSession } from '../../session';

interface Contact {
  teacherId: string;
  email: string | null;
  phone: string | null;
  language: 'zh-CN' | 'en';
  version: number;
  updatedAt: string | null;
}

/**
 * The teacher's own e-mail, mobile number and the language notices are written in (personal data: staffing
 * keeps it, only the teacher and their county's HR read it). The teacher comes from the session, so the page
 * never names anyone else; a change sends the version read (a stale one is refused and explained).
 */
export default function MyContact() {
  const { t } = useTranslation(['notices', 'common']);
  const teacherId = useSession().data?.principal?.teacherId;
  const client = useQueryClient();
  const [form] = Form.useForm();
  const contact = useQuery({ queryKey: ['staffing', 'contact', teacherId], queryFn: () => api<Contact>('staffing', `/teachers/${teacherId}/contact`), enabled: !!teacherId });
  useEffect(() => {
    if (contact.data) form.setFieldsValue({ email: contact.data.email ?? '', phone: contact.data.phone ?? '', language: contact.data.language });
  }, [contact.data, form]);
  const save = useMutation({
    mutationFn: (v: { email: string; phone: string; language: 'zh-CN' | 'en' }) =>
      api<Contact>('staffing', `/teachers/${teacherId}/contact`, { method: 'PUT', body: { email: v.email.trim() || null, phone: v.phone.trim() || null, language: v.language, version: contact.data!.version } }),
    onSuccess: (saved) => client.setQueryData(['staffing', 'contact', teacherId], saved),
  });
  const stale = save.error instanceof ApiError && save.error.status === 409;
  return (
    <div style={{ maxWidth: 560 }}>
      <PageTitle>{t('contact.title')}</PageTitle>
      <Alert type="info" showIcon title={t('contact.private')} style={{ marginBottom: 12 }} />
      <QueryState query={contact}>
        {(c) => (
          <Card size="small">
            {c.updatedAt && <Typography.Paragraph type="secondary">{t('contact.updatedAt', { at: fmtTime(c.updatedAt) })}</Typography.Paragraph>}
            <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} onValuesChange={() => save.reset()}>
              <Form.Item name="email" label={t('contact.email')} rules={[{ type: 'email', message: t('contact.emailInvalid') }]}>
                <Input type="email" autoComplete="email" inputMode="email" placeholder={t('contact.none')} maxLength={254} />
              </Form.Item>
              <Form.Item name="phone" label={t('contact.phone')} rules={[{ pattern: /^\s*(1\d{10})?\s*$/, message: t('contact.phoneInvalid') }]}>
                <Input type="tel" autoComplete="tel" inputMode="tel" placeholder={t('contact.none')} maxLength={32} />
              </Form.Item>
              <Form.Item name="language" label={t('contact.language')}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'zh-CN', label: t('contact.languages.zh-CN') },
                    { value: 'en', label: t('contact.languages.en') },
                  ]}
                />
              </Form.Item>
              <ErrorAlert error={save.error} onRetry={stale ? () => void contact.refetch().then(() => save.reset()) : undefined} />
              {stale && <Typography.Paragraph type="danger">{t('contact.stale')}</Typography.Paragraph>}
              {save.isSuccess && <Alert type="success" showIcon role="status" title={t('contact.saved', { at: fmtTime(save.data.updatedAt) })} style={{ marginBottom: 12 }} />}
              <Button type="primary" htmlType="submit" block loading={save.isPending}>
                {t('contact.save')}
              </Button>
            </Form>
          </Card>
        )}
      </QueryState>
    </div>
  );
}
