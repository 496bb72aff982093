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
  /**
   * What each member of this process last wrote (and the object it was written from): unchanged
   * entries only get their TTL renewed, and the same object is not even serialised again.
   */
  private readonly written = new Map<string, { member: T; value: string }>();
  /**
   * Each entry as last listed, parsed: an unchanged entry is not parsed again and comes back as
   * the same object (a worker's entry lists thousands of bot ids; workers list every second).
   */
  private listed = new Map<string, { raw: string; value: T }>();

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

  /**
   * Keeps the member listed for `ttlMs` more. An entry that did not change since this process
   * wrote it only has its TTL renewed (a worker's entry lists its bots: thousands of ids). Pass
   * a new object for a changed member: the same object is taken as unchanged.
   */
  async heartbeat(member: T, ttlMs: number): Promise<void> {
    const id = this.idOf(member);
    const last = this.written.get(id);
    const value = last?.member === member ? last.value : JSON.stringify(member);
    const key = this.entryKey(id);
    if (last?.value === value) {
      const [[, renewed] = []] = (await this.redis
        .multi()
        .pexpire(key, ttlMs)
        .sadd(this.members, id)
        .exec()) ?? [[]];
      if (renewed === 1) return; // else it expired meanwhile: write it whole again
    }
    this.written.set(id, { member, value });
    await this.redis.multi().set(key, value, 'PX', ttlMs).sadd(this.members, id).exec();
  }

  async deregister(id: string): Promise<void> {
    this.written.delete(id);
    await this.redis.multi().del(this.entryKey(id)).srem(this.members, id).exec();
  }

  /** Every member whose entry has not expired, sorted by id (treat them as read-only). */
  async list(): Promise<T[]> {
    const ids = await this.redis.smembers(this.members);
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map((id) => this.entryKey(id)));
    const gone = ids.filter((_, i) => values[i] === null);
    if (gone.length > 0) await this.redis.srem(this.members, ...gone);
    const members: T[] = [];
    const listed = new Map<string, { raw: string; value: T }>();
    ids.forEach((id, i) => {
      const raw = values[i];
      if (raw === null) return;
      const before = this.listed.get(id);
      const entry = before?.raw === raw ? before : { raw, value: JSON.parse(raw) as T };
      listed.set(id, entry);
      members.push(entry.value);
    });
    this.listed = listed;
    return members.sort((a, b) => this.idOf(a).localeCompare(this.idOf(b)));
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}
