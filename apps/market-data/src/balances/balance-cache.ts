import type { BalanceReply } from '@platform/contracts';
import { closeRedis, createRedis, type RedisClient } from '@platform/redis';

const cacheKey = (accountId: string) => `md:balance:${accountId}`;
const lockKey = (accountId: string) => `md:balance-lock:${accountId}`;

/**
 * Balances cached in Redis per account, and a short lock so that one market-data replica
 * fetches while the others wait for its answer: every replica receives the same transport
 * request (pub/sub), and the exchange must see one call.
 */
export class BalanceCache {
  private readonly redis: RedisClient;

  constructor(redisUrl: string) {
    this.redis = createRedis(redisUrl, 'command');
  }

  async read(accountId: string): Promise<BalanceReply | null> {
    const raw = await this.redis.get(cacheKey(accountId));
    return raw === null ? null : (JSON.parse(raw) as BalanceReply);
  }

  async write(reply: BalanceReply, ttlMs: number): Promise<void> {
    await this.redis.set(cacheKey(reply.exchangeAccountId), JSON.stringify(reply), 'PX', ttlMs);
  }

  /** True when this caller may fetch; the lock expires by itself if the fetcher dies. */
  async tryLock(accountId: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(lockKey(accountId), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async unlock(accountId: string): Promise<void> {
    await this.redis.del(lockKey(accountId));
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}
