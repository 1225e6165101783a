import { decodeJwt } from 'jose';
import { principalFromClaims } from '@app/auth';
import { newCsrfToken, parseCookies, SESSION_COOKIE, sessionCookie, sessionLifetime, type Session } from './session';
import type { SessionStore } from './session.store';

interface CookieCarrier {
  headers: { cookie?: string };
}
interface HeaderSink {
  header(name: string, value: string): unknown;
}

/** Opens, finds and closes sessions for a request; the token's claims become what the page sees. */
export class Sessions {
  constructor(
    private readonly store: SessionStore,
    private readonly options: { secureCookies: boolean; maxSeconds: number },
  ) {}

  idOf(request: CookieCarrier): string | undefined {
    return parseCookies(request.headers.cookie)[SESSION_COOKIE];
  }

  current(request: CookieCarrier): Promise<Session | null> {
    return this.store.find(this.idOf(request));
  }

  /**
   * A new session for a token (any previous one of this browser is closed first, so a session id is
   * never reused across sign-ins). Returns null when the token names no principal.
   */
  async open(request: CookieCarrier, reply: HeaderSink, token: string, via: Session['via'], displayName?: string, idToken?: string): Promise<Session | null> {
    const claims = decodeJwt(token);
    const mapped = principalFromClaims(claims);
    if ('error' in mapped) return null;
    const now = Math.floor(Date.now() / 1000);
    const ttl = sessionLifetime(now, claims.exp, this.options.maxSeconds);
    if (ttl <= 0) return null;
    await this.store.delete(this.idOf(request));
    const p = mapped.principal;
    const session: Session = {
      token,
      principal: { role: p.role, subject: p.subject, countyCode: p.countyCode, schoolId: p.schoolId, teacherId: p.teacherId },
      displayName: displayName ?? p.subject,
      csrfToken: newCsrfToken(),
      expiresAt: now + ttl,
      via,
      idToken,
    };
    const id = await this.store.create(session, ttl);
    reply.header('set-cookie', sessionCookie(id, { secure: this.options.secureCookies, maxAge: ttl }));
    return session;
  }

  async close(request: CookieCarrier, reply: HeaderSink): Promise<Session | null> {
    const session = await this.current(request);
    await this.store.delete(this.idOf(request));
    reply.header('set-cookie', sessionCookie('', { secure: this.options.secureCookies, maxAge: 0 }));
    return session;
  }
}
