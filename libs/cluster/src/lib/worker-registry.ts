import { closeRedis, createRedis, type RedisClient } from '@platform/redis';
import type { WorkerInfo } from './worker-info';

const MEMBERS = 'cluster:workers';
const entryKey = (id: string) => `cluster:worker:${id}`;

/**
 * How often a worker rewrites its entry to stay listed: a third of the entry's TTL (two missed
 * heartbeats are survived), and at most a second apart so the list stays fresh.
 */
export const heartbeatIntervalMs = (ttlMs: number) => Math.min(1000, Math.floor(ttlMs / 3));

/**
 * Live bot-workers, in Redis. Each worker rewrites its entry with a short TTL on every
 * heartbeat; a worker that stops heartbeating (killed, frozen, cut off) vanishes when the TTL
 * runs out. Liveness is the key's TTL in Redis, so no clocks of different hosts are compared.
 */
export class WorkerRegistry {
  // failFast: while Redis is away a heartbeat or a listing fails at once (the caller logs it
  // and tries again on its next tick) instead of landing late from an offline queue
  private readonly redis: RedisClient;

  constructor(redisUrl: string) {
    this.redis = createRedis(redisUrl, 'failFast');
  }

  async heartbeat(info: WorkerInfo, ttlMs: number): Promise<void> {
    await this.redis
      .multi()
      .set(entryKey(info.id), JSON.stringify(info), 'PX', ttlMs)
      .sadd(MEMBERS, info.id)
      .exec();
  }

  async deregister(id: string): Promise<void> {
    await this.redis.multi().del(entryKey(id)).srem(MEMBERS, id).exec();
  }

  /** Every worker whose entry has not expired, sorted by id. */
  async list(): Promise<WorkerInfo[]> {
    const ids = await this.redis.smembers(MEMBERS);
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map(entryKey));
    const gone = ids.filter((_, i) => values[i] === null);
    if (gone.length > 0) await this.redis.srem(MEMBERS, ...gone);
    return values
      .filter((v): v is string => v !== null)
      .map((v) => JSON.parse(v) as WorkerInfo)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}
