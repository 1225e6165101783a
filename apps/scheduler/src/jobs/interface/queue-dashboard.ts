import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AuthenticationFailed, authenticateToken, bearerToken, hasRole, type Principal, type Role, TokenVerifier } from '@app/auth';
import { LOGGER } from '@app/runtime';
import { JobQueue } from '../infrastructure/job-queue';

export const DASHBOARD_PREFIX = '/queues';
export const DASHBOARD_ROLES: readonly Role[] = ['scheduler', 'city_admin'];
/** Holds the token the entry page was opened with, for the board's own requests (a browser cannot send a bearer header). */
export const DASHBOARD_COOKIE = 'queues_token';

/**
 * Bull Board on the scheduler's Fastify instance at /queues: the queue, its jobs, flows and job
 * schedulers, for the scheduler's service account and the city administrator only.
 *
 * The board is a Fastify plugin, which Nest's global AuthGuard does not see, so an onRequest hook in the
 * plugin's own scope authenticates every request under /queues with the same TokenVerifier and wording
 * as the guard (401 AUTH.UNAUTHENTICATED, 403 AUTH.FORBIDDEN, 503 AUTH.UNAVAILABLE, JSON bodies).
 * The token may come as `Authorization: Bearer`, or — for a browser opening the entry page —
 * as `?token=<jwt>`, which is verified and then kept in an HttpOnly, SameSite=Strict cookie scoped to
 * /queues that authenticates the page's later requests (checked again, every time, the same way).
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: TokenVerifier,
    private readonly jobs: JobQueue,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost?.httpAdapter;
    if (!http || http.getType() !== 'fastify') return; // an application context without HTTP (tests, tools)
    const fastify = http.getInstance<FastifyInstance>();

    const board = new BullBoardFastifyAdapter();
    board.setBasePath(DASHBOARD_PREFIX);
    createBullBoard({
      queues: [new BullMQAdapter(this.jobs.queue)],
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'Jiangmen scheduler', hideDocsLink: true } },
    });
    // An encapsulated scope: the hook guards the board's routes and nothing else.
    void fastify.register(
      async (scope) => {
        scope.addHook('onRequest', (request, reply) => this.authorize(request, reply));
        // Unknown paths under the prefix too: a stranger learns nothing about which exist.
        scope.setNotFoundHandler((request, reply) => json(reply, 404, { statusCode: 404, error: 'Not Found', message: `Cannot ${request.method} ${request.url.split('?')[0]}` }));
        await scope.register(board.registerPlugin());
      },
      { prefix: DASHBOARD_PREFIX },
    );
  }

  private async authorize(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
    const path = request.url.split('?')[0];
    const entryPage = request.method === 'GET' && !path.startsWith(`${DASHBOARD_PREFIX}/api/`) && !path.startsWith(`${DASHBOARD_PREFIX}/static/`);
    const queryToken = entryPage ? (request.query as Record<string, unknown> | undefined)?.token : undefined;
    const cookieToken = cookies(request.headers.cookie)[DASHBOARD_COOKIE];
    let principal: Principal;
    try {
      if (request.headers.authorization !== undefined) principal = await authenticateToken(this.verifier, bearerToken(request.headers.authorization));
      else if (typeof queryToken === 'string' && queryToken !== '') principal = await authenticateToken(this.verifier, queryToken);
      else if (cookieToken) principal = await authenticateToken(this.verifier, cookieToken);
      else principal = await authenticateToken(this.verifier, bearerToken(undefined)); // throws: no token at all
    } catch (err) {
      if (!(err instanceof AuthenticationFailed)) throw err;
      if (err.status === 503) this.logger.warn({ err: (err.keysError ?? err).message }, 'bearer token not checked');
      if (err.challenge) reply.header('www-authenticate', err.challenge);
      // A cookie that no longer authenticates (expired token) is dropped.
      if (cookieToken && request.headers.authorization === undefined && !queryToken) reply.header('set-cookie', this.cookie(request, '', 0));
      return json(reply, err.status, err.body());
    }
    if (!hasRole(principal, DASHBOARD_ROLES)) {
      return json(reply, 403, { statusCode: 403, code: 'AUTH.FORBIDDEN', message: `role ${principal.role} may not use the queue dashboard`, details: { role: principal.role } });
    }
    if (typeof queryToken === 'string' && request.headers.authorization === undefined) {
      reply.header('set-cookie', this.cookie(request, queryToken));
      // The token is in this page's address: keep it out of Referer headers and caches.
      reply.header('referrer-policy', 'no-referrer');
      reply.header('cache-control', 'no-store');
    }
  }

  private cookie(request: FastifyRequest, value: string, maxAge?: number): string {
    // A session cookie: the token inside it carries its own expiry, checked on every request.
    const attributes = [`${DASHBOARD_COOKIE}=${value}`, `Path=${DASHBOARD_PREFIX}`, 'HttpOnly', 'SameSite=Strict'];
    if (request.protocol === 'https') attributes.push('Secure');
    if (maxAge !== undefined) attributes.push(`Max-Age=${maxAge}`);
    return attributes.join('; ');
  }
}

function json(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(body);
}

/** The request's cookies by name (RFC 6265 Cookie header; a JWT needs no decoding). */
function cookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
