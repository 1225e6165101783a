import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode, Suspense, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { accessFor } from './access';
import { ApiError } from './api';
import { PortalLayout } from './components/PortalLayout';
import { ErrorAlert } from './components/States';
import './i18n';
import { SignIn } from './pages/SignIn';
import { homeFor, preloadPage, ROUTES } from './routes';
import { CountyProvider, useSession } from './session';
import { Result, Skeleton } from 'antd';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A refusal is an answer, not a glitch: only network failures and 5xx are retried, once.
      retry: (count, error) => count < 1 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
    },
  },
});

/**
 * Ant Design's default secondary text (45% black) and the text of its green, orange and gold tags fall
 * below WCAG AA contrast; darker seeds keep every text at 4.5:1 or more (axe-core checks it).
 */
const THEME = {
  token: {
    colorPrimary: '#0b5cad',
    colorLink: '#0b5cad',
    colorInfo: '#0b5cad',
    blue: '#0b5cad',
    borderRadius: 6,
    fontSize: 14,
    colorTextSecondary: '#595959',
    colorTextTertiary: '#595959',
    colorTextDescription: '#595959',
    colorTextPlaceholder: '#6b6b6b',
    colorTextQuaternary: '#6b6b6b',
    green: '#237804',
    orange: '#ad4e00',
    gold: '#ad6800',
    colorSuccess: '#237804',
    colorWarning: '#ad6800',
    colorError: '#c41d1d',
    red: '#c41d1d',
  },
};

function Guarded({ allowed, children }: { allowed: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  if (!allowed) return <Result status="403" title={t('errors.forbiddenPage')} subTitle={t('errors.forbiddenPageDetail')} />;
  return <Suspense fallback={<Skeleton active />}>{children}</Suspense>;
}

function Shell() {
  const session = useSession();
  const location = useLocation();
  if (session.isLoading) return <Skeleton active style={{ padding: 24 }} />;
  if (session.error) return <ErrorAlert error={session.error} onRetry={() => void session.refetch()} />;
  const s = session.data!;
  if (location.pathname === '/sign-in') return <SignIn session={s} />;
  if (!s.signedIn) return <Navigate to={`/sign-in?returnTo=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  const access = accessFor(s.principal);
  return (
    <CountyProvider principal={s.principal}>
      <PortalLayout session={s} access={access}>
        <Routes>
          {ROUTES.map((r) => (
            <Route key={r.path} path={r.path} element={<Guarded allowed={access[r.access]}>{<r.component />}</Guarded>} />
          ))}
          <Route path="*" element={<Navigate to={homeFor(access)} replace />} />
        </Routes>
      </PortalLayout>
    </CountyProvider>
  );
}

function Localised() {
  const { i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  dayjs.locale(zh ? 'zh-cn' : 'en');
  return (
    // No space inserted between two Chinese characters of a button label: "登录" reads as one word, also to screen readers.
    <ConfigProvider locale={zh ? zhCN : enUS} button={{ autoInsertSpace: false }} theme={THEME}>
      <AntApp>
        <BrowserRouter>
          <Shell />
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

preloadPage(window.location.pathname);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Localised />
    </QueryClientProvider>
  </StrictMode>,
);
