import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A signed-in person's session, kept on the server (Redis). The browser holds only an opaque random id
 * in an HttpOnly cookie; the bearer token the services check never reaches the page.
 */
export interface Session {
  /** the bearer token forwarded to the services */
  token: string;
  /** what the page shows and uses to build its menus (the services still check every request) */
  principal: { role: string; subject: string; countyCode?: string; schoolId?: string; teacherId?: string };
  displayName: string;
  /** synchronizer token: every write must carry it in the x-csrf-token header */
  csrfToken: string;
  /** epoch seconds */
  expiresAt: number;
  /** how the person signed in */
  via: 'development' | 'oidc';
  /** the identity provider's id token, for sign-out there */
  idToken?: string;
}

export const SESSION_COOKIE = 'portal_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Redis keys hold a hash of the id, so a leaked key list does not leak usable cookies. */
export function sessionKey(id: string): string {
  return `portal:session:${createHash('sha256').update(id).digest('base64url')}`;
}

/** Seconds the session lives: the portal's limit, never beyond the token's own expiry. */
export function sessionLifetime(nowSeconds: number, tokenExpiresAt: number | undefined, maxSeconds: number): number {
  const byToken = tokenExpiresAt === undefined ? maxSeconds : tokenExpiresAt - nowSeconds;
  return Math.max(0, Math.min(maxSeconds, byToken));
}

export interface CookieOptions {
  secure: boolean;
  /** seconds; 0 deletes the cookie */
  maxAge: number;
}

/** HttpOnly, SameSite=Lax (the identity provider's redirect back is a top-level GET), Secure in production. */
export function sessionCookie(value: string, options: CookieOptions): string {
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${options.maxAge}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The request's cookies by name (RFC 6265 Cookie header). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

export type CsrfVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Writes (any method but GET/HEAD/OPTIONS) need the session's CSRF token in the header and, when the
 * browser names one, an Origin that is the portal's own (its public URL, or the host the request was
 * sent to): another site can neither read the token nor
 * forge the Origin.
 */
export function checkCsrf(method: string, headers: { origin?: string; 'x-csrf-token'?: string | string[] }, expectedToken: string | undefined, portalOrigins: readonly string[]): CsrfVerdict {
  if (SAFE_METHODS.has(method.toUpperCase())) return { ok: true };
  const origin = headers.origin;
  if (origin !== undefined && !portalOrigins.includes(origin)) return { ok: false, reason: `a write from ${origin} is refused: only pages of this portal may write` };
  const sent = headers[CSRF_HEADER];
  if (expectedToken === undefined) return { ok: true };
  if (typeof sent !== 'string' || !equal(sent, expectedToken)) return { ok: false, reason: 'this write carries no valid CSRF token: reload the page and try again' };
  return { ok: true };
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The origins a write may come from: the configured public URL and the one the browser addressed. */
export function portalOrigins(publicUrl: string, request: { protocol: string; headers: { host?: string } }): string[] {
  const own = new URL(publicUrl).origin;
  return request.headers.host ? [own, `${request.protocol}://${request.headers.host}`] : [own];
}
