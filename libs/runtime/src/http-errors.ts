import { ArgumentsHost, BadRequestException, Catch, HttpException, type ExceptionFilter, type PipeTransform } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { DomainError, type DomainErrorKind } from '@app/platform';

const STATUS: Record<DomainErrorKind, number> = { invalid: 422, not_found: 404, conflict: 409, forbidden: 403 };

/** Maps domain errors to HTTP at the edge; anything unexpected becomes a 500 without internals. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly onUnexpected: (err: unknown) => void) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof DomainError) {
      reply.status(STATUS[exception.kind]).send({ statusCode: STATUS[exception.kind], code: exception.code, message: exception.message, details: exception.details });
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      reply.status(exception.getStatus()).send(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    const status = (exception as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own client errors (malformed JSON, body too large, bad content type)
      reply.status(status).send({ statusCode: status, message: (exception as Error).message });
      return;
    }
    this.onUnexpected(exception);
    reply.status(500).send({ statusCode: 500, message: 'internal error' });
  }
}

/** Validates a body, query or params object with a zod schema; 400 lists every problem with its path. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    throw new BadRequestException({
      statusCode: 400,
      message: 'invalid request',
      errors: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
}
