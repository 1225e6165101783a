import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import type { BaseConfig } from '@app/platform';
import { principalFromClaims, type Principal } from './principal';

/** The token is missing a part, expired, badly signed or its claims do not describe a principal: 401. */
export class InvalidTokenError extends Error {}
/** The identity provider's keys could not be fetched, so no token can be judged: 503. */
export class KeysUnavailableError extends Error {}

export interface TokenVerifierOptions {
  /** production: the identity provider's JWKS (asymmetric keys only) */
  jwksUrl?: string;
  /** local runs and tests: a shared HS256 secret */
  hs256Secret?: string;
  issuer?: string;
  audience?: string;
  /** accepted clock skew on exp/nbf, seconds */
  clockToleranceSeconds?: number;
}

// Never HS* against a JWKS: a public key must not double as an HMAC secret.
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Verifies bearer JWTs against exactly one key source and turns their claims into a Principal. */
export class TokenVerifier {
  readonly mode: 'jwks' | 'hs256';
  private readonly verifyJwt: (token: string) => Promise<JWTPayload>;

  constructor(options: TokenVerifierOptions) {
    if (Boolean(options.jwksUrl) === Boolean(options.hs256Secret)) throw new Error('TokenVerifier needs exactly one of jwksUrl and hs256Secret');
    const common: JWTVerifyOptions = {
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: options.clockToleranceSeconds ?? 30,
      requiredClaims: ['sub', 'exp'],
    };
    if (options.jwksUrl) {
      this.mode = 'jwks';
      const keySet = createRemoteJWKSet(new URL(options.jwksUrl));
      // Only "no key matches the token" is the token's fault; any other failure to get the keys (timeout,
      // refused connection, non-200 answer, invalid key set) is the provider's.
      const keys: JWTVerifyGetKey = async (header, token) => {
        try {
          return await keySet(header, token);
        } catch (err) {
          if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) throw err;
          throw new KeysUnavailableError(`identity provider keys unavailable: ${(err as Error)?.message ?? String(err)}`);
        }
      };
      this.verifyJwt = async (token) => (await jwtVerify(token, keys, { ...common, algorithms: ASYMMETRIC })).payload;
    } else {
      this.mode = 'hs256';
      const secret = new TextEncoder().encode(options.hs256Secret);
      this.verifyJwt = async (token) => (await jwtVerify(token, secret, { ...common, algorithms: ['HS256'] })).payload;
    }
  }

  static fromConfig(config: Pick<BaseConfig, 'AUTH_JWKS_URL' | 'AUTH_HS256_SECRET' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'>): TokenVerifier {
    return new TokenVerifier({ jwksUrl: config.AUTH_JWKS_URL, hs256Secret: config.AUTH_HS256_SECRET, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE });
  }

  /** Resolves to the token's principal; rejects with InvalidTokenError or KeysUnavailableError. */
  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      payload = await this.verifyJwt(token);
    } catch (err) {
      throw explain(err);
    }
    const mapped = principalFromClaims(payload);
    if ('error' in mapped) throw new InvalidTokenError(`token claim ${mapped.error}`);
    return mapped.principal;
  }
}

/** jose's errors in words a client can act on; anything unforeseen stays an error (500). */
function explain(err: unknown): Error {
  if (err instanceof KeysUnavailableError) return err;
  if (err instanceof errors.JWTExpired) return new InvalidTokenError('token has expired');
  if (err instanceof errors.JWTClaimValidationFailed) return new InvalidTokenError(`token claim "${err.claim}" ${err.reason === 'missing' ? 'is missing' : 'is not accepted'}`);
  if (err instanceof errors.JWSSignatureVerificationFailed) return new InvalidTokenError('token signature is not valid');
  if (err instanceof errors.JWKSNoMatchingKey) return new InvalidTokenError('token is not signed with a key of the identity provider');
  if (err instanceof errors.JOSEAlgNotAllowed) return new InvalidTokenError('token signing algorithm is not accepted');
  if (err instanceof errors.JWKSMultipleMatchingKeys) return new InvalidTokenError('token does not name which key of the identity provider signed it');
  if (err instanceof errors.JOSEError) return new InvalidTokenError('token is malformed');
  return err instanceof Error ? err : new Error(String(err));
}
