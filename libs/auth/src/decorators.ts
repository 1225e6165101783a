import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Principal, Role } from './principal';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';

/** The route needs no token (health, metrics). Every other HTTP route does. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Only these roles may call the route (method or controller); city_admin always may. Also puts the
 * bearer lock and the 401/403 answers on the operation in /docs.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'AUTH.UNAUTHENTICATED: no token, or a malformed, expired or badly signed one' }),
    ApiForbiddenResponse({ description: `AUTH.FORBIDDEN: a role other than ${['city_admin', ...roles.filter((r) => r !== 'city_admin')].join(', ')}, or outside the caller's scope` }),
  );

// Requests are the adapter's own objects (Fastify): a side table rather than a property bolted onto them.
const principals = new WeakMap<object, Principal>();

export function setPrincipal(request: object, principal: Principal): void {
  principals.set(request, principal);
}

/** The principal the guard attached to this request, if any (none on @Public routes). */
export function principalOf(request: object): Principal | undefined {
  return principals.get(request);
}

/** The authenticated caller; a programming error on a @Public route, where there is none. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = principalOf(ctx.switchToHttp().getRequest<object>());
  if (!principal) throw new Error('@CurrentPrincipal() used on a route without an authenticated principal');
  return principal;
});
