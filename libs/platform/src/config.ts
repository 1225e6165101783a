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
  /** events a consumer applies in one database transaction */
  KAFKA_MAX_BATCH_EVENTS: positiveInt(500),
  /**
   * How many events a read model may be behind its producers before the scheduler's reviews and the
   * rotation planner refuse to decide from it (events in flight on a busy day; 0 = only when fully caught up).
   */
  READ_MODEL_MAX_LAG: z.coerce.number().int().min(0).default(50),
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
  // A county's job is tried this many times, waiting delay × 2^(n−1) between tries, before its run fails.
  SCHEDULER_JOB_ATTEMPTS: positiveInt(5),
  SCHEDULER_RETRY_DELAY_MS: positiveInt(2000),
  // Rotation's planner: solves run in this many worker threads (more requests wait in line), each stopped
  // after this many seconds (the LP's limit; the MIP stage gets at most 20 s of it).
  ROTATION_SOLVER_THREADS: positiveInt(2),
  ROTATION_SOLVE_TIME_LIMIT_S: positiveInt(60),
  // Notices: e-mail over SMTP (the default is the local development mail server, `npm start`'s tools/dev-mail.ts),
  // SMS through an HTTP provider (disabled unless SMS_PROVIDER_URL is set), retries with exponential back-off.
  SMTP_URL: urlWithScheme(['smtp:', 'smtps:']).default('smtp://127.0.0.1:2525'),
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>]*<)?[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+>?$/, 'must be an address such as notices@example.edu.cn or "Name <notices@example.edu.cn>"')
    .default('江门市教育局 Jiangmen Education Bureau <notices@jiangmen.local>'),
  SMS_PROVIDER_URL: optional(urlWithScheme(['https:', 'http:'])),
  SMS_PROVIDER_TOKEN: optional(z.string().min(8, 'must be at least 8 characters')),
  DELIVERY_MAX_ATTEMPTS: positiveInt(6),
  DELIVERY_RETRY_BASE_MS: positiveInt(60000),
  DELIVERY_RETRY_MAX_MS: positiveInt(3600000),
  DELIVERY_POLL_MS: positiveInt(1000),
  DELIVERY_BATCH_SIZE: positiveInt(20),
  /** how long a send may take before it counts as interrupted (nodemailer's own timeouts are below it) */
  DELIVERY_SEND_TIMEOUT_MS: positiveInt(60000),
  /** the daily preference-deadline reminders (Asia/Shanghai) */
  NOTICES_REMINDER_CRON: z.string().regex(/^\S+( \S+){4,5}$/, 'must be a cron pattern such as "0 8 * * *"').default('0 8 * * *'),
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

/** KAFKA_BROKERS alone, for tools that talk only to Kafka (topic creation, lag checks). */
export function parseKafkaBrokers(env: NodeJS.ProcessEnv = process.env): string {
  const result = baseConfigSchema.shape.KAFKA_BROKERS.safeParse(env.KAFKA_BROKERS);
  if (!result.success) throw new ConfigError(`invalid configuration: KAFKA_BROKERS ${result.error.issues[0].message}`);
  return result.data;
}

export function kafkaBrokerList(config: Pick<BaseConfig, 'KAFKA_BROKERS'>): string[] {
  return config.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean);
}
