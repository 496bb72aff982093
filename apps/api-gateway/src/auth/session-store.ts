import { Inject, Injectable } from '@nestjs/common';
import type { UserRole } from '@platform/persistence';
import type { RedisClient } from '@platform/redis';
import {
  disabledUserKey,
  SESSION_KEY_PREFIX,
  sessionKey,
  userSessionsKey,
} from '../redis/gateway-keys';
import { GATEWAY_REDIS } from '../redis/gateway-redis.module';
import { RedisScript } from '../redis/redis-script';
import { hashSessionToken, newSessionToken } from './session-token';

export const SESSION_TTL_SECONDS = Symbol('SESSION_TTL_SECONDS');

export interface IssuedSession {
  token: string;
  expiresAt: Date;
}

// Adds the session and forgets the user's sessions that have expired meanwhile, so the set
// does not grow with every sign-in. None for a disabled user (0): a sign-in that checked the
// account just before an admin disabled it gets no session after the disable ended them all.
const CREATE = new RedisScript<number>(`
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
for _, hash in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('EXISTS', ARGV[4] .. hash) == 0 then redis.call('SREM', KEYS[2], hash) end
end
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1`);

// Every session of the user, at once: any replica that looks a token up afterwards finds nothing.
// With KEYS[2] (a disable) in the same step the user is marked, so no session can slip in
// between: a create either ran before (and is ended here) or sees the mark.
const REVOKE_ALL = new RedisScript<number>(`
local hashes = redis.call('SMEMBERS', KEYS[1])
for _, hash in ipairs(hashes) do redis.call('DEL', ARGV[1] .. hash) end
redis.call('DEL', KEYS[1])
if KEYS[2] then redis.call('SET', KEYS[2], '1') end
return #hashes`);

/**
 * Sessions in Redis, shared by every gateway replica: only the token's hash is stored, with
 * the user and role, expiring after the TTL. Lookups happen in the request gate.
 */
@Injectable()
export class SessionStore {
  constructor(
    @Inject(GATEWAY_REDIS) private readonly redis: RedisClient,
    @Inject(SESSION_TTL_SECONDS) private readonly ttlSeconds: number,
  ) {}

  /** A new session; null when the user is disabled (see {@link disable}). */
  async create(userId: string, role: UserRole): Promise<IssuedSession | null> {
    const token = newSessionToken();
    const hash = hashSessionToken(token);
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    const created = await CREATE.run(
      this.redis,
      [sessionKey(hash), userSessionsKey(userId), disabledUserKey(userId)],
      [JSON.stringify({ userId, role }), this.ttlSeconds, hash, SESSION_KEY_PREFIX],
    );
    return created === 1 ? { token, expiresAt } : null;
  }

  async revoke(userId: string, sessionId: string): Promise<void> {
    await this.redis
      .multi()
      .del(sessionKey(sessionId))
      .srem(userSessionsKey(userId), sessionId)
      .exec();
  }

  /** Revokes every session of the user; returns how many there were. */
  revokeAll(userId: string): Promise<number> {
    return REVOKE_ALL.run(this.redis, [userSessionsKey(userId)], [SESSION_KEY_PREFIX]);
  }

  /**
   * After an admin disabled the user (committed in Postgres): ends every session and keeps
   * new ones from being created or admitted (the request gate reads the mark) until
   * {@link enable}. Returns how many sessions there were.
   */
  disable(userId: string): Promise<number> {
    return REVOKE_ALL.run(
      this.redis,
      [userSessionsKey(userId), disabledUserKey(userId)],
      [SESSION_KEY_PREFIX],
    );
  }

  /** The user may sign in again. */
  async enable(userId: string): Promise<void> {
    await this.redis.del(disabledUserKey(userId));
  }
}
