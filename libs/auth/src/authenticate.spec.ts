import { AuthenticationFailed, authenticateToken, bearerToken, hasRole } from './authenticate';
import { signHs256Token } from './token-signer';
import { KeysUnavailableError, TokenVerifier } from './token-verifier';

const secret = 'a-local-test-secret-of-at-least-32-characters';

async function failure(work: () => unknown): Promise<AuthenticationFailed> {
  try {
    await work();
  } catch (err) {
    if (err instanceof AuthenticationFailed) return err;
    throw err;
  }
  throw new Error('expected an AuthenticationFailed');
}

describe('request authentication (shared by the guard and plugin hooks)', () => {
  const verifier = new TokenVerifier({ hs256Secret: secret });

  it('takes the token out of "Bearer <token>", refusing a missing or malformed header with a challenge', async () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer   abc.def.ghi ')).toBe('abc.def.ghi');
    const missing = await failure(() => bearerToken(undefined));
    expect({ status: missing.status, body: missing.body(), challenge: missing.challenge }).toEqual({
      status: 401,
      body: { statusCode: 401, code: 'AUTH.UNAUTHENTICATED', message: 'a bearer token is required (Authorization: Bearer <token>)' },
      challenge: 'Bearer',
    });
    for (const header of ['', 'Basic dXNlcjpwYXNz', 'Bearer', ['Bearer a', 'Bearer b']]) {
      const f = await failure(() => bearerToken(header));
      expect(f.status).toBe(401);
    }
    expect((await failure(() => bearerToken('Basic x'))).challenge).toBe('Bearer error="invalid_request"');
  });

  it('verifies a token into its principal; a bad one is 401 invalid_token, unreachable keys 503', async () => {
    const token = await signHs256Token({ sub: 'ops', role: 'scheduler' }, secret, { ttlSeconds: 60 });
    expect(await authenticateToken(verifier, token)).toEqual({ subject: 'ops', role: 'scheduler' });
    const expired = await failure(async () => authenticateToken(verifier, await signHs256Token({ sub: 'ops', role: 'scheduler' }, secret, { ttlSeconds: -3600 })));
    expect({ status: expired.status, message: expired.message, challenge: expired.challenge }).toEqual({ status: 401, message: 'token has expired', challenge: 'Bearer error="invalid_token"' });

    const down = { verify: async () => Promise.reject(new KeysUnavailableError('keys unavailable: ECONNREFUSED')) } as unknown as TokenVerifier;
    const unavailable = await failure(() => authenticateToken(down, token));
    expect(unavailable.body()).toEqual({ statusCode: 503, code: 'AUTH.UNAVAILABLE', message: 'tokens cannot be checked: the identity provider does not answer' });
    expect(unavailable.keysError?.message).toBe('keys unavailable: ECONNREFUSED');
  });

  it('lets a listed role through, and city_admin always', () => {
    expect(hasRole({ subject: 's', role: 'scheduler' }, ['scheduler'])).toBe(true);
    expect(hasRole({ subject: 'a', role: 'city_admin' }, ['scheduler'])).toBe(true);
    expect(hasRole({ subject: 'h', role: 'county_hr', countyCode: 'kaiping' }, ['scheduler'])).toBe(false);
    expect(hasRole({ subject: 'h', role: 'county_hr', countyCode: 'kaiping' }, undefined)).toBe(true);
  });
});
