import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Empty, List, Pagination, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { PageTitle } from '../../components/PageTitle';
import { ErrorAlert, QueryState } from '../../components/States';
import { fmtTime } from '../../format';
import { useSession } from '../../session';

const KINDS = [
  'move_approved',
  'move_approved_leaving',
  'move_approved_joining',
  'move_rejected',
  'obligation_raised',
  'obligation_severity_changed',
  'obligation_due_date_changed',
  'cycle_opened',
  'preference_reminder',
  'plan_approved',
  'appeal_filed',
  'appeal_decided',
  'subsidy_adjustment',
  'training_shortfall',
] as const;
const PAGE = 20;

interface Notice {
  id: string;
  kind: string;
  subject: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}
interface InboxPage {
  items: Notice[];
  total: number;
  unread: number;
}

/**
 * The person's inbox (the notices service answers from the token: a teacher's own, a school's, a county
 * HR office's, the city's), newest first, unread marked; one or all marked read, and the header's bell
 * counts again. Notices are written in the recipient's language when they are sent, so they are shown as
 * they are.
 */
export default function Inbox() {
  const { t } = useTranslation(['notices', 'common']);
  const client = useQueryClient();
  const role = useSession().data?.principal?.role;
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [kind, setKind] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [marked, setMarked] = useState<number | null>(null);
  const params = new URLSearchParams({ limit: String(PAGE), offset: String((page - 1) * PAGE), ...(unreadOnly ? { unread: 'true' } : {}), ...(kind ? { kind } : {}) });
  const inbox = useQuery({ queryKey: ['notices', 'inbox', unreadOnly, kind, page], queryFn: () => api<InboxPage>('notices', `/me/notices?${params}`) });
  // the bell's count is under ['notices', 'unread']: it counts again with the list
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['notices'] });
  };
  const markOne = useMutation({
    mutationFn: (id: string) => api<Notice>('notices', `/me/notices/${id}/read`, { method: 'POST', body: {} }),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => api<{ marked: number }>('notices', '/me/notices/read-all', { method: 'POST', body: {} }),
    onSuccess: async (r) => {
      setMarked(r.marked);
      await refresh();
    },
  });
  return (
    <div style={{ maxWidth: 820 }}>
      <PageTitle>{t('inbox.title')}</PageTitle>
      {role && role !== 'scheduler' && <Typography.Paragraph type="secondary">{t(`inbox.scope.${role}`)}</Typography.Paragraph>}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Switch
              checked={unreadOnly}
              onChange={(v) => {
                setUnreadOnly(v);
                setPage(1);
              }}
              aria-label={t('inbox.onlyUnread')}
            />
            <span aria-hidden>{t('inbox.onlyUnread')}</span>
            <Select
              allowClear
              aria-label={t('inbox.kind')}
              placeholder={t('inbox.allKinds')}
              style={{ minWidth: 160 }}
              value={kind}
              onChange={(v) => {
                setKind(v);
                setPage(1);
              }}
              options={KINDS.map((k) => ({ value: k, label: t(`inbox.kinds.${k}`) }))}
            />
          </Space>
          <Button onClick={() => markAll.mutate()} loading={markAll.isPending} disabled={!inbox.data || inbox.data.unread === 0}>
            {t('inbox.markAll')}
          </Button>
        </Space>
        {inbox.data && (
          <Typography.Paragraph style={{ margin: '8px 0 0' }} aria-live="polite">
            {t('inbox.summary', { total: inbox.data.total, unread: inbox.data.unread })}
          </Typography.Paragraph>
        )}
        {marked !== null && <Alert type="success" showIcon role="status" title={t('inbox.markedAll', { count: marked })} style={{ marginTop: 8 }} closable onClose={() => setMarked(null)} />}
        <ErrorAlert error={markAll.error ?? markOne.error} />
      </Card>
      <QueryState query={inbox}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty description={unreadOnly ? t('inbox.noneUnread') : t('inbox.none')} />
          ) : (
            <>
              <List
                dataSource={data.items}
                renderItem={(n) => (
                  <List.Item
                    style={{ background: n.readAt ? undefined : '#f0f6ff', paddingInline: 12, alignItems: 'flex-start' }}
                    actions={
                      n.readAt
                        ? []
                        : [
                            <Button key="read" size="small" onClick={() => markOne.mutate(n.id)} loading={markOne.isPending && markOne.variables === n.id} aria-label={t('inbox.markReadOf', { subject: n.subject })}>
                              {t('inbox.markRead')}
                            </Button>,
                          ]
                    }
                  >
                    <article style={{ minWidth: 0, width: '100%' }} aria-label={n.subject}>
                      <Space wrap size={6}>
                        {!n.readAt && <Badge status="processing" />}
                        <Tag color={n.readAt ? 'default' : 'blue'}>{n.readAt ? t('inbox.read') : t('inbox.unread')}</Tag>
                        <Tag>{t(`inbox.kinds.${n.kind}`, { defaultValue: n.kind })}</Tag>
                        <Typography.Text type="secondary">{fmtTime(n.createdAt)}</Typography.Text>
                      </Space>
                      <h2 style={{ fontSize: 15, margin: '6px 0 4px', fontWeight: n.readAt ? 500 : 700 }}>{n.subject}</h2>
                      <Typography.Paragraph style={{ whiteSpace: 'pre-line', marginBottom: 0 }}>{n.body}</Typography.Paragraph>
                      {n.readAt && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('inbox.readAt', { at: fmtTime(n.readAt) })}
                        </Typography.Text>
                      )}
                    </article>
                  </List.Item>
                )}
              />
              {data.total > PAGE && <Pagination style={{ marginTop: 12 }} current={page} pageSize={PAGE} total={data.total} onChange={setPage} showSizeChanger={false} />}
            </>
          )
        }
      </QueryState>
    </div>
  );
}
