import type { Principal, Role } from './principal';
import { InvalidTokenError, KeysUnavailableError, type TokenVerifier } from './token-verifier';

/**
 * Authentication of one HTTP request, independent of the web framework: the global guard (Nest routes)
 * and hooks in front of plugin routes that Nest does not guard (the queue dashboard) both go through
 * here, so a token is judged, and a refusal worded, the same way everywhere.
 */

const BEARER = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i;

/** Why a request is not authenticated: 401 AUTH.UNAUTHENTICATED, or 503 AUTH.UNAVAILABLE when the keys cannot be fetched. */
export class AuthenticationFailed extends Error {
  constructor(
    readonly status: 401 | 503,
    readonly code: 'AUTH.UNAUTHENTICATED' | 'AUTH.UNAVAILABLE',
    message: string,
    /** the WWW-Authenticate value to answer with (RFC 6750), if any */
    readonly challenge?: string,
    /** the identity provider's failure behind a 503 */
    readonly keysError?: KeysUnavailableError,
  ) {
    super(message);
  }

  /** The JSON body the API answers with. */
  body(): { statusCode: number; code: string; message: string } {
    return { statusCode: this.status, code: this.code, message: this.message };
  }
}

/** The token of an `Authorization: Bearer <token>` header; refuses a missing or malformed header. */
export function bearerToken(header: string | string[] | undefined): string {
  if (header === undefined || header === '') {
    throw new AuthenticationFailed(401, 'AUTH.UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer <token>)', 'Bearer');
  }
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  if (!match) throw new AuthenticationFailed(401, 'AUTH.UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"', 'Bearer error="invalid_request"');
  return match[1];
}

/** Verifies a token (from the header, or another carrier such as a cookie) and gives its principal. */
export async function authenticateToken(verifier: TokenVerifier, token: string): Promise<Principal> {
  try {
    return await verifier.verify(token);
  } catch (err) {
    if (err instanceof InvalidTokenError) throw new AuthenticationFailed(401, 'AUTH.UNAUTHENTICATED', err.message, 'Bearer error="invalid_token"');
    if (err instanceof KeysUnavailableError) {
      throw new AuthenticationFailed(503, 'AUTH.UNAVAILABLE', 'tokens cannot be checked: the identity provider does not answer', undefined, err);
    }
    throw err;
  }
}

/** Whether the principal may use something restricted to these roles (none given: any role); city_admin always may. */
export function hasRole(principal: Principal, roles: readonly Role[] | undefined): boolean {
  return !roles || principal.role === 'city_admin' || roles.includes(principal.role);
}
