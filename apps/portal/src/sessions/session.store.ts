import type { Redis } from 'ioredis';
import { newSessionId, sessionKey, type Session } from './session';

/** Sessions in Redis under a hash of their id, expiring with the session. */
export class SessionStore {
  constructor(private readonly redis: Redis) {}

  async create(session: Session, ttlSeconds: number): Promise<string> {
    const id = newSessionId();
    await this.redis.set(sessionKey(id), JSON.stringify(session), 'EX', Math.max(1, ttlSeconds));
    return id;
  }

  async find(id: string | undefined): Promise<Session | null> {
    if (!id || id.length > 100) return null;
    const raw = await this.redis.get(sessionKey(id));
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return session.expiresAt * 1000 > Date.now() ? session : null;
  }

  async delete(id: string | undefined): Promise<void> {
    if (id) await this.redis.del(sessionKey(id));
  }

  /** A short-lived value for the sign-in round trip with the identity provider (state → PKCE verifier, nonce). */
  async putPending(state: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.redis.set(`portal:oidc:${state}`, JSON.stringify(value), 'EX', ttlSeconds);
  }

  async takePending<T>(state: string): Promise<T | null> {
    const key = `portal:oidc:${state}`;
    const raw = await this.redis.getdel(key);
    return raw ? (JSON.parse(raw) as T) : null;
  }
}
