import {
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  BellOutlined,
  BookOutlined,
  ContactsOutlined,
  DashboardOutlined,
  FlagOutlined,
  FundOutlined,
  HeartOutlined,
  HomeOutlined,
  MailOutlined,
  ScheduleOutlined,
  SettingOutlined,
  SwapOutlined,
  TeamOutlined,
  UploadOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Grid, Layout, Menu, Segmented, Select, Space, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { Access } from '../access';
import { api } from '../api';
import { setLanguage, type Language } from '../i18n';
import { ROUTES } from '../routes';
import { useCounty, useSignOut, type SessionInfo } from '../session';
import { useCounties } from '../counties';

const ICONS: Record<string, ReactNode> = {
  home: <HomeOutlined />,
  swap: <SwapOutlined />,
  dashboard: <DashboardOutlined />,
  bank: <BankOutlined />,
  team: <TeamOutlined />,
  upload: <UploadOutlined />,
  alert: <AlertOutlined />,
  audit: <AuditOutlined />,
  fund: <FundOutlined />,
  schedule: <ScheduleOutlined />,
  heart: <HeartOutlined />,
  wallet: <WalletOutlined />,
  book: <BookOutlined />,
  setting: <SettingOutlined />,
  flag: <FlagOutlined />,
  contacts: <ContactsOutlined />,
  mail: <MailOutlined />,
  bell: <BellOutlined />,
};

/** The unread count of the person's inbox, shared by the header's bell and the inbox page (which refreshes it). */
export const UNREAD_KEY = ['notices', 'unread'] as const;

/** A bell in the header with the unread count, leading to the inbox; its name says the count to screen readers. */
function NoticeBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const unread = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: () => api<{ unread: number }>('notices', '/me/notices?unread=true&limit=1'),
    refetchInterval: 60_000,
    // a bell that cannot count is quiet rather than in the way: the inbox page shows the error
    retry: false,
  });
  const count = unread.data?.unread ?? 0;
  const shown = count > 99 ? '99+' : String(count);
  // The link's name is its hidden words (with the count); the red count is only for the eye.
  return (
    <Button
      type="text"
      href="/notices"
      onClick={(e) => {
        e.preventDefault();
        navigate('/notices');
      }}
      style={{ color: '#fff', paddingInline: 6 }}
    >
      <BellOutlined style={{ color: '#fff', fontSize: 18 }} aria-hidden />
      <span style={VISUALLY_HIDDEN}>{unread.data ? t('layout.bell', { count, shown }) : t('menu.notices')}</span>
      {count > 0 && (
        <span aria-hidden style={{ background: '#c41d1d', color: '#fff', borderRadius: 8, fontSize: 11, lineHeight: '16px', minWidth: 16, padding: '0 4px', marginInlineStart: -6, marginTop: -12 }}>
          {shown}
        </span>
      )}
    </Button>
  );
}

/** Read by screen readers, not shown. */
const VISUALLY_HIDDEN = { position: 'absolute', width: 1, height: 1, padding: 0, margin: -1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap', border: 0 } as const;

/** Header, the menu of what this person may open (from the route table), and the page. */
export function PortalLayout({ session, access, children }: { session: SessionInfo; access: Access; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const [collapsed, setCollapsed] = useState(true);
  const signOut = useSignOut();
  const { county, setCounty } = useCounty();
  const counties = useCounties();
  const visible = ROUTES.filter((r) => access[r.access] && !r.hideInMenu);
  // Routes of a group become one submenu, where the group's first route stands.
  type Item = { key: string; icon?: ReactNode; label: string; children?: Item[] };
  const items: Item[] = [];
  for (const r of visible) {
    const leaf: Item = { key: r.path, icon: r.group ? undefined : r.icon ? ICONS[r.icon] : undefined, label: t(r.name) };
    if (!r.group) {
      items.push(leaf);
      continue;
    }
    const key = `group:${r.group}`;
    let group = items.find((i) => i.key === key);
    if (!group) items.push((group = { key, icon: r.icon ? ICONS[r.icon] : undefined, label: t(`menu.groups.${r.group}`), children: [] }));
    group.children!.push(leaf);
  }
  const selected = [...visible].sort((a, b) => b.path.length - a.path.length).find((r) => location.pathname === r.path || location.pathname.startsWith(`${r.path}/`));
  const [openKeys, setOpenKeys] = useState<string[]>(selected?.group ? [`group:${selected.group}`] : []);
  // a page opened from a link (not the menu) opens its group
  useEffect(() => {
    if (selected?.group) setOpenKeys((keys) => (keys.includes(`group:${selected.group}`) ? keys : [...keys, `group:${selected.group}`]));
  }, [selected?.group]);
  const onHr = location.pathname.startsWith('/hr');
  const menu = (
    <Menu
      mode="inline"
      items={items}
      openKeys={openKeys}
      onOpenChange={setOpenKeys}
      selectedKeys={selected ? [selected.path] : []}
      onClick={(e) => {
        navigate(e.key);
        if (narrow) setCollapsed(true);
      }}
      aria-label={t('layout.menu')}
    />
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, padding: narrow ? '0 12px' : '0 24px', background: '#0b3d6e' }}>
        {narrow && (
          <Button type="text" style={{ color: '#fff' }} aria-expanded={!collapsed} aria-controls="portal-menu" onClick={() => setCollapsed(!collapsed)}>
            {t('layout.menuButton')}
          </Button>
        )}
        <Typography.Text strong style={{ color: '#fff', fontSize: narrow ? 15 : 17, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
          {t('app.title')}
        </Typography.Text>
        <span style={{ flex: 1 }} />
        <Space size={narrow ? 4 : 12}>
          {session.principal?.role === 'city_admin' && onHr && (
            <Select
              aria-label={t('layout.county')}
              value={county}
              onChange={setCounty}
              style={{ width: 120 }}
              options={counties.list.map((c) => ({ value: c.code, label: counties.name(c.code) }))}
            />
          )}
          {access.inbox && <NoticeBell />}
          <Segmented
            aria-label={t('layout.language')}
            size="small"
            value={i18n.language}
            onChange={(v) => setLanguage(v as Language)}
            options={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en', label: 'EN' },
            ]}
          />
          {!narrow && <Typography.Text style={{ color: '#dbe7f3' }}>{session.displayName}</Typography.Text>}
          <Button size="small" onClick={() => void signOut()}>
            {t('layout.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        {narrow ? (
          !collapsed && (
            <nav id="portal-menu" style={{ background: '#fff', borderBottom: '1px solid #e5e5e5' }}>
              {menu}
            </nav>
          )
        ) : (
          <Layout.Sider width={220} theme="light" style={{ borderRight: '1px solid #eee' }}>
            <nav id="portal-menu">{menu}</nav>
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: narrow ? 12 : 24, maxWidth: 1400, minWidth: 0 }}>
          <main>{children}</main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
