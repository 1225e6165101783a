import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { signHs256Token } from './token-signer';
import { InvalidTokenError, KeysUnavailableError, TokenVerifier } from './token-verifier';

const secret = 'a-local-test-secret-of-at-least-32-characters';
const school = '6f1c1c4e-6a8e-4a55-9d4b-1f0d8b1f6a01';
const teacher = '0b7f9d7e-2b7c-4a7a-8d4e-7c1a0f3e9b01';

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('TokenVerifier with a local HS256 secret', () => {
  const verifier = new TokenVerifier({ hs256Secret: secret });
  const sign = (claims: Record<string, unknown>, ttlSeconds = 60, key = secret) => signHs256Token({ sub: 'someone', role: 'city_admin', ...claims } as never, key, { ttlSeconds });

  it('turns each role\'s claims into a principal', async () => {
    expect(await verifier.verify(await sign({ role: 'city_admin', county: 'taishan' }))).toEqual({ subject: 'someone', role: 'city_admin' });
    expect(await verifier.verify(await sign({ role: 'scheduler' }))).toEqual({ subject: 'someone', role: 'scheduler' });
    expect(await verifier.verify(await sign({ role: 'county_hr', county: 'taishan' }))).toEqual({ subject: 'someone', role: 'county_hr', countyCode: 'taishan' });
    expect(await verifier.verify(await sign({ role: 'school_admin', county: 'taishan', school }))).toEqual({
      subject: 'someone',
      role: 'school_admin',
      countyCode: 'taishan',
      schoolId: school,
    });
    expect(await verifier.verify(await sign({ role: 'teacher', county: 'enping', teacher }))).toEqual({ subject: 'someone', role: 'teacher', countyCode: 'enping', teacherId: teacher });
  });

  it('refuses expired, foreign-signed, malformed and unsigned tokens', async () => {
    const expired = await rejection(verifier.verify(await sign({}, -3600)));
    expect(expired).toBeInstanceOf(InvalidTokenError);
    expect(expired.message).toBe('token has expired');
    expect((await rejection(verifier.verify(await sign({}, 60, 'another-secret-that-is-long-enough-too')))).message).toBe('token signature is not valid');
    for (const garbage of ['garbage', 'a.b.c', '']) {
      expect(await rejection(verifier.verify(garbage))).toBeInstanceOf(InvalidTokenError);
    }
    const [, payload] = (await sign({})).split('.');
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    expect(await rejection(verifier.verify(unsigned))).toBeInstanceOf(InvalidTokenError);
  });

  it('refuses tokens without an expiry or whose claims do not make a principal', async () => {
    const noExp = await new SignJWT({ role: 'city_admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').sign(new TextEncoder().encode(secret));
    expect((await rejection(verifier.verify(noExp))).message).toBe('token claim "exp" is missing');
    expect((await rejection(verifier.verify(await sign({ role: 'county_hr' })))).message).toBe('token claim county is required for role county_hr');
    expect((await rejection(verifier.verify(await sign({ role: 'school_admin', county: 'taishan' })))).message).toBe('token claim school is required for role school_admin');
    expect((await rejection(verifier.verify(await sign({ role: 'teacher', county: 'taishan' })))).message).toBe('token claim teacher is required for role teacher');
    expect((await rejection(verifier.verify(await sign({ role: 'superuser' })))).message).toMatch(/^token claim role /);
    expect((await rejection(verifier.verify(await sign({ role: 'teacher', county: 'taishan', teacher: 'not-a-uuid' })))).message).toMatch(/^token claim teacher /);
  });

  it('checks issuer and audience when configured', async () => {
    const strict = new TokenVerifier({ hs256Secret: secret, issuer: 'https://id.example.org', audience: 'jiangmen' });
    const good = await signHs256Token({ sub: 'a', role: 'city_admin' }, secret, { ttlSeconds: 60, issuer: 'https://id.example.org', audience: 'jiangmen' });
    expect((await strict.verify(good)).role).toBe('city_admin');
    const wrongAudience = await signHs256Token({ sub: 'a', role: 'city_admin' }, secret, { ttlSeconds: 60, issuer: 'https://id.example.org', audience: 'elsewhere' });
    expect((await rejection(strict.verify(wrongAudience))).message).toBe('token claim "aud" is not accepted');
    expect((await rejection(strict.verify(await sign({})))).message).toBe('token claim "iss" is missing');
  });

  it('needs exactly one key source', () => {
    expect(() => new TokenVerifier({})).toThrow(/exactly one/);
    expect(() => new TokenVerifier({ hs256Secret: secret, jwksUrl: 'http://127.0.0.1/jwks' })).toThrow(/exactly one/);
  });
});

describe('TokenVerifier against an identity provider\'s JWKS', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: KeyLike;
  let fetches = 0;
  const issuer = 'https://id.jiangmen.example';

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      fetches++;
      if (req.url !== '/.well-known/jwks.json') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const rs256 = (key: KeyLike, kid = 'key-1', claims: Record<string, unknown> = { role: 'county_hr', county: 'kaiping' }) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setSubject('hr-kaiping').setIssuer(issuer).setAudience('jiangmen').setIssuedAt().setExpirationTime('5m').sign(key);

  it('verifies a token signed with the provider\'s key, fetching the key set once', async () => {
    const verifier = new TokenVerifier({ jwksUrl, issuer, audience: 'jiangmen' });
    expect(verifier.mode).toBe('jwks');
    const before = fetches;
    expect(await verifier.verify(await rs256(privateKey))).toEqual({ subject: 'hr-kaiping', role: 'county_hr', countyCode: 'kaiping' });
    expect(await verifier.verify(await rs256(privateKey))).toEqual({ subject: 'hr-kaiping', role: 'county_hr', countyCode: 'kaiping' });
    expect(fetches - before).toBe(1);
  });

  it('refuses a token signed with another key, an unknown key id, or an HS256 token', async () => {
    const verifier = new TokenVerifier({ jwksUrl, issuer, audience: 'jiangmen' });
    const stranger = (await generateKeyPair('RS256')).privateKey;
    expect((await rejection(verifier.verify(await rs256(stranger)))).message).toBe('token signature is not valid');
    expect((await rejection(verifier.verify(await rs256(stranger, 'key-2')))).message).toBe('token is not signed with a key of the identity provider');
    const hs = await signHs256Token({ sub: 'x', role: 'city_admin' }, secret, { ttlSeconds: 60, issuer, audience: 'jiangmen' });
    expect((await rejection(verifier.verify(hs))).message).toBe('token signing algorithm is not accepted');
  });

  it('reports the provider as unavailable, not the token as bad, when its keys cannot be fetched', async () => {
    const missing = new TokenVerifier({ jwksUrl: jwksUrl.replace('jwks.json', 'nothing.json'), issuer, audience: 'jiangmen' });
    expect(await rejection(missing.verify(await rs256(privateKey)))).toBeInstanceOf(KeysUnavailableError);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = new TokenVerifier({ jwksUrl: `http://127.0.0.1:${port}/jwks.json`, issuer, audience: 'jiangmen' });
    expect(await rejection(down.verify(await rs256(privateKey)))).toBeInstanceOf(KeysUnavailableError);
  });
});
