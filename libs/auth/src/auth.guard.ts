import { ServiceUnavailableException, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { AuthenticationFailed, authenticateToken, bearerToken, hasRole } from './authenticate';
import { IS_PUBLIC, REQUIRED_ROLES, setPrincipal } from './decorators';
import type { Principal, Role } from './principal';
import { Forbidden } from './scope';
import type { TokenVerifier } from './token-verifier';

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
    if (!hasRole(principal, roles)) {
      throw new Forbidden(`role ${principal.role} may not use this endpoint`, { role: principal.role });
    }
    return true;
  }

  private async authenticate(header: string | string[] | undefined, reply: unknown): Promise<Principal> {
    try {
      return await authenticateToken(this.verifier, bearerToken(header));
    } catch (err) {
      if (!(err instanceof AuthenticationFailed)) throw err;
      // RFC 6750: tell the client which scheme to use (and, for a bad token, that it was the token).
      if (err.challenge) (reply as { header?: (name: string, value: string) => unknown }).header?.('www-authenticate', err.challenge);
      if (err.status === 503) {
        this.onKeysUnavailable(err.keysError ?? err);
        throw new ServiceUnavailableException(err.body());
      }
      throw new UnauthorizedException(err.body());
    }
  }
}
