import { closeRedis, createRedis, type RedisClient } from '@platform/redis';

/**
 * Who is alive, in Redis: each member rewrites its entry (`cluster:<kind>:<id>`, JSON) with a
 * short TTL on every heartbeat and is listed in a set (`cluster:<kind>s`); one that stops
 * heartbeating (killed, frozen, cut off) vanishes when the TTL runs out and is swept from the
 * set by the next listing. Liveness is the key's TTL in Redis, so no clocks of different hosts
 * are compared. Bot-workers and gateways both list themselves this way.
 */
export class PresenceRegistry<T> {
  // failFast: while Redis is away a heartbeat or a listing fails at once (the caller logs it
  // and tries again on its next tick) instead of landing late from an offline queue
  private readonly redis: RedisClient;
  private readonly members: string;

  constructor(
    redisUrl: string,
    private readonly kind: string,
    private readonly idOf: (member: T) => string,
  ) {
    this.redis = createRedis(redisUrl, 'failFast');
    this.members = `cluster:${kind}s`;
  }

  private entryKey(id: string) {
    return `cluster:${this.kind}:${id}`;
  }

  async heartbeat(member: T, ttlMs: number): Promise<void> {
    const id = this.idOf(member);
    await this.redis
      .multi()
      .set(this.entryKey(id), JSON.stringify(member), 'PX', ttlMs)
      .sadd(this.members, id)
      .exec();
  }

  async deregister(id: string): Promise<void> {
    await this.redis.multi().del(this.entryKey(id)).srem(this.members, id).exec();
  }

  /** Every member whose entry has not expired, sorted by id. */
  async list(): Promise<T[]> {
    const ids = await this.redis.smembers(this.members);
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map((id) => this.entryKey(id)));
    const gone = ids.filter((_, i) => values[i] === null);
    if (gone.length > 0) await this.redis.srem(this.members, ...gone);
    return values
      .filter((v): v is string => v !== null)
      .map((v) => JSON.parse(v) as T)
      .sort((a, b) => this.idOf(a).localeCompare(this.idOf(b)));
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}
