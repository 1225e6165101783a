import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built single-page application: hashed assets with a long cache life, and index.html for
 * every other GET path that is not the API (the page's router shows the route).
 */
export async function registerSpa(fastify: FastifyInstance, webDir: string): Promise<void> {
  const index = join(webDir, 'index.html');
  const passThrough = (path: string) => path.startsWith('/api/') || path.startsWith('/auth/') || path.startsWith('/assets/') || path.startsWith('/queues');
  if (!existsSync(index)) {
    fastify.get('/*', (request, reply) => {
      if (passThrough(request.url)) return reply.code(404).send({ statusCode: 404, message: `Cannot GET ${request.url.split('?')[0]}` });
      return reply.code(503).type('text/plain; charset=utf-8').send(`The portal's pages are not built (${index} is missing): run \`npm run build\`.`);
    });
    return;
  }
  const html = readFileSync(index);
  await fastify.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: false,
    index: false,
    // scripts/build-web.sh writes .br and .gz beside each asset
    preCompressed: true,
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.includes(`${join(webDir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // Files are found by the static routes; every other GET path is a route of the page (its router shows it).
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?')[0];
    if (passThrough(path)) return reply.code(404).send({ statusCode: 404, message: `Cannot GET ${path}` });
    return reply
      .code(200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .header('x-frame-options', 'DENY')
      .send(html);
  });
}
