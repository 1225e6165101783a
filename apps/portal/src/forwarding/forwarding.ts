import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normaliseCorrelationId } from '@app/platform';
import { PORTAL_SERVICES, type PortalService } from '../portal.config';
import { checkCsrf, portalOrigins } from '../sessions/session';
import type { Sessions } from '../sessions/sessions.service';

export interface ForwardingOptions {
  upstreams: Record<PortalService, string>;
  sessions: Sessions;
  /** the portal's public URL, for the CSRF Origin check */
  publicUrl: string;
  bodyLimit: number;
}

// Hop-by-hop and browser-only headers stay at the gateway; the session's token goes in their place.
const DROPPED = ['cookie', 'authorization', 'x-csrf-token', 'host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade'];

/**
 * Forwards /api/<service>/<path> to <service>/<path> and /queues/… to the scheduler's queue dashboard,
 * adding the session's bearer token. It decides nothing about who may do what: every service checks the
 * token, role and scope of every request itself, and its answer (401/403/409 with its sentence) comes
 * back to the page unchanged.
 */
export async function registerForwarding(fastify: FastifyInstance, options: ForwardingOptions): Promise<void> {
  await fastify.register(async (scope) => {
    await scope.register(replyFrom, { undici: { connections: 64, pipelining: 1 }, disableRequestLogging: true });
    // Bodies travel as the bytes the browser sent (JSON, or an .xlsx/.csv upload).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (_request, body, done) => done(null, body));

    const forward = async (request: FastifyRequest, reply: FastifyReply, service: PortalService, target: string) => {
      const session = await options.sessions.current(request);
      if (!session) return refuse(reply, 401, 'PORTAL.SIGNED_OUT', 'you are not signed in, or your session has ended: sign in again');
      const csrf = checkCsrf(request.method, request.headers as Record<string, string>, session.csrfToken, portalOrigins(options.publicUrl, request));
      if (!csrf.ok) return refuse(reply, 403, 'PORTAL.CSRF', csrf.reason);
      const correlationId = normaliseCorrelationId(request.headers['x-correlation-id']);
      // The bytes go on as they came (given as the body with its type, reply-from would re-encode JSON).
      const body = Buffer.isBuffer(request.body) ? { body: request.body, contentType: request.headers['content-type'] ?? 'application/octet-stream' } : {};
      return reply.from(target, {
        ...body,
        rewriteRequestHeaders: (_req, headers) => {
          const out: Record<string, string | string[] | undefined> = { ...headers };
          for (const h of DROPPED) delete out[h];
          out.authorization = `Bearer ${session.token}`;
          out['x-correlation-id'] = correlationId;
          return out;
        },
        // A service that is down or does not answer: 503 in words, not the socket's error.
        onError: (r, { error }) => {
          const code = (error as { code?: string }).code ?? '';
          const timedOut = /TIMEOUT/i.test(code);
          return refuse(r as unknown as FastifyReply, timedOut ? 504 : 503, 'PORTAL.SERVICE_UNAVAILABLE', `the ${service} service ${timedOut ? 'did not answer in time' : 'does not answer'}; try again in a moment`);
        },
        rewriteHeaders: (headers) => {
          const out = { ...headers };
          delete out['set-cookie'];
          return out;
        },
      });
    };

    scope.all('/api/:service/*', async (request, reply) => {
      const { service } = request.params as { service: string };
      if (!(PORTAL_SERVICES as readonly string[]).includes(service)) return refuse(reply, 404, 'PORTAL.UNKNOWN_SERVICE', `there is no service called ${service}`);
      const rest = request.url.slice(`/api/${service}`.length);
      return forward(request, reply, service as PortalService, `${options.upstreams[service as PortalService]}${rest}`);
    });
    // The queue dashboard (Bull Board) under the same sign-in; the scheduler lets only its roles in.
    const queues = (request: FastifyRequest, reply: FastifyReply) => forward(request, reply, 'scheduler', `${options.upstreams.scheduler}${request.url}`);
    scope.all('/queues', queues);
    scope.all('/queues/*', queues);
  });
}

function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store').send({ statusCode: status, code, message });
}
