import Redis from 'ioredis';
import type { WorkerInfo } from './worker-info';

const MEMBERS = 'cluster:workers';
const entryKey = (id: string) => `cluster:worker:${id}`;

/**
 * Live bot-workers, in Redis. Each worker rewrites its entry with a short TTL on every
 * heartbeat; a worker that stops heartbeating (killed, frozen, cut off) vanishes when the TTL
 * runs out. Liveness is the key's TTL in Redis, so no clocks of different hosts are compared.
 */
export class WorkerRegistry {
  private readonly redis: Redis;

  constructor(redisUrl: string) {
    this.redis = new Redis(redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: () => 250,
    });
    this.redis.on('error', () => undefined); // reconnects; callers see failed commands
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
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
