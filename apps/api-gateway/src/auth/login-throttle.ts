import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { ApiError } from '../http/api-error';
import { accountLoginFailuresKey, ipLoginFailuresKey } from '../redis/gateway-keys';
import { GATEWAY_REDIS } from '../redis/gateway-redis.module';
import { RedisScript } from '../redis/redis-script';

export const LOGIN_THROTTLE_SETTINGS = Symbol('LOGIN_THROTTLE_SETTINGS');

export interface LoginThrottleSettings {
  maxPerAccount: number;
  maxPerIp: number;
  windowSeconds: number;
}

// Checks both counters and counts this attempt as a failure in one atomic step, so parallel
// guesses cannot all slip in before the first one is counted. A success takes it back.
// Returns 0 when admitted, else the milliseconds until the exhausted window ends.
const RESERVE = new RedisScript<number>(`
local maxima = {tonumber(ARGV[1]), tonumber(ARGV[2])}
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= maxima[i] then
    return math.max(redis.call('PTTL', key), 1000)
  end
end
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[3]) end
end
return 0`);

// The attempt was not a failure: forget the account's failures, give the address its attempt
// back (only while its window lasts, so no counter is left without an expiry).
const SUCCEEDED = new RedisScript<number>(`
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 1`);

/** Failed sign-ins per account and per client address, counted in Redis for every replica. */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    @Inject(LOGIN_THROTTLE_SETTINGS) private readonly settings: LoginThrottleSettings,
  ) {}

  /** Throws 429 (with Retry-After) when either counter is exhausted; else counts the attempt. */
  async reserveAttempt(email: string, ip: string): Promise<void> {
    const { maxPerAccount, maxPerIp, windowSeconds } = this.settings;
    const waitMs = await RESERVE.run(
      this.redis,
      [accountLoginFailuresKey(email), ipLoginFailuresKey(ip)],
      [maxPerAccount, maxPerIp, windowSeconds * 1000],
    );
    if (waitMs > 0)
      throw ApiError.rateLimited('too many failed sign-ins; try again later', waitMs / 1000);
  }

  /** The attempt succeeded: the account starts afresh and the address gets its attempt back. */
  async succeeded(email: string, ip: string): Promise<void> {
    await SUCCEEDED.run(this.redis, [accountLoginFailuresKey(email), ipLoginFailuresKey(ip)], []);
  }
}
