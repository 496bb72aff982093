import { closeRedis, createRedis, type RedisClient } from '@platform/redis';

// One atomic step on Redis's own clock (no host clocks compared): if the exchange is paused,
// say for how long; otherwise add the weight to the current window unless that would pass the
// limit, in which case say how long until the next window.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = tonumber(redis.call('GET', KEYS[1] .. ':paused-until') or '0')
if paused > now then return paused - now end
local windowMs = tonumber(ARGV[3])
local window = math.floor(now / windowMs)
local key = KEYS[1] .. ':w:' .. window
local used = redis.call('INCRBY', key, ARGV[1])
if used == tonumber(ARGV[1]) then redis.call('PEXPIRE', key, windowMs * 2) end
if used > tonumber(ARGV[2]) then
  redis.call('DECRBY', key, ARGV[1])
  return (window + 1) * windowMs - now
end
return 0
`;

const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1] .. ':paused-until') or '0')
if untilMs > current then redis.call('SET', KEYS[1] .. ':paused-until', untilMs, 'PX', tonumber(ARGV[1]) + 1000) end
return untilMs
`;

// The exchange says how much it counted in the current window: never count less than that
// (other programs on the same key, or a window the exchange started earlier than ours).
const OBSERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local windowMs = tonumber(ARGV[2])
local key = KEYS[1] .. ':w:' .. math.floor(now / windowMs)
local used = tonumber(redis.call('GET', key) or '0')
if tonumber(ARGV[1]) > used then redis.call('SET', key, ARGV[1], 'PX', windowMs * 2) end
return used
`;

/** Each exchange's request weight per minute, cluster-wide: the defaults of every WeightBudget. */
export const WEIGHT_BUDGET = { keyPrefix: 'budget', windowMs: 60_000 } as const;

/** Where a budget keeps `scope`'s counts: `<prefix>:<scope>:w:<window>` and `...:paused-until`. */
export const budgetKey = (keyPrefix: string, scope: string) => `${keyPrefix}:${scope}`;

export interface WeightBudgetOptions {
  /** Weight allowed per window and exchange, for every process together. */
  limits: Record<string, number>;
  /** Exchanges without a limit of their own. */
  defaultLimit: number;
  windowMs?: number;
  /** Redis key prefix, so several budgets (IP weight, orders per key) live side by side. */
  keyPrefix?: string;
}

/**
 * The cluster-wide request budget of each exchange, counted in the exchange's request weight
 * and kept in Redis, so every process on every notebook draws from the same one. Calls wait for
 * budget instead of being sent; a 429 or 418 pauses the exchange for everyone.
 */
export class WeightBudget {
  private readonly redis: RedisClient;

  constructor(
    redisUrl: string,
    private readonly options: WeightBudgetOptions,
  ) {
    this.redis = createRedis(redisUrl, 'command');
  }

  /** Resolves when `weight` may be spent on `scope` (an exchange, or an exchange's API key) now. */
  async take(scope: string, weight: number): Promise<void> {
    const limit = this.options.limits[scope] ?? this.options.defaultLimit;
    if (weight > limit)
      throw new Error(`a call of weight ${weight} can never fit the ${scope} budget of ${limit}`);
    for (;;) {
      const waitMs = Number(
        await this.redis.eval(TAKE, 1, this.key(scope), weight, limit, this.windowMs),
      );
      if (waitMs <= 0) return;
      await new Promise((r) =>
        setTimeout(r, Math.min(waitMs, 5_000) + Math.floor(Math.random() * 20)),
      );
    }
  }

  /** The exchange counted `used` in its current window: this window counts at least as much. */
  async observe(scope: string, used: number): Promise<void> {
    await this.redis.eval(OBSERVE, 1, this.key(scope), Math.floor(used), this.windowMs);
  }

  /** The length of one counting window. */
  get windowMs(): number {
    return this.options.windowMs ?? WEIGHT_BUDGET.windowMs;
  }

  /** Nobody spends on `scope` for `ms` (after a 429's Retry-After or until a ban ends). */
  async pause(scope: string, ms: number): Promise<void> {
    await this.redis.eval(PAUSE, 1, this.key(scope), Math.max(0, Math.ceil(ms)));
  }

  private key(scope: string): string {
    return budgetKey(this.options.keyPrefix ?? WEIGHT_BUDGET.keyPrefix, scope);
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}
