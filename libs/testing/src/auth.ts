import { signHs256Token, type Role } from '@app/auth';

export interface TestClaims {
  role: Role;
  sub?: string;
  county?: string;
  school?: string;
  teacher?: string;
}

/**
 * An HS256 token for the services under test, signed with the test secret (setup-env puts it in
 * AUTH_HS256_SECRET). ttlSeconds < 0 gives an expired token; `secret` signs with another key.
 */
export function mintTestToken(claims: TestClaims, options: { ttlSeconds?: number; secret?: string } = {}): Promise<string> {
  const secret = options.secret ?? process.env.AUTH_HS256_SECRET;
  if (!secret) throw new Error('AUTH_HS256_SECRET is not set: mintTestToken runs in integration tests (setup-env) or with an explicit secret');
  return signHs256Token({ sub: `test-${claims.role}`, ...claims }, secret, { ttlSeconds: options.ttlSeconds ?? 600 });
}

/** Request headers carrying the token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
