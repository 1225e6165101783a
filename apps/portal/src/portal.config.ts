import { join } from 'node:path';
import { z } from 'zod';
import { baseConfigSchema, ConfigError } from '@app/platform';

/**
 * The portal gateway's settings, read from the environment here and nowhere else. It has no database
 * and no Kafka: it keeps sessions in Redis, signs people in (the bureau's OpenID Connect provider in
 * production, the local HS256 secret in development) and forwards /api/<service>/… to the services.
 */
export const PORTAL_SERVICES = ['staffing', 'rotation', 'subsidies', 'training', 'scheduler', 'notices'] as const;
export type PortalService = (typeof PORTAL_SERVICES)[number];
const DEFAULT_PORTS: Record<PortalService, number> = { staffing: 3001, rotation: 3002, subsidies: 3003, training: 3004, scheduler: 3005, notices: 3006 };

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const httpUrl = z.string().refine((v) => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}, 'must be an http:// or https:// URL');
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const portalSchema = z.object({
  PORTAL_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HTTP_HOST: baseConfigSchema.shape.HTTP_HOST,
  LOG_LEVEL: baseConfigSchema.shape.LOG_LEVEL,
  REDIS_URL: baseConfigSchema.shape.REDIS_URL,
  SHUTDOWN_TIMEOUT_MS: baseConfigSchema.shape.SHUTDOWN_TIMEOUT_MS,
  /** development only: the local token secret; the development sign-in page mints tokens with it */
  AUTH_HS256_SECRET: baseConfigSchema.shape.AUTH_HS256_SECRET,
  AUTH_ISSUER: baseConfigSchema.shape.AUTH_ISSUER,
  AUTH_AUDIENCE: baseConfigSchema.shape.AUTH_AUDIENCE,
  /** production: the bureau's OpenID Connect provider (authorization code with PKCE) */
  PORTAL_OIDC_ISSUER: optional(httpUrl),
  PORTAL_OIDC_CLIENT_ID: optional(z.string().min(1)),
  PORTAL_OIDC_CLIENT_SECRET: optional(z.string().min(1)),
  PORTAL_OIDC_SCOPES: z.string().default('openid profile'),
  /** where people open the portal (the OIDC redirect URI is <this>/auth/oidc/callback); default http://HTTP_HOST:PORT */
  PORTAL_PUBLIC_URL: optional(httpUrl),
  /** Secure cookies; default on when PORTAL_PUBLIC_URL is https:// */
  PORTAL_SECURE_COOKIES: optional(flag),
  PORTAL_SESSION_HOURS: z.coerce.number().positive().max(24).default(8),
  /** development sign-in: the county whose seeded people the page lists */
  PORTAL_DEV_COUNTY: z.string().regex(/^[a-z]+$/, 'must be a county code such as taishan').default('taishan'),
  /** the built single-page application (vite build) */
  PORTAL_WEB_DIR: optional(z.string().min(1)),
  STAFFING_URL: optional(httpUrl),
  ROTATION_URL: optional(httpUrl),
  SUBSIDIES_URL: optional(httpUrl),
  TRAINING_URL: optional(httpUrl),
  SCHEDULER_URL: optional(httpUrl),
  NOTICES_URL: optional(httpUrl),
  STAFFING_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(DEFAULT_PORTS.staffing),
  ROTATION_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(DEFAULT_PORTS.rotation),
  SUBSIDIES_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(DEFAULT_PORTS.subsidies),
  TRAINING_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(DEFAULT_PORTS.training),
  SCHEDULER_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(DEFAULT_PORTS.scheduler),
  NOTICES_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(DEFAULT_PORTS.notices),
});

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  scopes: string;
}

export interface PortalConfig {
  port: number;
  host: string;
  logLevel: string;
  redisUrl: string;
  shutdownTimeoutMs: number;
  publicUrl: string;
  secureCookies: boolean;
  sessionSeconds: number;
  webDir: string;
  upstreams: Record<PortalService, string>;
  /** how people sign in: the identity provider, or (development) the local secret */
  signIn: { mode: 'oidc'; oidc: OidcSettings; devSecretPresent: boolean } | { mode: 'development'; secret: string; issuer?: string; audience?: string; county: string };
}

/** Parses the environment; a ConfigError names the one bad setting. */
export function parsePortalConfig(env: NodeJS.ProcessEnv, root: string): PortalConfig {
  const result = portalSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(`invalid configuration: ${issue.path.join('.') || 'environment'} ${issue.message}`);
  }
  const c = result.data;
  const publicUrl = (c.PORTAL_PUBLIC_URL ?? `http://${c.HTTP_HOST}:${c.PORTAL_HTTP_PORT}`).replace(/\/+$/, '');
  const upstream = (svc: PortalService, url: string | undefined, port: number) => (url ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  let signIn: PortalConfig['signIn'];
  if (c.PORTAL_OIDC_ISSUER) {
    if (!c.PORTAL_OIDC_CLIENT_ID) throw new ConfigError('invalid configuration: PORTAL_OIDC_CLIENT_ID is required with PORTAL_OIDC_ISSUER');
    signIn = { mode: 'oidc', oidc: { issuer: c.PORTAL_OIDC_ISSUER, clientId: c.PORTAL_OIDC_CLIENT_ID, clientSecret: c.PORTAL_OIDC_CLIENT_SECRET, scopes: c.PORTAL_OIDC_SCOPES }, devSecretPresent: Boolean(c.AUTH_HS256_SECRET) };
  } else if (c.AUTH_HS256_SECRET) {
    signIn = { mode: 'development', secret: c.AUTH_HS256_SECRET, issuer: c.AUTH_ISSUER, audience: c.AUTH_AUDIENCE, county: c.PORTAL_DEV_COUNTY };
  } else {
    throw new ConfigError('invalid configuration: PORTAL_OIDC_ISSUER (production identity provider) or AUTH_HS256_SECRET (local development) is required');
  }
  return {
    port: c.PORTAL_HTTP_PORT,
    host: c.HTTP_HOST,
    logLevel: c.LOG_LEVEL,
    redisUrl: c.REDIS_URL,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    publicUrl,
    secureCookies: c.PORTAL_SECURE_COOKIES ?? publicUrl.startsWith('https://'),
    sessionSeconds: Math.round(c.PORTAL_SESSION_HOURS * 3600),
    webDir: c.PORTAL_WEB_DIR ?? join(root, 'dist', 'portal-web'),
    upstreams: {
      staffing: upstream('staffing', c.STAFFING_URL, c.STAFFING_HTTP_PORT),
      rotation: upstream('rotation', c.ROTATION_URL, c.ROTATION_HTTP_PORT),
      subsidies: upstream('subsidies', c.SUBSIDIES_URL, c.SUBSIDIES_HTTP_PORT),
      training: upstream('training', c.TRAINING_URL, c.TRAINING_HTTP_PORT),
      scheduler: upstream('scheduler', c.SCHEDULER_URL, c.SCHEDULER_HTTP_PORT),
      notices: upstream('notices', c.NOTICES_URL, c.NOTICES_HTTP_PORT),
    },
    signIn,
  };
}
