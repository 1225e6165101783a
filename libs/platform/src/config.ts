import { z } from 'zod';

/**
 * Settings shared by every service. `process.env` is read here and nowhere else, so a bad setting
 * stops a service at boot with one line naming it instead of failing later in some code path.
 */
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const urlWithScheme = (schemes: string[]) =>
  z.string().refine((v) => {
    try {
      return schemes.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${schemes.join(' or ')}//`);
// An optional setting left empty (docker compose `${X:-}`) counts as unset.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const baseConfigSchema = z.object({
  DATABASE_URL: urlWithScheme(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/jiangmen'),
  REDIS_URL: urlWithScheme(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  KAFKA_BROKERS: z
    .string({ error: 'is required (comma-separated host:port list; `npm start` starts a development broker when unset)' })
    .min(1, 'is required')
    .refine((v) => v.split(',').every((b) => /^[\w.-]+:\d{1,5}$/.test(b.trim())), 'must be a comma-separated list of host:port'),
  KAFKA_CLIENT_ID: z.string().optional(),
  /** consumer group; default the service name. A new group replays every topic from the beginning. */
  KAFKA_GROUP_ID: z.string().regex(/^[\w.-]{1,100}$/, 'must be letters, digits, dot, dash or underscore').optional(),
  KAFKA_SESSION_TIMEOUT_MS: positiveInt(30000),
  KAFKA_HEARTBEAT_INTERVAL_MS: positiveInt(3000),
  KAFKA_MAX_WAIT_MS: positiveInt(1000),
  KAFKA_PARTITIONS_CONCURRENTLY: positiveInt(3),
  HTTP_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OUTBOX_POLL_MS: positiveInt(50),
  OUTBOX_BATCH_SIZE: positiveInt(500),
  OUTBOX_RETENTION_HOURS: positiveInt(168),
  CONSUMER_MAX_ATTEMPTS: positiveInt(3),
  CONSUMER_RETRY_BACKOFF_MS: positiveInt(200),
  SHUTDOWN_TIMEOUT_MS: positiveInt(15000),
  // Scheduler (BullMQ worker): a job's lock lasts this long unless renewed (every half of it) by a live
  // worker; every stalled interval, jobs whose lock has lapsed (their worker died) go back to waiting.
  SCHEDULER_LOCK_DURATION_MS: positiveInt(30000),
  SCHEDULER_STALLED_INTERVAL_MS: positiveInt(30000),
  // Bearer tokens: exactly one key source (checked in parseConfig). Production: the identity provider's JWKS.
  AUTH_JWKS_URL: optional(urlWithScheme(['https:', 'http:'])),
  AUTH_HS256_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  AUTH_ISSUER: optional(z.string()),
  AUTH_AUDIENCE: optional(z.string()),
});

/** Tokens are checked against the identity provider's JWKS or, locally, an HS256 secret: one, never both. */
function oneTokenKeySource(c: { AUTH_JWKS_URL?: string; AUTH_HS256_SECRET?: string }, ctx: z.RefinementCtx) {
  if (c.AUTH_JWKS_URL && c.AUTH_HS256_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['AUTH_HS256_SECRET'], message: 'must not be set together with AUTH_JWKS_URL (set one of them)' });
  } else if (!c.AUTH_JWKS_URL && !c.AUTH_HS256_SECRET) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_HS256_SECRET'],
      message: 'or AUTH_JWKS_URL is required (production: AUTH_JWKS_URL; `npm start` and `npm test` create a local AUTH_HS256_SECRET)',
    });
  }
}

export type BaseConfig = z.infer<typeof baseConfigSchema>;

export interface ServiceConfig extends BaseConfig {
  service: string;
  httpPort: number;
}

export class ConfigError extends Error {}

/** Parses the environment for one service; throws ConfigError whose message is one line naming the setting. */
export function parseConfig(service: string, defaultPort: number, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const portVar = `${service.toUpperCase()}_HTTP_PORT`;
  const schema = baseConfigSchema.extend({ [portVar]: z.coerce.number().int().min(0).max(65535).default(defaultPort) }).superRefine(oneTokenKeySource);
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue.path.join('.') || 'environment';
    throw new ConfigError(`invalid configuration: ${name} ${issue.message}`);
  }
  const parsed = result.data as BaseConfig & Record<string, number>;
  return { ...parsed, service, httpPort: parsed[portVar] };
}

/** Boot-time form: print the one line and exit, rather than a stack trace. */
export function loadConfigOrExit(service: string, defaultPort: number): ServiceConfig {
  try {
    return parseConfig(service, defaultPort);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${service}: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

export function kafkaBrokerList(config: Pick<BaseConfig, 'KAFKA_BROKERS'>): string[] {
  return config.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean);
}
