import 'reflect-metadata';
import { Global, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { APP_GUARD, NestFactory, Reflector } from '@nestjs/core';
import type { NestMicroservice } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import IORedis, { type Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { DataSource as DataSourceToken } from 'typeorm';
import {
  createLogger,
  kafkaBrokerList,
  NestPinoLogger,
  normaliseCorrelationId,
  parseConfig,
  runWithCorrelation,
  ServiceMetrics,
  type HealthCheck,
  type ServiceConfig,
} from '@app/platform';
import { AuthGuard, TokenVerifier } from '@app/auth';
import { createKafka, EventConsumerServer, Outbox, OutboxRelay, PassThroughRpcFilter, ReadModelFreshness, type Kafka } from '@app/messaging';
import { HEALTH_CHECKS, HEALTH_DETAILS, HealthController, SERVICE_NAME } from './health.controller';
import { HttpErrorFilter } from './http-errors';
import { MetricsController } from './metrics.controller';
import { createDataSource, describeConnectionError } from './migrations';
import type { ServiceDefinition } from './service-definition';
import { LOGGER, REDIS, SERVICE_CONFIG } from './tokens';

export class StartupError extends Error {}

export interface RunningService {
  readonly def: ServiceDefinition;
  readonly config: ServiceConfig;
  readonly app: NestFastifyApplication;
  readonly dataSource: DataSource;
  readonly relay: OutboxRelay;
  readonly logger: Logger;
  /** base URL once listening */
  url: string;
  stop(): Promise<void>;
}

/**
 * Builds and starts one service as a hybrid Nest application: Fastify HTTP (health, metrics, OpenAPI
 * at /docs, the feature module's controllers) plus our Kafka transport, with its outbox relay.
 * Environment is passed in so tests can start a service against a chosen database or broker.
 */
export async function startService(def: ServiceDefinition, env: NodeJS.ProcessEnv = process.env): Promise<RunningService> {
  const config = parseConfig(def.name, def.defaultPort, env);
  const logger = createLogger(def.name, config.LOG_LEVEL);
  const tokens = TokenVerifier.fromConfig(config);

  const dataSource = createDataSource(def, config.DATABASE_URL);
  try {
    await dataSource.initialize();
    await dataSource.query('SELECT 1');
  } catch (err) {
    throw new StartupError(describeConnectionError('PostgreSQL', config.DATABASE_URL, err));
  }
  const pending = await dataSource.showMigrations().catch(() => true);
  if (pending) {
    await dataSource.destroy();
    throw new StartupError(`database schema "${def.schema}" has pending migrations: run \`npm run migrate\` first`);
  }

  let redis: Redis | null = null;
  if (def.usesRedis) {
    // maxRetriesPerRequest null: BullMQ requires it, and a Redis blip should delay work, not fail it.
    redis = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true, connectTimeout: 3000 });
    redis.on('error', () => undefined); // reported through /health; ioredis reconnects by itself
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      await dataSource.destroy();
      throw new StartupError(describeConnectionError('Redis', config.REDIS_URL, err));
    }
  }

  const kafka = createKafka({ brokers: kafkaBrokerList(config), clientId: config.KAFKA_CLIENT_ID ?? def.name }, logger);
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (err) {
    redis?.disconnect();
    await dataSource.destroy();
    throw new StartupError(describeConnectionError('Kafka', config.KAFKA_BROKERS, err));
  }

  const relay = new OutboxRelay(dataSource, kafka, logger.child({ component: 'outbox-relay' }), {
    schema: def.schema,
    source: `/jiangmen/${def.name}`,
    pollMs: config.OUTBOX_POLL_MS,
    batchSize: config.OUTBOX_BATCH_SIZE,
    retentionHours: config.OUTBOX_RETENTION_HOURS,
    onPublished: (type, n) => metrics.eventsPublished.inc({ type }, n),
  });
  const groupId = config.KAFKA_GROUP_ID ?? def.name;
  const freshness = new ReadModelFreshness(() => admin, def.name, groupId, def.consumes, config.READ_MODEL_MAX_LAG);
  const metrics = new ServiceMetrics(
    def.name,
    () => relay.backlog(),
    async () => (await freshness.lag()).partitions,
  );
  // Beside the up/down checks: what this service has not yet published, and how far its read model is behind.
  const details = async () => {
    const [backlog, lag] = await Promise.all([
      withTimeout(relay.backlog(), 1500, 'outbox backlog').catch(() => null),
      def.consumes.length === 0 ? null : withTimeout(freshness.lag(), 1500, 'consumer lag').catch((err) => ({ error: String((err as Error).message ?? err) })),
    ]);
    return {
      outbox: { backlog },
      ...(lag === null
        ? {}
        : 'error' in lag
          ? { consumer: { group: groupId, error: lag.error } }
          : { consumer: { group: groupId, lag: lag.total, behindBy: lag.byProducer, maxLag: freshness.maxLag, measuredAt: lag.measuredAt, partitions: lag.partitions } }),
    };
  };

  const checks: Record<string, HealthCheck> = {
    postgres: () => dataSource.query('SELECT 1'),
    kafka: () => admin.describeCluster(),
  };
  if (redis) {
    const r = redis;
    checks.redis = async () => {
      if (r.status !== 'ready') throw new Error(`connection ${r.status}`);
      await r.ping();
    };
  }

  @Global()
  @Module({})
  class RuntimeModule {}
  const runtimeModule: DynamicModule = {
    module: RuntimeModule,
    global: true,
    providers: [
      { provide: DataSourceToken, useValue: dataSource },
      { provide: Outbox, useValue: new Outbox(def.schema) },
      { provide: OutboxRelay, useValue: relay },
      { provide: ServiceMetrics, useValue: metrics },
      { provide: SERVICE_CONFIG, useValue: config },
      { provide: LOGGER, useValue: logger },
      { provide: REDIS, useValue: redis },
      { provide: HEALTH_CHECKS, useValue: checks },
      { provide: HEALTH_DETAILS, useValue: details },
      { provide: ReadModelFreshness, useValue: freshness },
      { provide: SERVICE_NAME, useValue: def.name },
      { provide: TokenVerifier, useValue: tokens },
      // Every HTTP route needs a bearer token unless marked @Public(); Kafka handlers are not HTTP and pass.
      {
        provide: APP_GUARD,
        inject: [Reflector],
        useFactory: (reflector: Reflector) => new AuthGuard(reflector, tokens, (err) => logger.warn({ err: err.message }, 'bearer token not checked')),
      },
    ],
    exports: [DataSourceToken, Outbox, OutboxRelay, ServiceMetrics, SERVICE_CONFIG, LOGGER, REDIS, HEALTH_CHECKS, HEALTH_DETAILS, ReadModelFreshness, SERVICE_NAME, TokenVerifier],
  };
  @Module({})
  class RootModule {}
  const root: DynamicModule = { module: RootModule, imports: [runtimeModule, def.module], controllers: [HealthController, MetricsController] };

  const adapter = new FastifyAdapter({ bodyLimit: 20 * 1024 * 1024 });
  installHttpHooks(adapter, logger, metrics);
  // Uploads (spreadsheets) arrive as the raw body; the controller decides what the bytes are.
  for (const type of def.uploadContentTypes ?? []) {
    adapter.getInstance().addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  }
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, { logger: new NestPinoLogger(logger), abortOnError: false });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(def.title).setDescription(def.description).setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document);
  app.useGlobalFilters(new HttpErrorFilter((err) => logger.error({ err }, 'unexpected error in HTTP request')));

  const server = new EventConsumerServer({
    kafka,
    dataSource,
    logger: logger.child({ component: 'consumer' }),
    groupId,
    schema: def.schema,
    topics: def.consumes,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS,
    maxWaitTimeMs: config.KAFKA_MAX_WAIT_MS,
    partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONCURRENTLY,
    maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
    retryBackoffMs: config.CONSUMER_RETRY_BACKOFF_MS,
    maxBatchEvents: config.KAFKA_MAX_BATCH_EVENTS,
    onOutcome: (type, outcome, n = 1) => metrics.eventsConsumed.inc({ consumer: def.name, type, outcome }, n),
    onDeadLetter: (topic, reason) => metrics.eventsDeadLettered.inc({ consumer: def.name, topic, reason }),
  });
  // Deferred, so the filter is registered before the handlers are (otherwise Nest ignores it, with a
  // warning, and turns every handler error into "Internal server error"); the app's init hooks already ran.
  const microservice = app.connectMicroservice({ strategy: server }, { deferInitialization: true }) as NestMicroservice;
  microservice.setIsInitHookCalled(true);
  microservice.useGlobalFilters(new PassThroughRpcFilter());

  const releaseAll = async () => {
    await admin.disconnect().catch(() => undefined);
    redis?.disconnect();
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
  };

  try {
    await app.startAllMicroservices();
    await app.listen(config.httpPort, config.HTTP_HOST);
  } catch (err) {
    await app.close().catch(() => undefined);
    await releaseAll();
    throw new StartupError(`${def.name} could not start: ${(err as Error).message}`);
  }
  relay.start();

  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.httpPort;
  const running: RunningService = {
    def,
    config,
    app,
    dataSource,
    relay,
    logger,
    url: `http://${config.HTTP_HOST}:${port}`,
    async stop() {
      // Order matters: stop taking HTTP requests and Kafka messages (both wait for what is in flight),
      // then let the relay publish what those wrote, then close connections.
      logger.info('shutting down');
      await app.close();
      await relay.stop(config.SHUTDOWN_TIMEOUT_MS / 2);
      await releaseAll();
      logger.info('stopped');
    },
  };
  logger.info({ url: running.url, docs: `${running.url}/docs`, tokens: tokens.mode }, `${def.name} listening`);
  return running;
}

/** Correlation id on every request and response, request metrics and one log line per request (shared by the portal's gateway). */
export function installHttpHooks(adapter: FastifyAdapter, logger: Logger, metrics: ServiceMetrics): void {
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    const correlationId = normaliseCorrelationId(request.headers['x-correlation-id']);
    reply.header('x-correlation-id', correlationId);
    // Callback-style hook: everything after done() runs inside this async context.
    runWithCorrelation(correlationId, () => done());
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
    if (route !== '/health' && route !== '/metrics') {
      logger.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'http request');
    }
    done();
  });
}

/** Entry point of each service's main.ts: one clear line on a start-up failure, graceful stop on SIGTERM. */
export async function runService(def: ServiceDefinition): Promise<void> {
  let service: RunningService;
  try {
    service = await startService(def);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${def.name}: ${message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    service.logger.info({ signal }, 'signal received');
    const timer = setTimeout(() => {
      service.logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, service.config.SHUTDOWN_TIMEOUT_MS);
    try {
      await service.stop();
      clearTimeout(timer);
      process.exit(0);
    } catch (err) {
      service.logger.error({ err: String(err) }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export type { INestApplication, Kafka };
