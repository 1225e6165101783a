import { HttpException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@app/platform';
import { AuthGuard } from './auth.guard';
import { principalOf, Public, Roles } from './decorators';
import { signHs256Token } from './token-signer';
import { TokenVerifier } from './token-verifier';

const secret = 'a-local-test-secret-of-at-least-32-characters';

class Open {
  @Public()
  health() {}
}
@Roles('county_hr', 'scheduler')
class ReadModel {
  list() {}
  @Roles('teacher')
  mine() {}
  free() {}
}

function http(handler: () => void, cls: object, authorization?: string) {
  const request = { headers: authorization === undefined ? {} : { authorization } };
  const headers: Record<string, string> = {};
  const reply = { header: (name: string, value: string) => (headers[name] = value) };
  const context = {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => cls,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
  return { context, request, headers };
}

async function outcome(guard: AuthGuard, context: ExecutionContext): Promise<{ status: number; body: unknown } | true> {
  try {
    return (await guard.canActivate(context)) as true;
  } catch (err) {
    if (err instanceof HttpException) return { status: err.getStatus(), body: err.getResponse() };
    if (err instanceof DomainError) return { status: err.kind === 'forbidden' ? 403 : 500, body: { code: err.code, message: err.message } };
    throw err;
  }
}

describe('AuthGuard', () => {
  const guard = new AuthGuard(new Reflector(), new TokenVerifier({ hs256Secret: secret }));
  const token = (claims: Record<string, unknown>) => signHs256Token({ sub: 'u', ...claims } as never, secret, { ttlSeconds: 60 });

  it('lets Kafka handlers and @Public() routes through without a token', async () => {
    const rpc = { getType: () => 'rpc' } as unknown as ExecutionContext;
    expect(await guard.canActivate(rpc)).toBe(true);
    expect(await outcome(guard, http(Open.prototype.health, Open).context)).toBe(true);
  });

  it('answers 401 AUTH.UNAUTHENTICATED with a Bearer challenge for a missing, malformed or bad token', async () => {
    for (const header of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer not a token', 'Bearer garbage']) {
      const { context, headers } = http(ReadModel.prototype.list, ReadModel, header);
      const result = await outcome(guard, context);
      expect(result).toEqual({ status: 401, body: { statusCode: 401, code: 'AUTH.UNAUTHENTICATED', message: expect.any(String) } });
      expect(headers['www-authenticate']).toMatch(/^Bearer/);
    }
  });

  it('answers 403 AUTH.FORBIDDEN to a role the route does not list; city_admin always passes', async () => {
    const { context } = http(ReadModel.prototype.list, ReadModel, `Bearer ${await token({ role: 'teacher', county: 'taishan', teacher: '0b7f9d7e-2b7c-4a7a-8d4e-7c1a0f3e9b01' })}`);
    expect(await outcome(guard, context)).toEqual({ status: 403, body: { code: 'AUTH.FORBIDDEN', message: 'role teacher may not use this endpoint' } });
    const admin = http(ReadModel.prototype.list, ReadModel, `Bearer ${await token({ role: 'city_admin' })}`);
    expect(await outcome(guard, admin.context)).toBe(true);
    expect(principalOf(admin.request)).toEqual({ subject: 'u', role: 'city_admin' });
  });

  it('takes the method\'s @Roles() over the controller\'s, and needs only a valid token where none is given', async () => {
    const hr = `Bearer ${await token({ role: 'county_hr', county: 'taishan' })}`;
    expect(await outcome(guard, http(ReadModel.prototype.list, ReadModel, hr).context)).toBe(true);
    expect(await outcome(guard, http(ReadModel.prototype.mine, ReadModel, hr).context)).toMatchObject({ status: 403 });
    class Plain {
      any() {}
    }
    expect(await outcome(guard, http(Plain.prototype.any, Plain, hr).context)).toBe(true);
  });
});
