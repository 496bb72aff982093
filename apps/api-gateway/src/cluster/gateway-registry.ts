import type { GatewayView } from '@platform/api-schemas';
import { closeRedis, createRedis, type RedisClient } from '@platform/redis';

const MEMBERS = 'cluster:gateways';
const entryKey = (instanceId: string) => `cluster:gateway:${instanceId}`;

/**
 * Live gateways, in Redis, as libs/cluster keeps the bot-workers: each gateway rewrites its
 * entry with a short TTL, and one that stops (killed, frozen, cut off) vanishes when the TTL
 * runs out. Liveness is the key's TTL in Redis: no clocks of different hosts are compared.
 */
export class GatewayRegistry {
  // failFast: while Redis is away a heartbeat or a listing fails at once instead of queueing
  private readonly redis: RedisClient;

  constructor(redisUrl: string) {
    this.redis = createRedis(redisUrl, 'failFast');
  }

  async heartbeat(gateway: GatewayView, ttlMs: number): Promise<void> {
    await this.redis
      .multi()
      .set(entryKey(gateway.instanceId), JSON.stringify(gateway), 'PX', ttlMs)
      .sadd(MEMBERS, gateway.instanceId)
      .exec();
  }

  async deregister(instanceId: string): Promise<void> {
    await this.redis.multi().del(entryKey(instanceId)).srem(MEMBERS, instanceId).exec();
  }

  /** Every gateway whose entry has not expired, sorted by instance id. */
  async list(): Promise<GatewayView[]> {
    const ids = await this.redis.smembers(MEMBERS);
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map(entryKey));
    const gone = ids.filter((_, i) => values[i] === null);
    if (gone.length > 0) await this.redis.srem(MEMBERS, ...gone);
    return values
      .filter((v): v is string => v !== null)
      .map((v) => JSON.parse(v) as GatewayView)
      .sort((a, b) => a.instanceId.localeCompare(b.instanceId));
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}
