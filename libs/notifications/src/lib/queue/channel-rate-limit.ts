import type { RedisClient } from '@platform/redis';

// The next free slot of a channel, on Redis' clock (one clock for every replica): 0 and the
// slot taken when it is free, else how many ms until it is.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
if free <= now then
  redis.call('SET', KEYS[1], now + interval, 'PX', interval + 1000)
  return 0
end
return free - now`;

/**
 * At most one message per `intervalMs` to each channel, across all replicas (Telegram allows
 * about one message a second per chat). BullMQ's own limiter is per queue, not per key.
 */
export class ChannelRateLimit {
  constructor(
    private readonly redis: RedisClient,
    private readonly intervalMs: number,
    private readonly prefix = 'notifications',
  ) {}

  /** 0: send now (the slot is taken); otherwise wait this many ms and ask again. */
  async reserve(channelId: string): Promise<number> {
    if (this.intervalMs <= 0) return 0;
    const wait = await this.redis.eval(
      RESERVE,
      1,
      `${this.prefix}:channel-slot:${channelId}`,
      String(this.intervalMs),
    );
    return Number(wait);
  }
}
