import { ServiceUnavailableException, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { IS_PUBLIC, REQUIRED_ROLES, setPrincipal } from './decorators';
import type { Principal, Role } from './principal';
import { Forbidden } from './scope';
import { InvalidTokenError, KeysUnavailableError, type TokenVerifier } from './token-verifier';

const BEARER = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i;

export function unauthenticated(message: string): UnauthorizedException {
  return new UnauthorizedException({ statusCode: 401, code: 'AUTH.UNAUTHENTICATED', message });
}

/**
 * Global guard: every HTTP route needs a valid bearer token unless it is @Public(); @Roles() narrows
 * who may call it. Kafka handlers run through the same application and are not HTTP: they pass.
 */
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly onKeysUnavailable: (err: Error) => void = () => undefined,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    const principal = await this.authenticate(request.headers.authorization, http.getResponse());
    setPrincipal(request, principal);

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && principal.role !== 'city_admin' && !roles.includes(principal.role)) {
      throw new Forbidden(`role ${principal.role} may not use this endpoint`, { role: principal.role });
    }
    return true;
  }

  private async authenticate(header: string | string[] | undefined, reply: unknown): Promise<Principal> {
    const challenge = (error?: string) => {
      // RFC 6750: tell the client which scheme to use (and, for a bad token, that it was the token).
      const r = reply as { header?: (name: string, value: string) => unknown };
      r.header?.('www-authenticate', error ? `Bearer error="${error}"` : 'Bearer');
    };
    if (header === undefined || header === '') {
      challenge();
      throw unauthenticated('a bearer token is required (Authorization: Bearer <token>)');
    }
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) {
      challenge('invalid_request');
      throw unauthenticated('the Authorization header must be "Bearer <token>"');
    }
    try {
      return await this.verifier.verify(match[1]);
    } catch (err) {
      if (err instanceof InvalidTokenError) {
        challenge('invalid_token');
        throw unauthenticated(err.message);
      }
      if (err instanceof KeysUnavailableError) {
        this.onKeysUnavailable(err);
        throw new ServiceUnavailableException({ statusCode: 503, code: 'AUTH.UNAVAILABLE', message: 'tokens cannot be checked: the identity provider does not answer' });
      }
      throw err;
    }
  }
}
