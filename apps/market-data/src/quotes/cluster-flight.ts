import { closeRedis, createRedis, type RedisClient } from '@platform/redis';
import { waitForValue } from '../balances/wait-for-value';

export interface ClusterFlightOptions {
  /** Redis key prefix of the results and their locks, e.g. `md:candle-range`. */
  prefix: string;
  /** How long a result stays readable for the replicas waiting on it. */
  resultTtlMs: number;
  /** How long one replica may take; then the lock lapses and the waiters give up. */
  lockMs: number;
}

/**
 * One exchange call for the whole cluster: every market-data replica receives each transport
 * request (pub/sub), so the first to take a short Redis lock does the work and leaves the
 * result in Redis, where the others read it. A replica that dies mid-way leaves a lock that
 * lapses by itself.
 */
export class ClusterFlight<T> {
  private readonly redis: RedisClient;

  constructor(
    redisUrl: string,
    private readonly options: ClusterFlightOptions,
  ) {
    this.redis = createRedis(redisUrl, 'command');
  }

  async run(key: string, work: () => Promise<T>): Promise<T> {
    const resultKey = `${this.options.prefix}:${key}`;
    const lockKey = `${this.options.prefix}-lock:${key}`;
    const read = async () => {
      const raw = await this.redis.get(resultKey);
      return raw === null ? null : (JSON.parse(raw) as T);
    };
    const ready = await read();
    if (ready !== null) return ready;
    const locked = await this.redis.set(lockKey, '1', 'PX', this.options.lockMs, 'NX');
    if (locked !== 'OK') return waitForValue(read, this.options.lockMs);
    try {
      const result = await work();
      await this.redis.set(resultKey, JSON.stringify(result), 'PX', this.options.resultTtlMs);
      return result;
    } finally {
      await this.redis.del(lockKey);
    }
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}
