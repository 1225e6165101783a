import { SignJWT } from 'jose';
import type { TokenClaims } from './principal';

export interface SignOptions {
  /** lifetime in seconds; negative gives an already expired token (tests) */
  ttlSeconds: number;
  issuer?: string;
  audience?: string;
}

/**
 * Signs an HS256 token for local runs and tests (`npm run token`, mintTestToken). Production tokens
 * come from the identity provider and are checked against its JWKS; nothing here signs those.
 */
export async function signHs256Token(claims: Omit<TokenClaims, 'sub'> & { sub: string }, secret: string, options: SignOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const { sub, ...rest } = claims;
  const jwt = new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(options.ttlSeconds < 0 ? now + options.ttlSeconds - 60 : now)
    .setExpirationTime(now + options.ttlSeconds);
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
