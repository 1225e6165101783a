import { Body, Controller, ForbiddenException, Get, HttpCode, Inject, Post, Query, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { signHs256Token, tokenClaims } from '@app/auth';
import { ZodPipe } from '@app/runtime';
import type { PortalConfig } from '../portal.config';
import { checkCsrf, portalOrigins } from '../sessions/session';
import { SessionStore } from '../sessions/session.store';
import { Sessions } from '../sessions/sessions.service';
import { OidcSignIn, type PendingSignIn } from './oidc';
import { listDevPeople } from './people-directory';

export const PORTAL_CONFIG = Symbol('PORTAL_CONFIG');

const devSignInBody = z.strictObject({
  claims: tokenClaims,
  name: z.string().trim().min(1).max(200),
});
const startQuery = z.strictObject({ returnTo: z.string().max(500).regex(/^\/(?!\/)/, 'must be a path of this portal').default('/') });
const callbackQuery = z.object({ code: z.string().max(4000).optional(), state: z.string().max(200).optional(), error: z.string().max(200).optional(), error_description: z.string().max(1000).optional() });

/** How people sign in and out: the session the page reads, development sign-in, OpenID Connect. */
@Controller('auth')
export class SignInController {
  private readonly oidc: OidcSignIn | null;

  constructor(
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
    private readonly sessions: Sessions,
    private readonly store: SessionStore,
  ) {
    this.oidc = config.signIn.mode === 'oidc' ? new OidcSignIn(config.signIn.oidc, `${config.publicUrl}/auth/oidc/callback`) : null;
  }

  /** What the page needs: who is signed in (and the CSRF token for writes), or how to sign in. */
  @Get('session')
  async session(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('cache-control', 'no-store');
    const session = await this.sessions.current(request);
    const signIn = this.signInInfo();
    if (!session) return { signedIn: false, signIn };
    return { signedIn: true, signIn, principal: session.principal, displayName: session.displayName, csrfToken: session.csrfToken, expiresAt: new Date(session.expiresAt * 1000).toISOString(), via: session.via };
  }

  @Get('dev/people')
  async people(@Res({ passthrough: true }) reply: FastifyReply) {
    const secret = this.devSecret();
    reply.header('cache-control', 'no-store');
    return listDevPeople(this.config.upstreams, secret, this.config.signIn.mode === 'development' ? this.config.signIn.county : 'taishan', this.tokenOptions());
  }

  @Post('dev/sign-in')
  @HttpCode(200)
  async devSignIn(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body(new ZodPipe(devSignInBody)) body: z.infer<typeof devSignInBody>) {
    const secret = this.devSecret();
    this.sameOrigin(request);
    const token = await signHs256Token(body.claims, secret, { ttlSeconds: this.config.sessionSeconds, ...this.tokenOptions() });
    const session = await this.sessions.open(request, reply, token, 'development', body.name);
    if (!session) throw new UnauthorizedException({ statusCode: 401, code: 'PORTAL.SIGN_IN_FAILED', message: 'the token for this person could not be made' });
    return { signedIn: true, principal: session.principal, displayName: session.displayName, csrfToken: session.csrfToken };
  }

  @Post('sign-out')
  @HttpCode(200)
  async signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const session = await this.sessions.current(request);
    const csrf = checkCsrf('POST', request.headers as Record<string, string>, session?.csrfToken, portalOrigins(this.config.publicUrl, request));
    if (!csrf.ok) throw new ForbiddenException({ statusCode: 403, code: 'PORTAL.CSRF', message: csrf.reason });
    await this.sessions.close(request, reply);
    const redirect = session?.via === 'oidc' && this.oidc ? await this.oidc.signOutUrl(session.idToken, `${this.config.publicUrl}/`).catch(() => null) : null;
    return { signedOut: true, redirect };
  }

  @Get('oidc/start')
  async start(@Res() reply: FastifyReply, @Query(new ZodPipe(startQuery)) q: z.infer<typeof startQuery>) {
    if (!this.oidc) throw new ForbiddenException({ statusCode: 403, code: 'PORTAL.OIDC_NOT_CONFIGURED', message: 'no identity provider is configured (PORTAL_OIDC_ISSUER): use the development sign-in' });
    const { url, state, pending } = await this.oidc.start(q.returnTo);
    await this.store.putPending(state, pending, 600);
    return reply.code(302).header('location', url).header('cache-control', 'no-store').send();
  }

  @Get('oidc/callback')
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query(new ZodPipe(callbackQuery)) q: z.infer<typeof callbackQuery>) {
    if (!this.oidc) throw new ForbiddenException({ statusCode: 403, code: 'PORTAL.OIDC_NOT_CONFIGURED', message: 'no identity provider is configured (PORTAL_OIDC_ISSUER)' });
    const back = (path: string) => reply.code(302).header('location', path).header('cache-control', 'no-store').send();
    if (q.error || !q.code || !q.state) return back(`/sign-in?error=${encodeURIComponent(q.error_description ?? q.error ?? 'the identity provider sent no code')}`);
    const pending = await this.store.takePending<PendingSignIn>(q.state);
    if (!pending) return back(`/sign-in?error=${encodeURIComponent('this sign-in has expired or was already used: start again')}`);
    try {
      const signedIn = await this.oidc.finish(`${this.config.publicUrl}${request.url}`, q.state, pending);
      const session = await this.sessions.open(request, reply, signedIn.accessToken, 'oidc', signedIn.name, signedIn.idToken);
      if (!session) return back(`/sign-in?error=${encodeURIComponent('your account has no role in this system: ask the bureau to grant one')}`);
      return back(pending.returnTo);
    } catch (err) {
      return back(`/sign-in?error=${encodeURIComponent(`the identity provider refused the sign-in: ${(err as Error).message}`)}`);
    }
  }

  private signInInfo() {
    if (this.config.signIn.mode === 'oidc') {
      return {
        mode: 'oidc' as const,
        issuer: this.config.signIn.oidc.issuer,
        development: { available: false, reason: `development sign-in is off because an identity provider is configured (${this.config.signIn.oidc.issuer}); sign in through it` },
      };
    }
    return { mode: 'development' as const, development: { available: true, reason: 'no identity provider is configured: development sign-in with the local secret' } };
  }

  private tokenOptions(): { issuer?: string; audience?: string } {
    return this.config.signIn.mode === 'development' ? { issuer: this.config.signIn.issuer, audience: this.config.signIn.audience } : {};
  }

  private devSecret(): string {
    if (this.config.signIn.mode !== 'development') {
      throw new ForbiddenException({ statusCode: 403, code: 'PORTAL.DEV_SIGN_IN_DISABLED', message: this.signInInfo().development.reason });
    }
    return this.config.signIn.secret;
  }

  /** Sign-in is a write too: only this portal's own pages may post it (login CSRF). */
  private sameOrigin(request: FastifyRequest): void {
    const csrf = checkCsrf('POST', request.headers as Record<string, string>, undefined, portalOrigins(this.config.publicUrl, request));
    if (!csrf.ok) throw new ForbiddenException({ statusCode: 403, code: 'PORTAL.CSRF', message: csrf.reason });
  }
}
