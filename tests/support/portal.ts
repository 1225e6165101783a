import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { freePort, ROOT } from '@app/testing';

/**
 * The portal gateway as people run it (node dist/apps/portal/src/main.js), on a free port, with the
 * environment given; resolves once /health answers. stop() sends SIGTERM and waits.
 */
export interface GatewayProcess {
  url: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

export async function startGateway(env: Record<string, string | undefined>): Promise<GatewayProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/apps/portal/src/main.js')], {
    env: { ...process.env, LOG_LEVEL: 'warn', PORTAL_HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the portal exited with ${child.exitCode}: ${output.trim()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`the portal did not answer on ${url}: ${output.trim()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Cookies a client keeps between requests (what a browser does for the gateway's session cookie). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  /** the raw Set-Cookie headers seen, for attribute checks */
  readonly seen: string[] = [];

  take(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      this.seen.push(header);
      const [pair] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/**
 * A minimal OpenID Connect provider on loopback for the sign-in tests: discovery, JWKS, an authorize
 * endpoint that signs the person in at once, and a token endpoint that checks the PKCE verifier and
 * issues RS256 tokens (the access token carries the role claims the services read).
 */
export interface FakeProvider {
  issuer: string;
  clientId: string;
  /** claims the next sign-in's access token carries */
  claims: Record<string, unknown>;
  /** what the token endpoint saw */
  exchanges: { codeVerifierMatched: boolean; redirectUri: string }[];
  authorizeRequests: URLSearchParams[];
  stop(): Promise<void>;
}

export async function startFakeProvider(): Promise<FakeProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; nonce: string; redirectUri: string }>();
  const provider: FakeProvider = {
    issuer,
    clientId: 'jiangmen-portal',
    claims: { sub: 'oidc-person', role: 'city_admin', name: '市教育局测试' },
    exchanges: [],
    authorizeRequests: [],
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const sign = (key: KeyLike, claims: Record<string, unknown>, audience: string) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime('1h').sign(key);
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        end_session_endpoint: `${issuer}/logout`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      provider.authorizeRequests.push(url.searchParams);
      const code = randomBytes(16).toString('base64url');
      codes.set(code, { challenge: url.searchParams.get('code_challenge') ?? '', nonce: url.searchParams.get('nonce') ?? '', redirectUri: url.searchParams.get('redirect_uri') ?? '' });
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      back.searchParams.set('iss', issuer);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!grant) return json(400, { error: 'invalid_grant' });
      const verifier = form.get('code_verifier') ?? '';
      const matched = createHash('sha256').update(verifier).digest('base64url') === grant.challenge;
      provider.exchanges.push({ codeVerifierMatched: matched, redirectUri: form.get('redirect_uri') ?? '' });
      if (!matched) return json(400, { error: 'invalid_grant', error_description: 'PKCE verifier does not match' });
      return json(200, {
        token_type: 'Bearer',
        expires_in: 3600,
        access_token: await sign(privateKey, provider.claims, 'jiangmen-services'),
        id_token: await sign(privateKey, { sub: String(provider.claims.sub), nonce: grant.nonce, name: provider.claims.name }, provider.clientId),
      });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return provider;
}
