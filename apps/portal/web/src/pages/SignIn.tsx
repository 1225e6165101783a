import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, List, Row, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { accessFor, type Principal } from '../access';
import { call, setCsrfToken } from '../api';
import { ErrorAlert } from '../components/States';
import { setLanguage, type Language } from '../i18n';
import { homeFor } from '../routes';
import type { SessionInfo } from '../session';

interface DevPerson {
  claims: { sub: string; role: Principal['role']; county?: string; school?: string; teacher?: string };
  name: string;
  detail: string;
}

const ROLE_ORDER: Principal['role'][] = ['teacher', 'county_hr', 'school_admin', 'city_admin', 'scheduler'];

/**
 * Sign-in: through the bureau's identity provider when one is configured; otherwise (development only,
 * with the local secret) a list of seeded people of each role to sign in as.
 */
export function SignIn({ session }: { session: SessionInfo }) {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const client = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const returnTo = params.get('returnTo') ?? '';
  const dev = session.signIn.development.available;
  const people = useQuery({ queryKey: ['dev-people'], queryFn: () => call<{ people: DevPerson[]; obligationsFound: boolean }>('/auth/dev/people'), enabled: dev && !session.signedIn });
  if (session.signedIn) return <Navigate to={returnTo.startsWith('/') && returnTo !== '/sign-in' ? returnTo : homeFor(accessFor(session.principal))} replace />;

  const signInAs = async (person: DevPerson) => {
    setBusy(person.claims.sub);
    setError(null);
    try {
      const r = await call<{ csrfToken: string }>('/auth/dev/sign-in', { method: 'POST', body: { claims: person.claims, name: person.name } });
      setCsrfToken(r.csrfToken);
      await client.invalidateQueries({ queryKey: ['session'] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  const byRole = ROLE_ORDER.map((role) => ({ role, people: (people.data?.people ?? []).filter((p) => p.claims.role === role) })).filter((g) => g.people.length > 0);

  return (
    <main style={{ maxWidth: 960, margin: '0 auto', padding: 16 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('app.title')}
        </Typography.Title>
        <Segmented
          aria-label={t('layout.language')}
          value={i18n.language}
          onChange={(v) => setLanguage(v as Language)}
          options={[
            { value: 'zh-CN', label: '中文' },
            { value: 'en', label: 'English' },
          ]}
        />
      </Space>
      {params.get('error') && <Alert type="error" showIcon title={t('signIn.providerError')} description={params.get('error')} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={error} />
      {session.signIn.mode === 'oidc' && (
        <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('signIn.oidcTitle')}</h2>} style={{ marginBottom: 16 }}>
          <Typography.Paragraph>{t('signIn.oidcText')}</Typography.Paragraph>
          <Button type="primary" size="large" href={`/auth/oidc/start?returnTo=${encodeURIComponent(returnTo.startsWith('/') ? returnTo : '/')}`}>
            {t('signIn.oidcButton')}
          </Button>
        </Card>
      )}
      {!dev && (
        <Alert type="info" showIcon title={t('signIn.devOff')} description={session.signIn.development.reason} />
      )}
      {dev && (
        <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('signIn.devTitle')}</h2>}>
          <Alert type="warning" showIcon title={t('signIn.devWarning')} style={{ marginBottom: 16 }} />
          {people.error ? <ErrorAlert error={people.error} /> : null}
          {people.data && !people.data.obligationsFound && <Alert type="info" showIcon title={t('signIn.noObligations')} style={{ marginBottom: 16 }} />}
          <Row gutter={[16, 16]}>
            {byRole.map((g) => (
              <Col xs={24} md={12} key={g.role}>
                <Card size="small" title={<h3 style={{ fontSize: 15, margin: 0 }}>{t(`roles.${g.role}`)}</h3>} loading={people.isLoading}>
                  <List
                    dataSource={g.people}
                    renderItem={(p) => (
                      <List.Item
                        actions={[
                          <Button key="in" type="primary" loading={busy === p.claims.sub} onClick={() => void signInAs(p)} aria-label={t('signIn.as', { name: p.name })}>
                            {t('signIn.button')}
                          </Button>,
                        ]}
                      >
                        <List.Item.Meta title={p.name} description={<Tag>{p.detail}</Tag>} />
                      </List.Item>
                    )}
                  />
                </Card>
              </Col>
            ))}
          </Row>
        </Card>
      )}
    </main>
  );
}
