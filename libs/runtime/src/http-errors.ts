import { ArgumentsHost, BadRequestException, Catch, HttpException, type ExceptionFilter, type PipeTransform } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { DomainError, type DomainErrorKind } from '@app/platform';

const STATUS: Record<DomainErrorKind, number> = { invalid: 422, not_found: 404, conflict: 409, forbidden: 403, unavailable: 503 };

/** Maps domain errors to HTTP at the edge; anything unexpected becomes a 500 without internals. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly onUnexpected: (err: unknown) => void) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    // Error bodies are JSON even where the route declared another type (@Header('content-type', …) is set
    // before the handler runs, e.g. a spreadsheet download refused with 403).
    const send = (status: number, body: unknown) => reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
    if (exception instanceof DomainError) {
      send(STATUS[exception.kind], { statusCode: STATUS[exception.kind], code: exception.code, message: exception.message, details: exception.details });
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      send(exception.getStatus(), typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    const status = (exception as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own client errors (malformed JSON, body too large, bad content type)
      send(status, { statusCode: status, message: (exception as Error).message });
      return;
    }
    this.onUnexpected(exception);
    send(500, { statusCode: 500, message: 'internal error' });
  }
}

/** Validates a body, query or params object with a zod schema; 400 lists every problem with its path. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const nul = findNul(value, '');
    if (nul !== null) {
      throw new BadRequestException({ statusCode: 400, message: 'invalid request', errors: [{ path: nul, message: 'text may not contain NUL characters' }] });
    }
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    throw new BadRequestException({
      statusCode: 400,
      message: 'invalid request',
      errors: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
}

/** PostgreSQL text cannot hold U+0000; refuse it at the edge instead of failing in the database. */
function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 20 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return path ? `${path}.${k}` : k;
    const found = findNul(v, path ? `${path}.${k}` : k, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
