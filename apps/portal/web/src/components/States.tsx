import { Alert, Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

/** A refusal or failure in words: a heading for the kind of problem, then the service's own sentence. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error instanceof ApiError ? error : new ApiError(0, undefined, error instanceof Error ? error.message : String(error));
  const heading =
    e.status === 409 ? t('errors.conflict') : e.status === 403 ? t('errors.forbidden') : e.status === 401 ? t('errors.signedOut') : e.status === 404 ? t('errors.notFound') : e.status === 400 || e.status === 422 ? t('errors.invalid') : e.status === 503 || e.status === 504 ? t('errors.unavailable') : t('errors.failed');
  const detail = e.errors?.length ? e.errors.map((x) => `${x.path || '—'}: ${x.message}`).join('; ') : null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={heading}
      description={
        <>
          <div>{e.message}</div>
          {detail && <div>{detail}</div>}
        </>
      }
      action={onRetry ? <a onClick={onRetry}>{t('actions.retry')}</a> : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}

/** Loading, error and empty states of one query, designed once. */
export function QueryState<T>({ query, empty, children }: { query: { isLoading: boolean; error: unknown; data: T | undefined; refetch: () => unknown }; empty?: (data: T) => boolean; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (query.isLoading) return <Skeleton active aria-busy="true" aria-label={t('states.loading')} />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data === undefined) return null;
  if (empty?.(query.data)) return <Empty description={t('states.empty')} />;
  return <>{children(query.data)}</>;
}
