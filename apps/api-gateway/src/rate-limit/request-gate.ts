import { Inject, Injectable } from '@nestjs/common';
import type { UserRole } from '@platform/persistence';
import type { RedisClient } from '@platform/redis';
import {
  BOTS_VERSION_KEY_PREFIX,
  DISABLED_USER_KEY_PREFIX,
  ipRequestsKey,
  sessionKey,
  USER_REQUESTS_KEY_PREFIX,
} from '../redis/gateway-keys';
import { GATEWAY_REDIS } from '../redis/gateway-redis.module';
import { RedisScript } from '../redis/redis-script';

export const RATE_LIMITS = Symbol('RATE_LIMITS');

export interface RateLimits {
  perIpPerMinute: number;
  perUserPerMinute: number;
}

/** One counter after this request: `count` requests in a window that ends in `resetMs`. */
export interface WindowCount {
  count: number;
  limit: number;
  resetMs: number;
}

export interface Admission {
  session: { userId: string; role: UserRole } | null;
  ip: WindowCount;
  user: WindowCount | null;
  /** The user's bots version ('' when none was written yet), null without a session. */
  botsVersion: string | null;
}

const WINDOW_MS = 60_000;

// One round trip per request: count the client address, look the session up and, when there
// is one, count its user and read their bots version (what the GET /bots cache is keyed by:
// see bots/bot-list-cache.ts). Fixed windows that start at a counter's first request; the window
// is a Redis TTL, so replicas never compare clocks. A session of a user an admin disabled
// counts as none (a 401), should one have outlived the disable. (The user key is derived
// inside the script, like the version and disabled keys: fine on one Redis, they would need a
// hash tag on Redis Cluster.)
const ADMIT = new RedisScript<[number, number, string, number, number, string]>(`
local function hit(key, windowMs)
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, windowMs)
    ttl = windowMs
  end
  return count, ttl
end
local windowMs = tonumber(ARGV[1])
local ipCount, ipTtl = hit(KEYS[1], windowMs)
local session = false
local userCount, userTtl = -1, 0
local version = ''
if KEYS[2] ~= '' then
  session = redis.call('GET', KEYS[2])
  local userId = session and cjson.decode(session).userId
  if userId and redis.call('EXISTS', ARGV[4] .. userId) == 1 then session = false end
  if session then
    userCount, userTtl = hit(ARGV[2] .. userId, windowMs)
    version = redis.call('GET', ARGV[3] .. userId) or ''
  end
end
return {ipCount, ipTtl, session or '', userCount, userTtl, version}`);

/** Counts a request against the per-IP and per-user limits and resolves its session. */
@Injectable()
export class RequestGate {
  constructor(
    @Inject(GATEWAY_REDIS) private readonly redis: RedisClient,
    @Inject(RATE_LIMITS) private readonly limits: RateLimits,
  ) {}

  async admit(ip: string, tokenHash: string | null): Promise<Admission> {
    const [ipCount, ipTtl, session, userCount, userTtl, botsVersion] = await ADMIT.run(
      this.redis,
      [ipRequestsKey(ip), tokenHash ? sessionKey(tokenHash) : ''],
      [WINDOW_MS, USER_REQUESTS_KEY_PREFIX, BOTS_VERSION_KEY_PREFIX, DISABLED_USER_KEY_PREFIX],
    );
    return {
      session: session ? (JSON.parse(session) as Admission['session']) : null,
      ip: { count: ipCount, limit: this.limits.perIpPerMinute, resetMs: ipTtl },
      user: session
        ? { count: userCount, limit: this.limits.perUserPerMinute, resetMs: userTtl }
        : null,
      botsVersion: session ? botsVersion : null,
    };
  }
}
