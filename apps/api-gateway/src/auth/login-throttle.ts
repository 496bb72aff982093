import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@platform/redis';
import { ApiError } from '../http/api-error';
import {
  accountLoginFailuresKey,
  ipLoginFailuresKey,
  knownLoginAddressesKey,
  pairLoginFailuresKey,
  pairLoginWaitKey,
} from '../redis/gateway-keys';
import { GATEWAY_REDIS } from '../redis/gateway-redis.module';
import { RedisScript } from '../redis/redis-script';

export const LOGIN_THROTTLE_SETTINGS = Symbol('LOGIN_THROTTLE_SETTINGS');

export interface LoginThrottleSettings {
  /** Failures of one address on one account before each further attempt waits 1 s, 2 s, 4 s... */
  failuresPerPair: number;
  /** Failures on one account from all addresses before unknown addresses get one try per maxDelay. */
  maxPerAccount: number;
  /** Failures of one address over all accounts before it gets 429 until its window ends. */
  maxPerIp: number;
  windowSeconds: number;
  maxDelaySeconds: number;
}

/** How long an address that signed in stays known to the account, and how many it keeps. */
const KNOWN_ADDRESS_SECONDS = 30 * 24 * 3600;
const KNOWN_ADDRESSES_MAX = 20;

// One atomic step, shared by every gateway: refuse while the pair must wait or the address has
// used up its window; else count this attempt as a failure everywhere (a success takes it back)
// and set the wait before the pair's next attempt. Returns 0 when admitted, else the wait in ms.
// KEYS: pair failures, pair wait, address failures, account failures, known addresses.
// ARGV: failures per pair, max per address, max per account, window ms, max delay ms, address.
const RESERVE = new RedisScript<number>(`
local wait = redis.call('PTTL', KEYS[2])
if wait > 0 then return wait end
if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[2]) then
  return math.max(redis.call('PTTL', KEYS[3]), 1000)
end
if redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[4]) end
local onAccount = redis.call('INCR', KEYS[4])
if onAccount == 1 then redis.call('PEXPIRE', KEYS[4], ARGV[4]) end
local failures = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local free, maxDelay = tonumber(ARGV[1]), tonumber(ARGV[5])
local delay = 0
if onAccount > tonumber(ARGV[3]) and redis.call('SISMEMBER', KEYS[5], ARGV[6]) == 0 then
  delay = maxDelay
elseif failures >= free then
  delay = math.min(1000 * 2 ^ math.min(failures - free, 30), maxDelay)
end
if delay > 0 then redis.call('SET', KEYS[2], math.floor(delay), 'PX', math.floor(delay)) end
return 0`);

// The attempt failed: its pair's wait counts from now, not from before the password check.
const FAILED = new RedisScript<number>(`
local delay = redis.call('GET', KEYS[1])
if delay then redis.call('SET', KEYS[1], delay, 'PX', delay) end
return 1`);

// The attempt was not a failure: the pair starts afresh, the address and the account get the
// attempt back (only while their windows last, so no counter is left without an expiry), and
// the address becomes known to the account.
// ARGV: address, known seconds, most known addresses.
const SUCCEEDED = new RedisScript<number>(`
redis.call('DEL', KEYS[1], KEYS[2])
for i = 3, 4 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
if redis.call('SISMEMBER', KEYS[5], ARGV[1]) == 0 then
  while redis.call('SCARD', KEYS[5]) >= tonumber(ARGV[3]) do redis.call('SPOP', KEYS[5]) end
  redis.call('SADD', KEYS[5], ARGV[1])
end
redis.call('EXPIRE', KEYS[5], ARGV[2])
return 1`);

/**
 * Sign-in throttling after OWASP's authentication guidance: growing delays per (account,
 * address) pair instead of an account lockout, so a stranger who knows an email cannot lock its
 * owner out; a cap per address against one address spraying many accounts; and against many
 * addresses on one account, a cap that slows only addresses that have not signed in to it.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(GATEWAY_REDIS) private readonly redis: RedisClient,
    @Inject(LOGIN_THROTTLE_SETTINGS) private readonly settings: LoginThrottleSettings,
  ) {}

  /** Throws 429 (with Retry-After) while this address must wait; else counts the attempt. */
  async reserveAttempt(email: string, ip: string): Promise<void> {
    const s = this.settings;
    const waitMs = await RESERVE.run(this.redis, this.keys(email, ip), [
      s.failuresPerPair,
      s.maxPerIp,
      s.maxPerAccount,
      s.windowSeconds * 1000,
      s.maxDelaySeconds * 1000,
      ip,
    ]);
    if (waitMs > 0)
      throw ApiError.rateLimited('too many failed sign-ins; try again later', waitMs / 1000);
  }

  /** The attempt failed: the wait before this address's next attempt starts now. */
  async failed(email: string, ip: string): Promise<void> {
    await FAILED.run(this.redis, [pairLoginWaitKey(email, ip)], []);
  }

  /** The attempt succeeded: the pair starts afresh and the address is known to the account. */
  async succeeded(email: string, ip: string): Promise<void> {
    await SUCCEEDED.run(this.redis, this.keys(email, ip), [
      ip,
      KNOWN_ADDRESS_SECONDS,
      KNOWN_ADDRESSES_MAX,
    ]);
  }

  private keys(email: string, ip: string): string[] {
    return [
      pairLoginFailuresKey(email, ip),
      pairLoginWaitKey(email, ip),
      ipLoginFailuresKey(ip),
      accountLoginFailuresKey(email),
      knownLoginAddressesKey(email),
    ];
  }
}
