import 'reflect-metadata';
import { Controller, Get, Inject, Module, Res, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import IORedis, { type Redis } from 'ioredis';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { createLogger, NestPinoLogger, runHealthChecks, ServiceMetrics } from '@app/platform';
import { describeConnectionError, HttpErrorFilter, installHttpHooks, StartupError } from '@app/runtime';
import { registerForwarding } from './forwarding/forwarding';
import type { PortalConfig } from './portal.config';
import { SessionStore } from './sessions/session.store';
import { Sessions } from './sessions/sessions.service';
import { PORTAL_CONFIG, SignInController } from './sign-in/sign-in.controller';
import { registerSpa } from './web/spa';

const REDIS = Symbol('PORTAL_REDIS');
const METRICS = Symbol('PORTAL_METRICS');

@Controller()
class PortalHealthController {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(METRICS) private readonly metrics: ServiceMetrics,
  ) {}

  @Get('health')
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const report = await runHealthChecks('portal', { redis: async () => void (await this.redis.ping()) });
    reply.status(report.status === 'ok' ? 200 : 503);
    return report.status === 'ok' ? report : { ...report, message: `portal unavailable: ${report.down.join(', ')} down` };
  }

  @Get('metrics')
  async metricsText(@Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    return this.metrics.registry.metrics();
  }
}

export interface RunningPortal {
  url: string;
  logger: Logger;
  stop(): Promise<void>;
}

/**
 * The portal's gateway: a Nest application on Fastify with the services' conventions (JSON logs with
 * correlation ids, metrics, /health, the same error bodies) but none of their database, Kafka or outbox
 * parts — it owns no data. Sessions live in Redis; /api/<service>/… is forwarded with the session's token.
 */
export async function startPortal(config: PortalConfig): Promise<RunningPortal> {
  const logger = createLogger('portal', config.logLevel);
  const redis = new IORedis(config.redisUrl, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined); // reported through /health; ioredis reconnects by itself
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new StartupError(describeConnectionError('Redis', config.redisUrl, err));
  }
  const metrics = new ServiceMetrics('portal', async () => 0);
  const store = new SessionStore(redis);
  const sessions = new Sessions(store, { secureCookies: config.secureCookies, maxSeconds: config.sessionSeconds });

  @Module({})
  class PortalModule {}
  const root: DynamicModule = {
    module: PortalModule,
    controllers: [SignInController, PortalHealthController],
    providers: [
      { provide: PORTAL_CONFIG, useValue: config },
      { provide: Sessions, useValue: sessions },
      { provide: SessionStore, useValue: store },
      { provide: REDIS, useValue: redis },
      { provide: METRICS, useValue: metrics },
    ],
  };
  const bodyLimit = 20 * 1024 * 1024;
  const adapter = new FastifyAdapter({ bodyLimit, trustProxy: config.publicUrl.startsWith('https://') });
  installHttpHooks(adapter, logger, metrics);
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, { logger: new NestPinoLogger(logger), abortOnError: false });
  app.useGlobalFilters(new HttpErrorFilter((err) => logger.error({ err }, 'unexpected error in HTTP request')));
  const fastify = app.getHttpAdapter().getInstance();
  await registerForwarding(fastify, { upstreams: config.upstreams, sessions, publicUrl: config.publicUrl, bodyLimit });
  await registerSpa(fastify, config.webDir);
  try {
    await app.listen(config.port, config.host);
  } catch (err) {
    await app.close().catch(() => undefined);
    redis.disconnect();
    throw new StartupError(`portal could not start: ${(err as Error).message}`);
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  logger.info({ url, signIn: config.signIn.mode, upstreams: config.upstreams }, 'portal listening');
  return {
    url,
    logger,
    async stop() {
      await app.close();
      redis.disconnect();
    },
  };
}
